/**
 * Demo inventory (库存): the group's catalogue for its two brands (FAW-Volkswagen,
 * GAC Toyota) with list prices in fen, and per store 20–30 vehicles by VIN (valid
 * check digits, Chinese WMIs LFV / LVG) spread over every status: on order, in
 * transit, on the lot with arrival dates from today to ~5 months ago (so every
 * aging bucket is filled), allocated, delivered and one wholesaled; one vehicle's
 * keys per store are out for three hours (flagged); one open purchase order per
 * store. Deterministic, written through the db layer.
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { type CatalogueBrand, newId, ON_LOT_STATUSES, vinCheckDigit } from "@dealeros/core";
import { type AuditEntry, type Db, inventory, type Store, type User, type Vehicle } from "@dealeros/db";
import { rng } from "./seed-util.ts";

export const DEMO_CATALOGUE: CatalogueBrand[] = [
  {
    name: "FAW-Volkswagen",
    models: [
      {
        code: "magotan",
        name: "迈腾 Magotan",
        trims: [
          {
            code: "330tsi-lux",
            name: "330TSI 豪华型",
            msrp: 219_900_00,
            colours: [
              { code: "white", name: "极地白 Polar White" },
              { code: "blue", name: "星空蓝 Starry Blue" },
              { code: "black", name: "深黑珍珠 Deep Black" },
            ],
          },
          {
            code: "380tsi-flag",
            name: "380TSI 旗舰型",
            msrp: 259_900_00,
            colours: [
              { code: "white", name: "极地白 Polar White" },
              { code: "black", name: "深黑珍珠 Deep Black" },
            ],
          },
        ],
      },
      {
        code: "tayron",
        name: "探岳 Tayron",
        trims: [
          {
            code: "330tsi-2wd",
            name: "330TSI 两驱豪华智联版",
            msrp: 209_800_00,
            colours: [
              { code: "grey", name: "曜岩灰 Grey" },
              { code: "white", name: "极地白 Polar White" },
            ],
          },
        ],
      },
      {
        code: "id4-crozz",
        name: "ID.4 CROZZ",
        trims: [
          {
            code: "pro",
            name: "Pro 长续航",
            msrp: 199_900_00,
            colours: [
              { code: "white", name: "冰川白 Glacier White" },
              { code: "blue", name: "电光蓝 Electric Blue" },
            ],
          },
        ],
      },
    ],
  },
  {
    name: "GAC Toyota",
    models: [
      {
        code: "camry",
        name: "凯美瑞 Camry",
        trims: [
          {
            code: "2-5hev-lux",
            name: "2.5HEV 豪华版",
            msrp: 227_800_00,
            colours: [
              { code: "pearl", name: "铂金珍珠白 Pearl White" },
              { code: "black", name: "星夜黑 Black" },
            ],
          },
          {
            code: "2-0g",
            name: "2.0G 豪华版",
            msrp: 179_800_00,
            colours: [{ code: "silver", name: "银色 Silver" }],
          },
        ],
      },
      {
        code: "highlander",
        name: "汉兰达 Highlander",
        trims: [
          {
            code: "2-5hev-4wd",
            name: "2.5HEV 四驱尊贵版",
            msrp: 319_800_00,
            colours: [
              { code: "grey", name: "钢铁灰 Grey" },
              { code: "pearl", name: "铂金珍珠白 Pearl White" },
            ],
          },
        ],
      },
      {
        code: "bz4x",
        name: "bZ4X",
        trims: [
          {
            code: "long-range",
            name: "长续航 Pro",
            msrp: 199_800_00,
            colours: [{ code: "blue", name: "天际蓝 Sky Blue" }],
          },
        ],
      },
    ],
  },
];

const WMI: Record<string, string> = { "FAW-Volkswagen": "LFV", "GAC Toyota": "LVG" };
const YEAR = "RST"; // model-year codes 2024–2026
const ALNUM = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";

/** A VIN with a correct check digit: WMI + 5 descriptor chars + check + year + plant + serial. */
export function demoVin(wmi: string, rand: () => number, serial: number): string {
  const pick = () => ALNUM[Math.floor(rand() * ALNUM.length)]!;
  const vds = Array.from({ length: 5 }, pick).join("");
  const body = `${wmi}${vds}0${YEAR[Math.floor(rand() * 3)]}${pick()}${String(serial).padStart(6, "0")}`;
  return `${body.slice(0, 8)}${vinCheckDigit(body)}${body.slice(9)}`;
}

