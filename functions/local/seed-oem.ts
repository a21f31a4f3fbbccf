/**
 * Demo data for OEM network reporting (rule 21): two OEMs at platform level
 * (一汽-大众 with an East and a South region, 广汽丰田 with an East region), their
 * portal logins, the demo group's stores linked and consenting (Hangzhou linked
 * but not consenting, to show the state), a second dealership group (江南汽车集团)
 * with four Volkswagen stores — three in the East region next to the demo
 * stores, one in the South — and its KPI history, then the KPI jobs run over
 * the last three months so the portal opens on a populated network.
 *
 * The second group has no showroom records, so its day statistics are
 * generated figures (deterministic random, realistic ratios) written with
 * stats.putDayStats. Demo-group days that the reports seed did not cover get
 * generated figures the same way; days it did cover are used as they are.
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { addDays, localDate, newId, oemAddMonths, oemMonthRange } from "@dealeros/core";
import { type DayStats, type Db, identity, inventory, keys, type Store, stats, type User } from "@dealeros/db";
import { type Ctx, hashPassword, oemKpi, oemLinks, oemPlatform } from "@dealeros/services";
import { rng, seedStore } from "./seed-util.ts";

export const OEM_DEMO_PASSWORD = "dealer-demo-2026";

export const OEM_DEMO_LOGINS = [
  { role: "OEM regional rep 厂家区域经理 (FAW-VW East 华东)", email: "east.rep@faw-vw.example.com" },
  { role: "OEM admin 厂家管理员 (FAW-VW, all regions)", email: "admin@faw-vw.example.com" },
  { role: "OEM regional rep 厂家区域经理 (GAC Toyota East 华东)", email: "east.rep@gac-toyota.example.com" },
];

const SECOND_GROUP = [
  { name: "南京江宁大众4S店", city: "南京 Nanjing", region: "east", code: "JS-2101" },
  { name: "无锡新区大众4S店", city: "无锡 Wuxi", region: "east", code: "JS-2102" },
  { name: "宁波鄞州大众4S店", city: "宁波 Ningbo", region: "east", code: "ZJ-3301" },
  { name: "广州天河大众4S店", city: "广州 Guangzhou", region: "south", code: "GD-4401" },
] as const;

const VW = "FAW-Volkswagen";
const TOYOTA = "GAC Toyota";

function adminCtx(db: Db, tenantId: string, userId: string, name: string): Ctx {
  return {
    actor: { tenantId, userId, name, email: "", roles: ["group_admin"], storeIds: [] },
    db,
  };
}

/** A realistic generated day for a store of `size` (1 = average). */
function generatedDay(store: Store, date: string, size: number, rand: () => number): DayStats {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  const weekend = weekday === 0 || weekday === 6 ? 1.6 : 1;
  const walkIns = Math.round((14 + rand() * 18) * size * weekend);
  const newProspects = Math.round(walkIns * (0.35 + rand() * 0.15));
  const testDrives = Math.round(newProspects * (0.4 + rand() * 0.2));
  const orders = Math.round(newProspects * (0.15 + rand() * 0.1));
  const deliveries = Math.max(0, orders + Math.round(rand() * 3) - 1);
  const postCallsDue = deliveries;
  const postCallsDone = Math.round(postCallsDue * (0.75 + rand() * 0.25));
  const complaints = rand() < 0.12 ? 1 : 0;
  const counts = {
    walkIns,
    newProspects,
    testDrives,
    orders,
    orderAmountFen: orders * (16_000_000 + Math.round(rand() * 8_000_000)),
    deliveries,
    appointmentsMade: Math.round(newProspects * 0.6),
    appointmentsKept: Math.round(newProspects * 0.35),
    appointmentsMissed: Math.round(newProspects * 0.1),
    lost: Math.round(newProspects * 0.08),
    postCallsDue,
    postCallsDone,
  };
  const firstVisits = Math.round(walkIns * 0.7);
  return {
    tenantId: store.tenantId,
    storeId: store.storeId,
    date,
    ...counts,
    firstVisits,
    returnVisits: walkIns - firstVisits,
    byConsultant: {},
    bySource: { walk_in: counts },
    byBrand: Object.fromEntries(store.brands.map((b) => [b, counts])),
    lostReasons: counts.lost ? { price: counts.lost } : {},
    complaints,
    complaintsHandledIn12h: complaints && rand() < 0.8 ? 1 : 0,
    detail: [],
    generatedAt: `${date}T16:30:00.000Z`,
  };
}

