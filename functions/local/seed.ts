/**
 * The demo tenant: a dealership group with 3 stores in Chinese cities, 2 brands,
 * 18 staff across every role and 14 days of walk-ins (Chinese names, valid 1xx
 * mobiles), assigned by the real rotation rule. Deterministic (seeded random).
 */

import { PutCommand } from "@aws-sdk/lib-dynamodb";
import {
  addDays,
  chooseConsultant,
  explainAssignment,
  localDate,
  newId,
  normalizeCnMobile,
  type Role,
  zonedToUtc,
} from "@dealeros/core";
import { type Db, identity, keys, type Store, showroom, type User, type WalkIn } from "@dealeros/db";
import { hashPassword, jobs } from "@dealeros/services";
import { seedComplaints } from "./seed-complaints.ts";
import { seedCustomers } from "./seed-customers.ts";
import { seedDealers } from "./seed-dealers.ts";
import { seedDelivery } from "./seed-delivery.ts";
import { seedEvents } from "./seed-events.ts";
import { seedFollowUps } from "./seed-followups.ts";
import { seedInventory } from "./seed-inventory.ts";
import { seedLeads } from "./seed-leads.ts";
import { OEM_DEMO_LOGINS, seedOem } from "./seed-oem.ts";
import { seedProspectList } from "./seed-prospectlist.ts";
import { seedQuotes } from "./seed-quotes.ts";
import { seedRepairOrders } from "./seed-repair.ts";
import { seedReports } from "./seed-reports.ts";
import { seedRoadside } from "./seed-roadside.ts";
import { seedRoster } from "./seed-roster.ts";
import { seedService } from "./seed-service.ts";
import { seedTargets } from "./seed-targets.ts";
import { seedTestDrives } from "./seed-testdrives.ts";
import { GIVEN, MODELS, PREFIXES, picker, rng, SOURCE_WEIGHTS, SURNAMES, seedStore } from "./seed-util.ts";

export const DEMO_PASSWORD = "dealer-demo-2026";
export const DEMO_DOMAIN = "huadong-auto.example.com";

interface StaffSeed {
  key: string;
  name: string;
  roles: Role[];
  stores: number[];
}

const STAFF: StaffSeed[] = [
  { key: "admin", name: "陈建国", roles: ["group_admin"], stores: [] },
  { key: "gm", name: "王丽华", roles: ["general_manager"], stores: [0] },
  { key: "manager", name: "刘强", roles: ["sales_manager"], stores: [0] },
  { key: "reception", name: "张敏", roles: ["receptionist"], stores: [0] },
  { key: "li.na", name: "李娜", roles: ["sales_consultant"], stores: [0] },
  { key: "wang.wei", name: "王伟", roles: ["sales_consultant"], stores: [0] },
  { key: "zhao.lei", name: "赵磊", roles: ["sales_consultant"], stores: [0] },
  { key: "sun.yue", name: "孙悦", roles: ["sales_consultant"], stores: [0] },
  { key: "salesadmin", name: "周芳", roles: ["sales_admin"], stores: [0, 1, 2] },
  { key: "service", name: "吴涛", roles: ["service_advisor"], stores: [0] },
  { key: "hz.manager", name: "许明", roles: ["sales_manager"], stores: [1] },
  { key: "hz.reception", name: "郑雪", roles: ["receptionist"], stores: [1] },
  { key: "he.jing", name: "何静", roles: ["sales_consultant"], stores: [1] },
  { key: "feng.tao", name: "冯涛", roles: ["sales_consultant"], stores: [1] },
  { key: "guo.jie", name: "郭杰", roles: ["sales_consultant"], stores: [1] },
  { key: "sz.reception", name: "林佳", roles: ["receptionist"], stores: [2] },
  { key: "gao.fei", name: "高飞", roles: ["sales_consultant"], stores: [2] },
  { key: "ma.li", name: "马丽", roles: ["sales_consultant", "sales_manager"], stores: [2] },
];

export const DEMO_LOGINS = [
  { role: "Group admin 集团管理员", email: `admin@${DEMO_DOMAIN}` },
  { role: "General manager 总经理 (Shanghai)", email: `gm@${DEMO_DOMAIN}` },
  { role: "Sales manager 销售经理 (Shanghai)", email: `manager@${DEMO_DOMAIN}` },
  { role: "Receptionist 前台 (Shanghai)", email: `reception@${DEMO_DOMAIN}` },
  { role: "Sales consultant 销售顾问 (Shanghai)", email: `li.na@${DEMO_DOMAIN}` },
  { role: "Sales admin 销售内勤 (all stores)", email: `salesadmin@${DEMO_DOMAIN}` },
  { role: "Service advisor 服务顾问 (Shanghai)", email: `service@${DEMO_DOMAIN}` },
  ...OEM_DEMO_LOGINS,
];

