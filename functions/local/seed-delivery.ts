/**
 * Demo deliveries (交车) and receivables for the Shanghai store, through the same
 * services the pages use (with a backdated clock): four vehicles delivered this
 * week — their post-delivery calls made in time, made late, still open, and one
 * overdue (the follow-up job escalates it to the sales manager) — one delivery
 * booked for tomorrow and ready, one booked but blocked by the payment gate
 * (unpaid balance, shown in red), and three contracts with money open whose
 * reminders the dunning job wrote over the last week (before due, overdue,
 * escalated after 3 ignored reminders). Deterministic; a few dozen writes.
 */
import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import {
  addDays,
  computeQuoteTotals,
  contractDues,
  localDate,
  newId,
  type QuoteMoneyInput,
  zonedToUtc,
} from "@dealeros/core";
import {
  type Contract,
  type Db,
  type DealVehicle,
  deals,
  inventory,
  keys,
  type Payment,
  type Prospect,
  type Quote,
  type Store,
  type User,
} from "@dealeros/db";
import { type Ctx, delivery, dunning } from "@dealeros/services";
import { DEMO_CATALOGUE, demoVin } from "./seed-inventory.ts";
import { licencePng } from "./seed-testdrives.ts";
import { rng } from "./seed-util.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function activeCards(db: Db, tenantId: string, user: User, storeId: string): Promise<Prospect[]> {
  const r = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      IndexName: "GSI2",
      KeyConditionExpression: "GSI2PK = :pk",
      ExpressionAttributeValues: { ":pk": keys.ownerProspects(tenantId, user.userId) },
      ScanIndexForward: true,
      Limit: 60,
    }),
  );
  return ((r.Items ?? []) as unknown as Prospect[]).filter((p) => p.storeId === storeId && p.status === "active");
}

interface DealSeed {
  card: Prospect;
  trimIndex: number;
  money: Omit<QuoteMoneyInput, "listPriceFen">;
  signedDaysAgo: number;
  /** days from today (negative: past) */
  expectedInDays: number;
  paid: "all" | "deposit" | "none";
  stock: boolean;
  invoiced: boolean;
}

