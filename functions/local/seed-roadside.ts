/**
 * Demo roadside calls and referrals (issue 7, H3). Per store: roadside calls of
 * the last two months (dispatch within minutes, arrival within the hour or so,
 * outcomes and charges; most callers are the store's customers, some unknown),
 * one call open right now; and a few new prospect cards referred by customers
 * (老客户转介绍) in the last days, with the referrers' counts and the day
 * statistics refreshed. Deterministic; runs after seedCustomers.
 */
import { addDays, localDate, newId, zonedToUtc } from "@dealeros/core";
import {
  type Customer,
  cancelledConditions,
  customers,
  type Db,
  type Prospect,
  prospects,
  type RoadsideCall,
  roadside,
  type Store,
  type User,
} from "@dealeros/db";
import { reports } from "@dealeros/services";
import { GIVEN, PREFIXES, picker, rng, SURNAMES } from "./seed-util.ts";

const PLACES = [
  "G60 沪昆高速 K23 往杭州方向",
  "中环路 真北路出口",
  "浦东 张江 科苑路 88 号地库",
  "S20 外环 莘庄立交",
  "徐汇 漕溪北路 宜家停车场",
  "G2 京沪高速 安亭收费站",
  "闵行 七宝 万科广场 B2",
];
const PROBLEMS: [string, string, number][] = [
  ["Flat battery, will not start", "Jump-started on site; battery tested OK", 0],
  ["Flat tyre, no spare", "Tyre plugged on site", 150_00],
  ["Warning light, engine in limp mode", "Towed to the workshop; RO opened", 680_00],
  ["Minor accident, front bumper", "Towed to the bodyshop; insurer notified", 800_00],
  ["Locked keys in the car", "Opened with the spare key brought from the store", 200_00],
  ["Out of fuel", "Delivered 10 L of fuel", 100_00],
];