/** Day statistics from `from` to `to` for a store, generated only for days that have none. */
async function fillDayStats(db: Db, store: Store, from: string, to: string, size: number, rand: () => number) {
  const have = new Set((await stats.listDayStats(db, store.tenantId, store.storeId, from, to)).map((d) => d.date));
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const day = generatedDay(store, d, size, rand);
    if (!have.has(d)) await stats.putDayStats(db, day);
  }
}

async function putTarget(db: Db, store: Store, year: number, brand: string, monthly: number, by: string) {
  const months = Array.from({ length: 12 }, (_, i) =>
    Math.round(monthly * (i === 0 || i === 1 ? 0.8 : i >= 9 ? 1.15 : 1)),
  );
  const ts = new Date().toISOString();
  await db.doc
    .send(
      new PutCommand({
        TableName: db.table,
        Item: {
          ...keys.salesTarget(store.tenantId, store.storeId, year, brand),
          type: "SalesTarget",
          tenantId: store.tenantId,
          storeId: store.storeId,
          year,
          brand,
          annualUnits: months.reduce((a, b) => a + b, 0),
          months,
          consultants: {},
          version: 1,
          createdAt: ts,
          updatedAt: ts,
          createdBy: by,
          updatedBy: by,
        },
        ConditionExpression: "attribute_not_exists(PK)",
      }),
    )
    .catch((e: { name?: string }) => {
      if (e.name !== "ConditionalCheckFailedException") throw e; // the targets seed set one already
    });
}

async function seedStock(db: Db, store: Store, count: number, now: Date, rand: () => number, by: string) {
  for (let i = 0; i < count; i++) {
    const age = Math.floor(rand() * rand() * 200);
    const at = new Date(now.getTime() - age * 86400_000).toISOString();
    const serial = `${store.storeId.slice(-3)}${String(i).padStart(3, "0")}`;
    await inventory.createVehicle(
      db,
      {
        tenantId: store.tenantId,
        storeId: store.storeId,
        vehicleId: newId(),
        vin: `LFV3A28K0N${serial}`.padEnd(17, "0").slice(0, 17),
        checkDigit: "not_used",
        engineNumber: `DSB${serial}`,
        brand: VW,
        modelCode: "MAG",
        modelName: "迈腾 Magotan",
        trimCode: "330",
        trimName: "330TSI 豪华型",
        colourCode: "BK",
        colourName: "深黑珍珠",
        msrp: 23_000_000,
        purchaseCost: 21_000_000,
        currency: "CNY",
        status: "in_stock",
        stockedAt: at,
        version: 1,
        createdAt: at,
        createdBy: by,
        createdByName: "系统导入",
        updatedAt: at,
      },
      { at, by, byName: "系统导入", action: "vehicle.registered", detail: { seed: true } },
    );
  }
}