export async function seedInventory(
  db: Db,
  opts: { tenantId: string; stores: Store[]; users: User[]; now: Date },
): Promise<{ vehicles: number }> {
  const { tenantId, now } = opts;
  const rand = rng(5_2026_12);
  const editor = opts.users.find((u) => u.roles.includes("sales_admin")) ??
    opts.users.find((u) => u.roles.includes("general_manager")) ?? { userId: "seed", name: "系统" };
  const ts = now.toISOString();
  const entry = (action: string, detail: Record<string, unknown>, at = ts): AuditEntry => ({
    at,
    by: editor.userId,
    byName: editor.name,
    action,
    detail,
  });
  await inventory.putCatalogue(
    db,
    tenantId,
    { brands: DEMO_CATALOGUE, version: 1, updatedAt: ts, updatedByName: editor.name },
    0,
    entry("catalogue.saved", { brands: DEMO_CATALOGUE.length }),
  );
  let serial = 100_000;
  let count = 0;
  for (const store of opts.stores) {
    const brands = DEMO_CATALOGUE.filter((b) => store.brands.includes(b.name));
    const n = 20 + Math.floor(rand() * 10);
    const consultant = opts.users.find(
      (u) => u.roles.includes("sales_consultant") && u.storeIds.includes(store.storeId),
    );
    let keyGiven = false;
    for (let i = 0; i < n; i++) {
      const brand = brands[Math.floor(rand() * brands.length)]!;
      const model = brand.models[Math.floor(rand() * brand.models.length)]!;
      const trim = model.trims[Math.floor(rand() * model.trims.length)]!;
      const colour = trim.colours[Math.floor(rand() * trim.colours.length)]!;
      // 10% on order, 10% in transit, the rest arrived 0–150 days ago
      const r = rand();
      const status =
        r < 0.1
          ? "on_order"
          : r < 0.2
            ? "in_transit"
            : r < 0.28
              ? "allocated"
              : r < 0.34
                ? "delivered"
                : i === 3
                  ? "wholesaled"
                  : r < 0.38
                    ? "arrived"
                    : "in_stock";
      const days = status === "arrived" ? Math.floor(rand() * 2) : Math.floor(rand() * rand() * 150);
      const stockedAt = new Date(now.getTime() - days * 86_400_000 - rand() * 36_000_000).toISOString();
      const created = new Date(Date.parse(stockedAt) - (20 + rand() * 20) * 86_400_000).toISOString();
      const vin = demoVin(WMI[brand.name]!, rand, serial++);
      const onLotOrGone = status !== "on_order" && status !== "in_transit";
      const v: Vehicle = {
        tenantId,
        storeId: store.storeId,
        vehicleId: newId(),
        vin,
        checkDigit: "valid",
        engineNumber: `${brand.name === "GAC Toyota" ? "A25A" : "DKX"}${String(serial).slice(-6)}`,
        brand: brand.name,
        modelCode: model.code,
        modelName: model.name,
        trimCode: trim.code,
        trimName: trim.name,
        colourCode: colour.code,
        colourName: colour.name,
        msrp: trim.msrp,
        purchaseCost: Math.round((trim.msrp * (0.86 + rand() * 0.06)) / 100) * 100,
        currency: "CNY",
        status,
        ...(onLotOrGone
          ? {
              stockedAt,
              inspection: {
                items: {
                  exterior: i % 9 !== 4,
                  interior: true,
                  glass: true,
                  tyres: true,
                  electrics: true,
                  engine_bay: true,
                  keys: true,
                  documents: true,
                  accessories: true,
                },
                ...(i % 9 === 4 ? { damageNotes: "右前翼子板轻微划痕，已报物流索赔" } : {}),
                at: stockedAt,
                by: editor.userId,
                byName: editor.name,
              },
            }
          : {}),
        ...(status === "wholesaled" ? { wholesale: { buyer: "苏州吴中二级经销商", at: ts } } : {}),
        ...(status === "delivered" ? { deliveredAt: ts } : {}),
        ...(!keyGiven && i >= 5 && ON_LOT_STATUSES.includes(status) && consultant
          ? {
              keyOut: {
                logId: newId(),
                userId: consultant.userId,
                name: consultant.name,
                at: new Date(now.getTime() - 3 * 3_600_000).toISOString(),
                reason: "客户看车",
              },
            }
          : {}),
        version: 1,
        createdAt: created,
        createdBy: editor.userId,
        createdByName: editor.name,
        updatedAt: ts,
      };
      await inventory.createVehicle(db, v, entry("vehicle.registered", { vin, status }, created));
      if (v.keyOut) {
        keyGiven = true;
        await db.doc.send(
          new PutCommand({
            TableName: db.table,
            Item: inventory.keyLogItem(v, { id: v.keyOut.logId, takenBy: v.keyOut }),
          }),
        );
      }
      count++;
    }
    // one open purchase order to the OEM per store: two lines, nothing arrived yet
    const brand = brands[0]!;
    const lines = brand.models.slice(0, 2).map((m, k) => ({
      lineNo: k + 1,
      brand: brand.name,
      modelCode: m.code,
      modelName: m.name,
      trimCode: m.trims[0]!.code,
      trimName: m.trims[0]!.name,
      colourCode: m.trims[0]!.colours[0]!.code,
      colourName: m.trims[0]!.colours[0]!.name,
      quantity: 2 + k,
      received: 0,
    }));
    await inventory.createPurchaseOrder(
      db,
      {
        tenantId,
        storeId: store.storeId,
        poId: newId(),
        lines,
        note: "月度订单",
        createdAt: ts,
        createdBy: editor.userId,
        createdByName: editor.name,
        updatedAt: ts,
      },
      entry("po.raised", { lines: lines.length }),
    );
  }
  return { vehicles: count };
}