export async function seedRoadside(
  db: Db,
  opts: { tenantId: string; stores: Store[]; users: User[]; now: Date },
): Promise<{ calls: number; referred: number }> {
  const { tenantId, now } = opts;
  const rand = rng(7_2026_33);
  const pick = picker(rand);
  let calls = 0;
  let referred = 0;
  for (const store of opts.stores) {
    const staff = opts.users.filter((u) => u.storeIds.includes(store.storeId) && u.active);
    const advisor = staff.find((u) => u.roles.includes("service_advisor")) ?? staff[0]!;
    const techs = staff.filter((u) => u.roles.includes("service_advisor") || u.roles.includes("general_manager"));
    const consultants = staff.filter((u) => u.roles.includes("sales_consultant"));
    const known = (await customers.searchStoreCustomers(db, tenantId, store.storeId, { limit: 60 })).items;
    if (!known.length || !techs.length) continue;
    const today = localDate(now, store.timeZone);

    // 1. calls of the last two months (about one every 4 days), the newest still open
    const days = 60;
    for (let back = days; back >= 1; back -= 3 + Math.floor(rand() * 3)) {
      const date = addDays(today, -back);
      const hh = String(7 + Math.floor(rand() * 14)).padStart(2, "0");
      const mm = String(Math.floor(rand() * 60)).padStart(2, "0");
      const calledAt = zonedToUtc(date, `${hh}:${mm}`, store.timeZone);
      const min = (m: number) => new Date(calledAt.getTime() + m * 60_000).toISOString();
      const dispatch = 4 + Math.round(rand() * 30);
      const arrive = dispatch + 15 + Math.round(rand() * 60);
      const done = arrive + 20 + Math.round(rand() * 60);
      const [problem, outcome, chargeFen] = pick(PROBLEMS);
      const c = rand() < 0.8 ? pick(known) : undefined;
      const tech = pick(techs);
      const call: RoadsideCall = {
        ...callBase(tenantId, store, c, rand, pick, calledAt.toISOString(), problem, advisor),
        status: "done",
        dispatchedAt: min(dispatch),
        arrivedAt: min(arrive),
        doneAt: min(done),
        technicianId: tech.userId,
        technicianName: tech.name,
        ...(chargeFen >= 680_00 ? { tow: "平安救援拖车 沪B·T2817" } : {}),
        outcome,
        chargeFen,
        version: 4,
        updatedAt: min(done),
      };
      await roadside.createRoadsideCall(db, call, {
        at: call.calledAt,
        by: advisor.userId,
        byName: advisor.name,
        action: "roadside.called",
        detail: { location: call.location, demo: true },
      });
      calls++;
    }
    // the open call: 25 minutes ago, a technician on the way
    const calledAt = new Date(now.getTime() - 25 * 60_000).toISOString();
    const tech = pick(techs);
    const open: RoadsideCall = {
      ...callBase(
        tenantId,
        store,
        pick(known),
        rand,
        pick,
        calledAt,
        "Car stopped on the highway, will not restart",
        advisor,
      ),
      location: PLACES[0]!,
      status: "dispatched",
      dispatchedAt: new Date(now.getTime() - 17 * 60_000).toISOString(),
      technicianId: tech.userId,
      technicianName: tech.name,
      tow: "平安救援拖车 沪B·T2817",
      version: 2,
    };
    await roadside.createRoadsideCall(db, open, {
      at: calledAt,
      by: advisor.userId,
      byName: advisor.name,
      action: "roadside.called",
      detail: { location: open.location },
    });
    calls++;

    // 2. new prospect cards referred by customers (老客户转介绍) in the last days
    if (!consultants.length) continue;
    const referrers = known.filter((c) => c.origin === "sales").slice(0, 3);
    const dates = new Set<string>();
    for (const [i, ref] of referrers.entries()) {
      const fresh = (await customers.getCustomer(db, tenantId, ref.customerId))!;
      const owner =
        fresh.ownerId && consultants.find((u) => u.userId === fresh.ownerId)
          ? consultants.find((u) => u.userId === fresh.ownerId)!
          : pick(consultants);
      // today and the days before, within this month (the month's referral rate shows them)
      const date = [addDays(today, -i), `${today.slice(0, 7)}-01`].sort()[1]!;
      const at = new Date(
        Math.min(zonedToUtc(date, "10:30", store.timeZone).getTime() + i * 60_000, now.getTime() - 60 * 60_000),
      ).toISOString();
      const name = `${pick(SURNAMES)}${pick(GIVEN)}`;
      const p: Prospect = prospects.newCard(
        {
          tenantId,
          storeId: store.storeId,
          prospectId: newId(),
          name,
          mobile: pick(PREFIXES) + String(Math.floor(rand() * 1e8)).padStart(8, "0"),
          gender: "unknown",
          source: "referral",
          intendedModel: fresh.vehicles[0]?.modelName,
          note: `${fresh.name} 介绍`,
          referral: { customerId: fresh.customerId, name: fresh.name },
          ownerId: owner.userId,
          ownerName: owner.name,
          origin: { kind: "manual" },
          createdBy: owner.userId,
          createdByName: owner.name,
        },
        at,
      );
      const next: Customer = {
        ...fresh,
        referrals: (fresh.referrals ?? 0) + 1,
        version: fresh.version + 1,
        updatedAt: at,
      };
      try {
        await prospects.createProspect(
          db,
          p,
          {
            at,
            by: owner.userId,
            byName: owner.name,
            action: "prospect.created",
            detail: { owner: owner.name, referredBy: fresh.name },
          },
          undefined,
          customers.updateCustomerWrites(db, next, fresh.version, today, {
            at,
            by: owner.userId,
            byName: owner.name,
            action: "customer.referred",
            detail: { prospect: name, owner: owner.name, prospectId: p.prospectId },
          }),
        );
        referred++;
        dates.add(localDate(at, store.timeZone));
      } catch (e) {
        if (!cancelledConditions(e)?.length) throw e; // a mobile already taken: skip this one
      }
    }
    for (const date of dates) await reports.refreshDayStats(store, date, { db, now });
  }
  return { calls, referred };
}

function callBase(
  tenantId: string,
  store: Store,
  c: Customer | undefined,
  rand: () => number,
  pick: <T>(xs: readonly T[]) => T,
  calledAt: string,
  problem: string,
  advisor: User,
): Omit<RoadsideCall, "status" | "version" | "updatedAt"> & { version: number; updatedAt: string } {
  const v = c?.vehicles[0];
  return {
    tenantId,
    storeId: store.storeId,
    callId: newId(),
    ...(c ? { customerId: c.customerId } : {}),
    name: c?.name ?? `${pick(SURNAMES)}先生`,
    ...(c?.mobile ? { mobile: c.mobile } : { mobile: `139${String(Math.floor(rand() * 1e8)).padStart(8, "0")}` }),
    location: pick(PLACES),
    ...(v?.plate ? { plate: v.plate } : {}),
    ...(v ? { vin: v.vin, vehicleLabel: [v.modelName, v.plate].filter(Boolean).join(" · ") } : {}),
    problem,
    calledAt,
    version: 1,
    createdAt: calledAt,
    createdBy: advisor.userId,
    createdByName: advisor.name,
    updatedAt: calledAt,
  };
}