export async function seedOem(db: Db, ctx: { tenantId: string; stores: Store[]; users: User[]; now: Date }) {
  const rand = rng(20261201);
  const { now } = ctx;
  const opts = { db, now };

  // platform: OEMs, regions, portal logins
  const fawvw = await oemPlatform.createOem({ name: "一汽-大众 FAW-Volkswagen", brands: [VW] }, opts);
  const east = await oemPlatform.addRegion(fawvw.oemId, { name: "华东区 East China" }, opts);
  const south = await oemPlatform.addRegion(fawvw.oemId, { name: "华南区 South China" }, opts);
  const gac = await oemPlatform.createOem({ name: "广汽丰田 GAC Toyota", brands: [TOYOTA] }, opts);
  const gacEast = await oemPlatform.addRegion(gac.oemId, { name: "华东区 East China" }, opts);
  const user = (oemId: string, email: string, name: string, role: string, regionId?: string) =>
    oemPlatform.addUser(
      oemId,
      { email, name, role, password: OEM_DEMO_PASSWORD, ...(regionId ? { regionId } : {}) },
      opts,
    );
  await user(fawvw.oemId, "east.rep@faw-vw.example.com", "沈立群", "regional_rep", east.regionId);
  await user(fawvw.oemId, "south.rep@faw-vw.example.com", "黎嘉欣", "regional_rep", south.regionId);
  await user(fawvw.oemId, "admin@faw-vw.example.com", "邵振华", "oem_admin");
  await user(gac.oemId, "east.rep@gac-toyota.example.com", "韩雅琴", "regional_rep", gacEast.regionId);

  // the demo group: its admin links each brand of each store; Hangzhou stays without consent
  const admin = ctx.users.find((u) => u.roles.includes("group_admin"));
  const demoAdmin = adminCtx(db, ctx.tenantId, admin?.userId ?? newId(), admin?.name ?? "陈建国");
  const codes = ["SH-1101", "ZJ-1201", "JS-1301"];
  for (const [i, store] of ctx.stores.entries()) {
    for (const brand of store.brands) {
      const target =
        brand === VW
          ? { oemId: fawvw.oemId, regionId: east.regionId }
          : { oemId: gac.oemId, regionId: gacEast.regionId };
      const consent = !store.name.includes("杭州");
      await oemLinks.saveLink(demoAdmin, store.storeId, brand, {
        ...target,
        dealerCode: `${codes[i] ?? "XX-0000"}${brand === TOYOTA ? "T" : ""}`,
        consent,
      });
    }
  }

  // a second dealership group in the same regions
  const ts = now.toISOString();
  const tenantId = newId();
  const adminId = newId();
  await identity.createTenantWithAdmin(
    db,
    { tenantId, name: "江南汽车集团 Jiangnan Auto Group", createdAt: ts, createdBy: adminId },
    {
      tenantId,
      userId: adminId,
      email: "admin@jiangnan-auto.example.com",
      name: "钱卫东",
      roles: ["group_admin"],
      storeIds: [],
      active: true,
      version: 1,
      createdAt: ts,
      updatedAt: ts,
      createdBy: adminId,
    },
    await hashPassword(OEM_DEMO_PASSWORD),
  );
  const second: Store[] = [];
  const secondAdmin = adminCtx(db, tenantId, adminId, "钱卫东");
  for (const s of SECOND_GROUP) {
    const store = await seedStore(db, tenantId, { userId: adminId, name: "钱卫东" }, { ...s, brands: [VW] }, ts);
    await oemLinks.saveLink(secondAdmin, store.storeId, VW, {
      oemId: fawvw.oemId,
      regionId: s.region === "east" ? east.regionId : south.regionId,
      dealerCode: s.code,
      consent: true,
    });
    second.push(store);
  }

  // KPI history: three complete months and the current month to yesterday
  const today = localDate(now, "Asia/Shanghai");
  const yesterday = addDays(today, -1);
  const thisMonth = today.slice(0, 7);
  const months = [3, 2, 1].map((n) => oemAddMonths(thisMonth, -n));
  const from = oemMonthRange(months[0]!).from;
  const sizes = [1.3, 0.9, 1.1, 1.2];
  for (const [i, store] of second.entries()) {
    await fillDayStats(db, store, from, yesterday, sizes[i] ?? 1, rand);
    for (const y of new Set([from.slice(0, 4), today.slice(0, 4)]))
      await putTarget(db, store, Number(y), VW, Math.round(70 * (sizes[i] ?? 1)), adminId);
    await seedStock(db, store, 12 + Math.floor(rand() * 10), now, rand, adminId);
  }
  const linked = ctx.stores.filter((s) => !s.name.includes("杭州"));
  for (const store of linked) {
    await fillDayStats(db, store, from, yesterday, 1, rand);
    for (const brand of store.brands)
      for (const y of new Set([from.slice(0, 4), today.slice(0, 4)]))
        await putTarget(
          db,
          store,
          Number(y),
          store.brands.length > 1 ? brand : "*",
          store.brands.length > 1 ? 35 : 70,
          demoAdmin.actor.userId,
        );
  }
  for (const store of [...linked, ...second]) {
    for (const m of months) await oemKpi.kpiMonthly(store, m, { db });
    for (let d = addDays(today, -14); d <= yesterday; d = addDays(d, 1)) await oemKpi.kpiDaily(store, d, { db });
  }
  return { oems: 2, secondGroupStores: second.length };
}
