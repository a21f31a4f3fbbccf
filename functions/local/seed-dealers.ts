/**
 * Demo secondary dealers (二级网点) of the Shanghai store and last month's
 * month-end: two dealers with a ledger (vehicles wholesaled last month and this
 * month, payments received), then the month-end of last month run by the same
 * code as the job; every discrepancy it finds is resolved with a note except
 * one dealer's unpaid wholesale, left open for the sales admin. Through the
 * services the pages use (a few dozen writes, deterministic).
 */
import { addDays, localDate, newId } from "@dealeros/core";
import { type Db, inventory, type Store, type User, type Vehicle } from "@dealeros/db";
import { type Ctx, dealers, monthEnd } from "@dealeros/services";
import { DEMO_CATALOGUE, demoVin } from "./seed-inventory.ts";
import { rng } from "./seed-util.ts";

const DAY = 86_400_000;

export async function seedDealers(
  db: Db,
  opts: { tenantId: string; stores: Store[]; users: User[]; now: Date },
): Promise<{ dealers: number; entries: number; openDiscrepancies: number }> {
  const { tenantId, now } = opts;
  const shanghai = opts.stores[0];
  const admin = opts.users.find((u) => u.email.startsWith("salesadmin@"));
  if (!shanghai || !admin) return { dealers: 0, entries: 0, openDiscrepancies: 0 };
  const rand = rng(19_2026_19);
  const ctx: Ctx = {
    actor: {
      tenantId,
      userId: admin.userId,
      name: admin.name,
      email: admin.email,
      roles: admin.roles,
      storeIds: admin.storeIds,
    },
    store: shanghai,
    db,
  };
  const tz = shanghai.timeZone;
  const today = localDate(now, tz);
  const firstOfMonth = `${today.slice(0, 7)}-01`;
  const lastMonth = addDays(firstOfMonth, -1).slice(0, 7);
  const day = (d: number) => `${lastMonth}-${String(d).padStart(2, "0")}`;

  // five Tayron / Sagitar stock vehicles bought for the sub-dealer channel, on the lot for two months
  const brand = DEMO_CATALOGUE.find((b) => b.name === "FAW-Volkswagen")!;
  const model = brand.models[brand.models.length - 1]!;
  const trim = model.trims[0]!;
  const vehicles: Vehicle[] = [];
  for (let i = 0; i < 5; i++) {
    const colour = trim.colours[i % trim.colours.length]!;
    const stockedAt = new Date(now.getTime() - (62 + i) * DAY).toISOString();
    const v: Vehicle = {
      tenantId,
      storeId: shanghai.storeId,
      vehicleId: newId(),
      vin: demoVin("LFV", rand, 950_000 + i),
      checkDigit: "valid",
      engineNumber: `DUK${950_000 + i}`,
      brand: brand.name,
      modelCode: model.code,
      modelName: model.name,
      trimCode: trim.code,
      trimName: trim.name,
      colourCode: colour.code,
      colourName: colour.name,
      msrp: trim.msrp,
      purchaseCost: Math.round(trim.msrp * 0.88),
      currency: "CNY",
      status: "in_stock",
      stockedAt,
      version: 1,
      createdAt: stockedAt,
      createdBy: admin.userId,
      createdByName: admin.name,
      updatedAt: stockedAt,
    };
    await inventory.createVehicle(db, v, {
      at: stockedAt,
      by: admin.userId,
      byName: admin.name,
      action: "vehicle.registered",
      detail: { vin: v.vin, status: "in_stock", channel: "二级网点" },
    });
    vehicles.push(v);
  }
  const price = Math.round((trim.msrp * 0.9) / 100) * 100;

  const wuzhong = await dealers.createDealer(ctx, shanghai.storeId, {
    name: "苏州吴中恒通汽车销售",
    contactName: "张建国",
    phone: "0512-65581234",
    creditLimitFen: 800_000_00,
    note: "月结，次月 25 日前回款",
  });
  const kunshan = await dealers.createDealer(ctx, shanghai.storeId, {
    name: "昆山车友二级网点",
    contactName: "李娟",
    phone: "13962612345",
    creditLimitFen: 400_000_00,
  });
  let entries = 0;
  const wholesale = async (d: { dealerId: string }, v: Vehicle, date: string) => {
    await dealers.wholesaleVehicle(ctx, shanghai.storeId, d.dealerId, {
      vehicleId: v.vehicleId,
      priceFen: price,
      date,
    });
    entries++;
  };
  const pay = async (d: { dealerId: string }, amountFen: number, date: string, reference: string) => {
    await dealers.recordDealerPayment(ctx, shanghai.storeId, d.dealerId, {
      amountFen,
      method: "bank_transfer",
      reference,
      date,
    });
    entries++;
  };
  // last month: 吴中 picks up two, pays for one (the second stays open at month end); 昆山 one, paid in full
  await wholesale(wuzhong, vehicles[0]!, day(6));
  await wholesale(kunshan, vehicles[1]!, day(12));
  await wholesale(wuzhong, vehicles[2]!, day(20));
  await pay(wuzhong, price, day(25), "ICBC-20261025-001");
  await pay(kunshan, price, day(27), "ABC-20261027-017");
  // this month: 吴中 pays half of the open one; 昆山 picks up another
  const thisMonthDay = today > firstOfMonth ? addDays(firstOfMonth, 1) : today;
  await pay(wuzhong, price / 2, thisMonthDay, "ICBC-20261102-004");
  await wholesale(kunshan, vehicles[3]!, today);

  // last month's month-end, as the job runs it; everything but the unpaid wholesale checked off
  await monthEnd.monthEndForStore(shanghai, lastMonth, { db, now });
  const page = await monthEnd.getMonthEnd(ctx, shanghai.storeId, lastMonth);
  let open = 0;
  for (const d of page.discrepancies) {
    if (d.kind === "wholesale_unpaid" && d.record.id === wuzhong.dealerId) {
      open++;
      continue;
    }
    await monthEnd.actOnDiscrepancy(ctx, shanghai.storeId, lastMonth, d.key, {
      action: "resolve",
      note: "已与财务核对一致",
    });
  }
  return { dealers: 2, entries, openDiscrepancies: open };
}