export async function isSeeded(db: Db): Promise<boolean> {
  const { login } = await identity.getLogin(db, `admin@${DEMO_DOMAIN}`);
  return !!login;
}

export async function seedDemo(db: Db, now = new Date()): Promise<{ walkIns: number }> {
  const rand = rng(20261126);
  const pick = picker(rand);
  const tenantId = newId();
  const ts = now.toISOString();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const admin = STAFF[0]!;
  const adminId = newId();
  const user = (s: StaffSeed, id: string, storeIds: string[]): User => ({
    tenantId,
    userId: id,
    email: `${s.key}@${DEMO_DOMAIN}`,
    name: s.name,
    roles: s.roles,
    storeIds,
    active: true,
    version: 1,
    createdAt: ts,
    updatedAt: ts,
    createdBy: adminId,
  });
  await identity.createTenantWithAdmin(
    db,
    { tenantId, name: "华东汽车集团 East China Auto Group", createdAt: ts, createdBy: adminId },
    user(admin, adminId, []),
    passwordHash,
  );

  const storeSeeds = [
    { name: "上海浦东大众4S店", city: "上海 Shanghai", brands: ["FAW-Volkswagen"] },
    { name: "杭州西湖丰田4S店", city: "杭州 Hangzhou", brands: ["GAC Toyota"] },
    { name: "苏州园区汽车城", city: "苏州 Suzhou", brands: ["FAW-Volkswagen", "GAC Toyota"] },
  ];
  const storeList: Store[] = [];
  for (const s of storeSeeds) {
    const store = await seedStore(db, tenantId, { userId: adminId, name: admin.name }, s, ts);
    storeList.push(store);
  }

  const users: User[] = [];
  for (const s of STAFF.slice(1)) {
    const u = user(
      s,
      newId(),
      s.stores.map((i) => storeList[i]!.storeId),
    );
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: {
          ...keys.login(u.email),
          type: "Login",
          email: u.email,
          tenantId,
          userId: u.userId,
          passwordHash,
          active: true,
        },
      }),
    );
    await db.doc.send(
      new PutCommand({ TableName: db.table, Item: { ...keys.user(tenantId, u.userId), type: "User", ...u } }),
    );
    users.push(u);
  }
  const receptionistOf = (storeId: string) =>
    users.find((u) => u.roles.includes("receptionist") && u.storeIds.includes(storeId))!;

  let count = 0;
  const today = localDate(now, "Asia/Shanghai");
  for (const store of storeList) {
    const consultants = users.filter((u) => u.roles.includes("sales_consultant") && u.storeIds.includes(store.storeId));
    const reception = receptionistOf(store.storeId);
    const lastServed = new Map<string, { userId: string; name: string }>();
    const knownMobiles: { mobile: string; name: string }[] = [];
    for (let d = 13; d >= 0; d--) {
      const date = addDays(today, -d);
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      // duty: most consultants check in between 08:40 and 09:20
      const onDutyToday = consultants.filter((_, i) =>
        d === 0 ? i < Math.max(2, consultants.length - 1) : rand() > 0.15 || i < 2,
      );
      const duty = onDutyToday.map((c, i) => ({
        userId: c.userId,
        name: c.name,
        checkedInAt: zonedToUtc(date, `08:${String(40 + i * 7).padStart(2, "0")}`, store.timeZone).toISOString(),
      }));
      for (const dd of duty) {
        await showroom.setDuty(db, tenantId, store.storeId, date, dd.userId, {
          name: dd.name,
          onDuty: true,
          checkedInAt: dd.checkedInAt,
          changedBy: dd.userId,
          updatedAt: dd.checkedInAt,
        });
      }
      const weekend = weekday === 0 || weekday === 6;
      const visits = Math.round((weekend ? 22 : 12) * (0.8 + rand() * 0.4));
      const times = Array.from({ length: visits }, () => 9 * 60 + Math.floor(rand() * 540)).sort((a, b) => a - b);
      let pointer: { lastUserId?: string; lastCheckedInAt?: string } | null = null;
      let version = 0;
      for (const minute of times) {
        const arrived = zonedToUtc(
          date,
          `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`,
          store.timeZone,
        );
        if (arrived.getTime() > now.getTime()) break;
        const isReturn = knownMobiles.length > 5 && rand() < 0.22;
        const known = isReturn ? pick(knownMobiles) : null;
        let mobile = known?.mobile;
        if (!mobile && rand() < 0.75) {
          do mobile = pick(PREFIXES) + String(Math.floor(rand() * 1e8)).padStart(8, "0");
          while (!normalizeCnMobile(mobile));
        }
        const name =
          known?.name ??
          (rand() < 0.8 ? `${pick(SURNAMES)}${pick(["先生", "女士"])}` : `${pick(SURNAMES)}${pick(GIVEN)}`);
        const returning = known ? lastServed.get(known.mobile)?.userId : undefined;
        const decision = chooseConsultant({ onDuty: duty, pointer, returningConsultantId: returning });
        const stay = 20 + Math.floor(rand() * 100);
        const departed = new Date(arrived.getTime() + stay * 60000);
        const created = arrived.toISOString();
        const w: WalkIn = {
          tenantId,
          storeId: store.storeId,
          walkInId: newId(),
          date,
          arrivedAt: created,
          ...(departed.getTime() < now.getTime() ? { departedAt: departed.toISOString() } : {}),
          partySize: 1 + Math.floor(rand() * rand() * 5),
          visitType: known ? "return" : "first",
          source: known ? "walk_in" : weightedSource(rand()),
          customerName: name,
          mobile,
          intendedModel: pick(MODELS[pick(store.brands)]!),
          assignment: {
            userId: decision.userId,
            name: decision.name,
            reasonCode: decision.reasonCode,
            reasonParams: decision.reasonParams,
            reasonText: explainAssignment(decision),
            assignedAt: created,
            assignedBy: reception.userId,
          },
          version: 1,
          createdAt: created,
          createdBy: reception.userId,
          createdByName: reception.name,
          updatedAt: created,
        };
        await showroom.insertWalkIn(
          db,
          w,
          {
            at: created,
            by: reception.userId,
            byName: reception.name,
            action: "walkin.logged",
            detail: { assignedTo: decision.name, reason: w.assignment.reasonText },
          },
          {
            advance: decision.advancesRotation,
            readVersion: version,
            checkedInAt: duty.find((x) => x.userId === decision.userId)?.checkedInAt,
          },
        );
        if (decision.advancesRotation) {
          pointer = {
            lastUserId: decision.userId!,
            lastCheckedInAt: duty.find((x) => x.userId === decision.userId)?.checkedInAt,
          };
          version += 1;
        }
        if (mobile && decision.userId) {
          lastServed.set(mobile, { userId: decision.userId, name: decision.name! });
          if (!known) knownMobiles.push({ mobile, name });
        }
        count++;
      }
      if (d > 0) await jobs.trafficSnapshot(store, date, { db });
    }
  }
  await seedComplaints(db, { tenantId, stores: storeList, users, now });
  await seedFollowUps(db, { tenantId, stores: storeList, users, now });
  await seedTestDrives(db, { tenantId, stores: storeList, users, now });
  await seedProspectList(db, { tenantId, stores: storeList, users, now });
  await seedRoster(db, { tenantId, stores: storeList, users, now });
  await seedInventory(db, { tenantId, stores: storeList, users, now });
  await seedLeads(db, { tenantId, stores: storeList, users, now });
  await seedQuotes(db, { tenantId, stores: storeList, users, now });
  await seedDelivery(db, { tenantId, stores: storeList, users, now });
  await seedDealers(db, { tenantId, stores: storeList, users, now });
  await seedReports(db, { tenantId, stores: storeList, users, now });
  await seedTargets(db, { tenantId, stores: storeList, users, now });
  await seedOem(db, { tenantId, stores: storeList, users, now });
  // after-sales (issue 7): customers first — the service, repair, roadside and retention seeds use them
  await seedCustomers(db, { tenantId, stores: storeList, users, now });
  await seedService(db, { tenantId, stores: storeList, users, now });
  await seedRepairOrders(db, { tenantId, stores: storeList, users, now });
  await seedRoadside(db, { tenantId, stores: storeList, users, now });
  // retention (issue 7, H4): events with invitations, then the retention job of the demo day
  await seedEvents(db, { tenantId, stores: storeList, users, now });
  return { walkIns: count };
}

function weightedSource(r: number): WalkIn["source"] {
  const total = SOURCE_WEIGHTS.reduce((n, [, w]) => n + w, 0);
  let x = r * total;
  for (const [s, w] of SOURCE_WEIGHTS) {
    x -= w;
    if (x <= 0) return s;
  }
  return "walk_in";
}