export async function seedDelivery(
  db: Db,
  opts: { tenantId: string; stores: Store[]; users: User[]; now: Date },
): Promise<{ contracts: number; delivered: number; reminders: number }> {
  const { tenantId, now } = opts;
  const rand = rng(13_2026_13);
  const shanghai = opts.stores[0];
  const byKey = (key: string) => opts.users.find((u) => u.email.startsWith(`${key}@`));
  const zhao = byKey("zhao.lei");
  const sun = byKey("sun.yue");
  const admin = byKey("salesadmin");
  const manager = byKey("manager");
  if (!shanghai || !zhao || !sun || !admin || !manager) return { contracts: 0, delivered: 0, reminders: 0 };
  const tz = shanghai.timeZone;
  const today = localDate(now, tz);
  const magotan = DEMO_CATALOGUE.find((b) => b.name === "FAW-Volkswagen")!.models.find((m) => m.code === "magotan")!;
  const [zhaoCards, sunCards] = await Promise.all([
    activeCards(db, tenantId, zhao, shanghai.storeId),
    activeCards(db, tenantId, sun, shanghai.storeId),
  ]);
  // the two consultants' cards taken in turn (the oldest first: the newest are the quotes' customers)
  const cards = Array.from({ length: 9 }, (_, i) => (i % 2 ? sunCards : zhaoCards)[Math.floor(i / 2)]).filter(
    (c): c is Prospect => !!c,
  );
  const ctxOf = (u: User): Ctx => ({
    actor: { tenantId, userId: u.userId, name: u.name, email: u.email, roles: u.roles, storeIds: u.storeIds },
    store: shanghai,
    db,
  });
  const full = { accessories: [{ name: "全包围脚垫 Floor mats", priceFen: 880_00 }], insurance: [] };
  const seeds: DealSeed[] = cards.map((card, i) => ({
    card,
    trimIndex: i % 2,
    money: { discountFen: (3 + (i % 4)) * 1_000_00, depositFen: 10_000_00, ...full },
    // 0–3: delivered this week; 4: tomorrow, ready; 5: in 2 days, unpaid; 6–8: receivables
    signedDaysAgo: i < 4 ? 20 + i : i < 6 ? 12 : 30 - i,
    expectedInDays: i < 4 ? -(i + 1) : i === 4 ? 1 : i === 5 ? 2 : i === 6 ? 4 : i === 7 ? -3 : -9,
    paid: i < 5 ? "all" : i === 8 ? "none" : "deposit",
    stock: i < 6,
    invoiced: i < 6,
  }));

  let serial = 900_000;
  const made: Contract[] = [];
  for (const s of seeds) {
    const trim = magotan.trims[s.trimIndex]!;
    const colour = trim.colours[Math.floor(rand() * trim.colours.length)]!;
    const signedAt = new Date(now.getTime() - s.signedDaysAgo * DAY - 5 * HOUR);
    const at = signedAt.toISOString();
    const signedDate = localDate(at, tz);
    let vehicleId: string | undefined;
    let vin: string | undefined;
    if (s.stock) {
      vin = demoVin("LFV", rand, serial++);
      vehicleId = newId();
      const stockedAt = new Date(signedAt.getTime() - (10 + rand() * 40) * DAY).toISOString();
      await inventory.createVehicle(
        db,
        {
          tenantId,
          storeId: shanghai.storeId,
          vehicleId,
          vin,
          checkDigit: "valid",
          engineNumber: `DKX${String(serial).slice(-6)}`,
          brand: "FAW-Volkswagen",
          modelCode: magotan.code,
          modelName: magotan.name,
          trimCode: trim.code,
          trimName: trim.name,
          colourCode: colour.code,
          colourName: colour.name,
          msrp: trim.msrp,
          purchaseCost: Math.round(trim.msrp * 0.9),
          currency: "CNY",
          status: "allocated",
          stockedAt,
          version: 1,
          createdAt: stockedAt,
          createdBy: admin.userId,
          createdByName: admin.name,
          updatedAt: at,
        },
        { at: stockedAt, by: admin.userId, byName: admin.name, action: "vehicle.allocated", detail: {} },
      );
    }
    const vehicle: DealVehicle = {
      brand: "FAW-Volkswagen",
      modelCode: magotan.code,
      modelName: magotan.name,
      trimCode: trim.code,
      trimName: trim.name,
      colourCode: colour.code,
      colourName: colour.name,
      ...(vehicleId && vin ? { vehicleId, vin } : {}),
    };
    const money: QuoteMoneyInput = { listPriceFen: trim.msrp, ...s.money };
    const totals = computeQuoteTotals(money);
    const consultant = opts.users.find((u) => u.userId === s.card.ownerId)!;
    const quote: Quote = {
      tenantId,
      storeId: shanghai.storeId,
      quoteId: newId(),
      prospectId: s.card.prospectId,
      customerName: s.card.name,
      ...(s.card.mobile ? { customerMobile: s.card.mobile } : {}),
      consultantId: consultant.userId,
      consultantName: consultant.name,
      vehicle,
      ...money,
      totals,
      status: "open",
      validUntil: addDays(signedDate, 7),
      version: 1,
      createdAt: at,
      createdBy: consultant.userId,
      createdByName: consultant.name,
      updatedAt: at,
    };
    await db.doc.send(new PutCommand({ TableName: db.table, Item: deals.quoteItem(quote) }));
    const expected = addDays(today, s.expectedInDays);
    const dues = contractDues(totals, signedDate, signedDate, expected);
    const dueFen = dues.reduce((n, d) => n + d.amountFen, 0);
    const paidFen = s.paid === "all" ? dueFen : s.paid === "deposit" ? (dues[0]?.amountFen ?? 0) : 0;
    const seq = (await deals.lastContractSeq(db, tenantId, shanghai.storeId)) + 1;
    const contract: Contract = {
      tenantId,
      storeId: shanghai.storeId,
      contractId: newId(),
      seq,
      contractNo: deals.contractNumber(seq),
      quoteId: quote.quoteId,
      prospectId: s.card.prospectId,
      customerName: s.card.name,
      ...(s.card.mobile ? { customerMobile: s.card.mobile } : {}),
      consultantId: consultant.userId,
      consultantName: consultant.name,
      vehicle,
      quantity: 1,
      totals,
      accessories: money.accessories,
      insurance: money.insurance,
      signedDate,
      deliveryMethod: "store_pickup",
      expectedDeliveryDate: expected,
      dues,
      dueFen,
      paidFen,
      ...(vehicleId && vin ? { allocation: { vehicleId, vin, at, byName: admin.name } } : {}),
      ...(s.invoiced
        ? {
            invoiceNo: `31002${String(20_260_000 + seq)}`,
            stockReleasedAt: new Date(now.getTime() - 6 * DAY).toISOString(),
          }
        : {}),
      state: "signed",
      version: 1,
      createdAt: at,
      createdBy: consultant.userId,
      createdByName: consultant.name,
      updatedAt: at,
    };
    const payments: Payment[] =
      paidFen > 0
        ? [
            {
              paymentId: newId(),
              amountFen: paidFen,
              method: "bank_transfer",
              reference: `BOC${String(seq).padStart(6, "0")}`,
              at: new Date(signedAt.getTime() + HOUR).toISOString(),
              by: admin.userId,
              byName: admin.name,
            },
          ]
        : [];
    await deals.createContract(
      db,
      contract,
      1,
      { at, by: consultant.userId, byName: consultant.name, action: "contract.created", detail: { seq } },
      payments.map((p) => ({ Put: { TableName: db.table, Item: deals.paymentItem(contract, p) } })),
    );
    made.push(contract);
  }

  // deliveries this week: booked, photographed, delivered; the calls in time / late / open / overdue
  const DELIVERED_DAYS_AGO = [2, 5, 1, 4];
  let delivered = 0;
  const photo = licencePng(11);
  for (const [i, c] of made.entries()) {
    if (i > 5) break;
    const who = opts.users.find((u) => u.userId === c.consultantId)!;
    const ctx = ctxOf(who);
    const deliverAt = i < 4 ? zonedToUtc(addDays(today, -DELIVERED_DAYS_AGO[i]!), "10:30", tz) : undefined;
    const appointmentAt = deliverAt ?? zonedToUtc(addDays(today, i === 4 ? 1 : 2), i === 4 ? "10:00" : "15:00", tz);
    await delivery.bookDelivery(
      ctx,
      shanghai.storeId,
      c.contractId,
      { version: c.version, at: appointmentAt.toISOString(), note: i === 4 ? "客户要求上午交车，带家人" : undefined },
      { now: new Date(Math.min(appointmentAt.getTime(), now.getTime()) - 3 * DAY) },
    );
    if (i === 5) continue; // booked, but blocked by the payment gate (balance unpaid)
    const shot = await delivery.addDeliveryPhotoUpload(ctx, shanghai.storeId, c.contractId, photo, {
      now: new Date(Math.min(appointmentAt.getTime(), now.getTime()) - 2 * DAY),
    });
    if (!deliverAt) continue;
    await delivery.completeDelivery(
      ctx,
      shanghai.storeId,
      c.contractId,
      {
        version: shot.contract.version,
        checklist: { documents: true, keys: true, functions: true, accessories: true, photos: true },
        keysHandedOver: 2,
        customerSigned: true,
      },
      { now: deliverAt },
    );
    delivered++;
    // 0: called the next day (in time); 1: called 4 days later (late); 2: open, not yet due; 3: overdue
    if (i < 2)
      await delivery.completePostDeliveryCall(
        ctx,
        shanghai.storeId,
        c.contractId,
        i === 0
          ? { outcome: "satisfied", note: "对交车流程很满意，愿意推荐朋友" }
          : { outcome: "unsatisfied", note: "车机蓝牙连接不稳定，已预约售后检查" },
        { now: new Date(deliverAt.getTime() + (i === 0 ? 1 : 4) * DAY) },
      );
  }

  // the dunning job over the last week (09:00 each store-local day)
  let reminders = 0;
  for (let d = 7; d >= 0; d--) {
    const date = addDays(today, -d);
    const at = zonedToUtc(date, "09:00", tz);
    if (at.getTime() > now.getTime()) break;
    reminders += (await dunning.dunningJob(shanghai, date, { db, now: at })).reminded;
  }
  return { contracts: made.length, delivered, reminders };
}
