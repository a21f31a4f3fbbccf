/**
 * Demo after-sales customers (issue 7): every car the demo delivered becomes a
 * customer of its store (as a delivery does), plus customers who bought here
 * before the system (the last four years, with loans, insurance renewals,
 * birthdays and service history) and workshop-only customers who bought
 * elsewhere. A few are repeat buyers, a few were referred by another customer,
 * and some loans end next month, so the retention job has work on day one.
 * Deterministic; one transaction per customer.
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { addDays, addMonths, localDate, newId } from "@dealeros/core";
import {
  type Contract,
  type Customer,
  type CustomerVehicle,
  customers,
  type Db,
  keys,
  type Store,
  type User,
} from "@dealeros/db";
import { demoVin } from "./seed-inventory.ts";
import { GIVEN, MODELS, PREFIXES, picker, rng, SURNAMES } from "./seed-util.ts";

const PLATE_PREFIX: Record<number, string> = { 0: "沪A", 1: "浙A", 2: "苏E" };
const WMI: Record<string, string> = { "FAW-Volkswagen": "LFV", "GAC Toyota": "LVG" };
const PLATE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";

/** How many generated customers per store (besides the demo's deliveries). */
export const DEMO_CUSTOMERS_PER_STORE = 80;

async function deliveredContracts(db: Db, tenantId: string, storeId: string): Promise<Contract[]> {
  const out: Contract[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db.doc.send(
      new QueryCommand({
        TableName: db.table,
        IndexName: "GSI1",
        KeyConditionExpression: "GSI1PK = :pk",
        ExpressionAttributeValues: { ":pk": keys.storeContracts(tenantId, storeId) },
        ExclusiveStartKey: start,
      }),
    );
    out.push(...((r.Items ?? []) as unknown as Contract[]).filter((c) => c.state === "delivered"));
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}

export async function seedCustomers(
  db: Db,
  opts: { tenantId: string; stores: Store[]; users: User[]; now: Date },
): Promise<{ customers: number }> {
  const { tenantId, now } = opts;
  const rand = rng(7_2026_11);
  const pick = picker(rand);
  const at = now.toISOString();
  let count = 0;
  let serial = 500_000;
  for (const [storeIndex, store] of opts.stores.entries()) {
    const today = localDate(now, store.timeZone);
    const consultants = opts.users.filter(
      (u) => u.roles.includes("sales_consultant") && u.storeIds.includes(store.storeId),
    );
    const advisor =
      opts.users.find((u) => u.roles.includes("service_advisor") && u.storeIds.includes(store.storeId)) ??
      consultants[0]!;
    const plates = new Set<string>();
    const plate = () => {
      let p: string;
      do
        p = `${PLATE_PREFIX[storeIndex] ?? "沪A"}${Array.from({ length: 5 }, () => PLATE_CHARS[Math.floor(rand() * PLATE_CHARS.length)]).join("")}`;
      while (plates.has(p));
      plates.add(p);
      return p;
    };
    const mobiles = new Set<string>();
    const mobile = () => {
      let m: string;
      do m = pick(PREFIXES) + String(Math.floor(rand() * 1e8)).padStart(8, "0");
      while (mobiles.has(m));
      mobiles.add(m);
      return m;
    };
    const birthday = () =>
      `${String(1 + Math.floor(rand() * 12)).padStart(2, "0")}-${String(1 + Math.floor(rand() * 28)).padStart(2, "0")}`;
    const write = async (c: Customer) => {
      await customers.transact(
        db,
        customers.createCustomerWrites(db, c, today, {
          at,
          by: c.createdBy,
          byName: c.createdByName,
          action: "customer.created",
          detail: { origin: c.origin, demo: true },
        }),
      );
      count++;
    };

    // 1. the demo's own deliveries become customers (those not made through the delivery service)
    const byMobile = new Map<string, Customer>();
    for (const k of await deliveredContracts(db, tenantId, store.storeId)) {
      const deliveredOn = localDate(k.delivery?.deliveredAt ?? at, store.timeZone);
      const vin = k.allocation?.vin ?? demoVin(WMI[k.vehicle.brand] ?? "LFV", rand, serial++);
      const vehicle: CustomerVehicle = {
        vin,
        brand: k.vehicle.brand,
        modelName: k.vehicle.modelName,
        trimName: k.vehicle.trimName,
        ...(k.vehicle.colourName ? { colourName: k.vehicle.colourName } : {}),
        purchasedOn: deliveredOn,
        contractId: k.contractId,
        contractNo: k.contractNo,
        ...(k.finance ? { loanEndsOn: addMonths(deliveredOn, k.finance.termMonths) } : {}),
        insuranceRenewsOn: addMonths(deliveredOn, 12),
        mileageKm: 10,
        mileageOn: deliveredOn,
      };
      const existing = k.customerMobile ? byMobile.get(k.customerMobile) : undefined;
      if (existing) continue; // one demo customer per mobile; the repeat buyers come below
      // a delivery made through the delivery service already made its customer
      if (await customers.claimedBy(db, keys.customerVin(tenantId, vin))) continue;
      if (
        k.customerMobile &&
        (await customers.claimedBy(db, keys.customerMobileClaim(tenantId, store.storeId, k.customerMobile)))
      )
        continue;
      const c = customers.customerAfterDelivery(undefined, {
        tenantId,
        storeId: store.storeId,
        customerId: newId(),
        prospectId: k.prospectId,
        name: k.customerName,
        ...(k.customerMobile ? { mobile: k.customerMobile } : {}),
        ownerId: k.consultantId,
        ownerName: k.consultantName,
        vehicle,
        at,
        by: k.consultantId,
        byName: k.consultantName,
      });
      if (k.customerMobile) byMobile.set(k.customerMobile, c);
      await write({ ...c, birthday: birthday() });
    }

    // 2. customers from before the system, and workshop-only customers
    const made: Customer[] = [];
    for (let i = 0; i < DEMO_CUSTOMERS_PER_STORE; i++) {
      const boughtHere = i % 5 !== 4;
      const owner = boughtHere ? pick(consultants) : advisor;
      const brand = pick(store.brands);
      const yearsAgo = 0.3 + rand() * 3.6;
      const purchasedOn = addDays(today, -Math.round(yearsAgo * 365));
      const km = Math.round(yearsAgo * (9_000 + rand() * 14_000));
      const lastServiceDays = Math.round(30 + rand() * 200);
      const termMonths = pick([12, 24, 36, 36, 48]);
      // every tenth bought-here customer's loan ends next month (the retention job reminds them)
      const loanEndsOn =
        boughtHere && i % 10 === 0
          ? addDays(today, 20 + (i % 7))
          : boughtHere && rand() < 0.45
            ? addMonths(purchasedOn, termMonths)
            : undefined;
      const vehicles: CustomerVehicle[] = [
        {
          vin: demoVin(WMI[brand] ?? "LFV", rand, serial++),
          plate: plate(),
          brand,
          modelName: pick(MODELS[brand]!),
          ...(boughtHere ? { purchasedOn } : {}),
          ...(loanEndsOn ? { loanEndsOn } : {}),
          insuranceRenewsOn: addMonths(purchasedOn, 12 * Math.ceil(yearsAgo)),
          lastServiceOn: addDays(today, -lastServiceDays),
          lastServiceKm: Math.max(0, km - Math.round(lastServiceDays * 35)),
          mileageKm: km,
          mileageOn: addDays(today, -lastServiceDays),
        },
      ];
      // a few repeat buyers: a second, newer car bought here
      const repeat = boughtHere && i % 9 === 1;
      if (repeat) {
        const second = pick(store.brands);
        vehicles.push({
          vin: demoVin(WMI[second] ?? "LFV", rand, serial++),
          plate: plate(),
          brand: second,
          modelName: pick(MODELS[second]!),
          purchasedOn: addDays(today, -Math.round(rand() * 200 + 30)),
          insuranceRenewsOn: addDays(today, Math.round(rand() * 300 + 30)),
          mileageKm: Math.round(rand() * 6_000),
          mileageOn: addDays(today, -10),
        });
      }
      const referrer = made.length > 10 && i % 8 === 3 ? made[Math.floor(rand() * made.length)] : undefined;
      const name = `${pick(SURNAMES)}${pick(GIVEN)}`;
      const c: Customer = {
        tenantId,
        storeId: store.storeId,
        customerId: newId(),
        name,
        mobile: mobile(),
        birthday: i === 0 ? today.slice(5) : birthday(),
        gender: rand() < 0.5 ? "male" : "female",
        ownerId: owner.userId,
        ownerName: owner.name,
        advisorId: advisor.userId,
        advisorName: advisor.name,
        origin: boughtHere ? "sales" : "service",
        prospectIds: [],
        purchases: boughtHere ? vehicles.length : 0,
        repeatBuyer: boughtHere && vehicles.length >= 2,
        ...(referrer ? { referredBy: { customerId: referrer.customerId, name: referrer.name } } : {}),
        referrals: 0,
        vehicles,
        lastVisitOn: addDays(today, -lastServiceDays),
        version: 1,
        createdAt: at,
        createdBy: owner.userId,
        createdByName: owner.name,
        updatedAt: at,
      };
      made.push(c);
      await write(c);
    }
    // referrers' counts (after the fact: the referred ones were written above)
    const referred = new Map<string, number>();
    for (const c of made)
      if (c.referredBy) referred.set(c.referredBy.customerId, (referred.get(c.referredBy.customerId) ?? 0) + 1);
    for (const [customerId, n] of referred) {
      const c = made.find((m) => m.customerId === customerId)!;
      await customers.transact(
        db,
        customers.updateCustomerWrites(db, { ...c, referrals: n, version: c.version + 1 }, c.version, today),
      );
    }
  }
  return { customers: count };
}
