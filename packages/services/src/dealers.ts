/**
 * Secondary dealers (二级网点, brief rule 19): a store's sub-dealers with a credit
 * limit, wholesale of a stock vehicle to one (the vehicle becomes `wholesaled`
 * once: a conditional write), their ledger (wholesale entries, payments
 * received, balance) and monthly pickups. The sales admin and the managers
 * work here; every change is audited; a closed month refuses entries dated in it.
 */
import {
  ConflictError,
  creditProblem,
  dealerPatchSchema,
  dealerPaymentSchema,
  dealerSchema,
  ForbiddenError,
  formatYuan,
  localDate,
  monthlyPickups,
  NotFoundError,
  newId,
  parseInput,
  type Role,
  UnprocessableError,
  ValidationError,
  wholesaleSchema,
} from "@dealeros/core";
import {
  type AuditEntry,
  cancelledConditions,
  type Dealer,
  type DealerLedgerEntry,
  dealers,
  inventory,
  isContention,
  type Vehicle,
} from "@dealeros/db";
import { type Ctx, db, hasRole, requireStore } from "./context.ts";
import { closedError } from "./periods.ts";

/** Who works with secondary dealers: the sales admin and the managers (the GM reads). */
export const DEALER_STAFF: readonly Role[] = ["sales_admin", "sales_manager", "general_manager", "group_admin"];
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const ATTEMPTS = 5;

function requireStaff(ctx: Ctx): void {
  if (!hasRole(ctx.actor, ...DEALER_STAFF))
    throw new ForbiddenError("Only the sales admin or a manager works with secondary dealers.");
}

function audit(ctx: Ctx, action: string, detail: Record<string, unknown>, at: string): AuditEntry {
  return { at, by: ctx.actor.userId, byName: ctx.actor.name, action, detail };
}

function stale(): ConflictError {
  return new ConflictError("Someone else changed this dealer at the same time. Reload and try again.", {
    version: "Out of date.",
  });
}

async function requireDealer(ctx: Ctx, storeId: string, dealerId: string): Promise<Dealer> {
  if (!ULID.test(dealerId)) throw new NotFoundError("Dealer");
  const d = await dealers.getDealer(db(ctx), ctx.actor.tenantId, storeId, dealerId);
  if (!d) throw new NotFoundError("Dealer");
  return d;
}

/** The date an entry is booked on: the given store-local date (not in the future), or today. */
function entryDate(given: string | undefined, today: string): string {
  if (given && given > today)
    throw new ValidationError("The date cannot be in the future.", { date: "Not after today." });
  return given ?? today;
}

export async function listDealers(ctx: Ctx, storeId: string) {
  await requireStore(ctx, storeId);
  requireStaff(ctx);
  const list = await dealers.listDealers(db(ctx), ctx.actor.tenantId, storeId);
  return {
    dealers: list.sort((a, b) => a.name.localeCompare(b.name, "zh-CN")),
    totals: {
      balanceFen: list.reduce((n, d) => n + d.balanceFen, 0),
      vehicles: list.reduce((n, d) => n + d.vehicles, 0),
    },
  };
}

export async function createDealer(ctx: Ctx, storeId: string, input: unknown): Promise<Dealer> {
  await requireStore(ctx, storeId);
  requireStaff(ctx);
  const data = parseInput(dealerSchema, input);
  const at = new Date().toISOString();
  const d: Dealer = {
    tenantId: ctx.actor.tenantId,
    storeId,
    dealerId: newId(),
    ...data,
    wholesaleFen: 0,
    paidFen: 0,
    balanceFen: 0,
    vehicles: 0,
    version: 1,
    createdAt: at,
    createdBy: ctx.actor.userId,
    createdByName: ctx.actor.name,
    updatedAt: at,
  };
  await dealers.createDealer(
    db(ctx),
    d,
    audit(ctx, "dealer.created", { name: d.name, creditLimitFen: d.creditLimitFen }, at),
  );
  return d;
}

export async function updateDealer(ctx: Ctx, storeId: string, dealerId: string, input: unknown): Promise<Dealer> {
  await requireStore(ctx, storeId);
  const current = await requireDealer(ctx, storeId, dealerId);
  requireStaff(ctx);
  const { version, ...patch } = parseInput(dealerPatchSchema, input);
  if (version !== current.version) throw stale();
  const changed = Object.fromEntries(
    Object.entries(patch).filter(([k, v]) => v !== undefined && current[k as keyof Dealer] !== v),
  );
  if (!Object.keys(changed).length) throw new UnprocessableError("Nothing to change.");
  const at = new Date().toISOString();
  const next: Dealer = { ...current, ...changed, version: current.version + 1, updatedAt: at };
  try {
    await dealers.updateDealer(db(ctx), next, current.version, audit(ctx, "dealer.updated", changed, at));
  } catch (e) {
    if (isContention(e)) throw stale();
    throw e;
  }
  return next;
}

/** A dealer with its ledger (newest first, with the running balance), monthly pickups and audit trail. */
export async function getDealer(ctx: Ctx, storeId: string, dealerId: string) {
  const store = await requireStore(ctx, storeId);
  requireStaff(ctx);
  if (!ULID.test(dealerId)) throw new NotFoundError("Dealer");
  const [dealer, ledger] = await Promise.all([
    dealers.getDealer(db(ctx), ctx.actor.tenantId, storeId, dealerId),
    dealers.getLedger(db(ctx), ctx.actor.tenantId, dealerId),
  ]);
  if (!dealer) throw new NotFoundError("Dealer");
  let balance = 0;
  const entries = ledger.entries.map((e) => {
    balance += e.kind === "wholesale" ? e.amountFen : -e.amountFen;
    return { ...e, balanceFen: balance };
  });
  return {
    dealer,
    entries: entries.reverse(),
    pickups: monthlyPickups(ledger.entries),
    audit: ledger.audit.reverse(),
    today: localDate(new Date(), store.timeZone),
    timeZone: store.timeZone,
  };
}

/** The store's vehicles in stock that can be wholesaled (one Query of the stock index). */
export async function wholesaleOptions(ctx: Ctx, storeId: string) {
  await requireStore(ctx, storeId);
  requireStaff(ctx);
  const stock = await inventory.listStoreStock(db(ctx), ctx.actor.tenantId, storeId);
  return stock.filter((v) => v.status === "in_stock" && !v.keyOut);
}

/**
 * Wholesale a stock vehicle to a dealer at `priceFen`: the vehicle becomes
 * wholesaled (only from in_stock, only once — a second or concurrent wholesale
 * is a 409), the ledger gets the entry and the dealer's balance grows, within
 * the credit limit; all in one transaction with the open-period check.
 */
export async function wholesaleVehicle(ctx: Ctx, storeId: string, dealerId: string, input: unknown) {
  const store = await requireStore(ctx, storeId);
  await requireDealer(ctx, storeId, dealerId);
  requireStaff(ctx);
  const data = parseInput(wholesaleSchema, input);
  const today = localDate(new Date(), store.timeZone);
  const date = entryDate(data.date, today);
  const database = db(ctx);
  for (let attempt = 1; ; attempt++) {
    const [d, v] = await Promise.all([
      dealers.getDealer(database, ctx.actor.tenantId, storeId, dealerId),
      inventory.getVehicle(database, ctx.actor.tenantId, data.vehicleId),
    ]);
    if (!d) throw new NotFoundError("Dealer");
    if (!v || v.storeId !== storeId)
      throw new UnprocessableError("No such vehicle in this store.", { vehicleId: "Not found." });
    if (v.status === "wholesaled") throw new ConflictError(`The vehicle ${v.vin} is already wholesaled.`);
    if (v.status !== "in_stock")
      throw new ConflictError(`Only a vehicle in stock can be wholesaled; ${v.vin} is ${v.status.replace("_", " ")}.`, {
        vehicleId: "Not in stock.",
      });
    if (v.keyOut)
      throw new ConflictError(`The keys are out with ${v.keyOut.name}; return them first.`, {
        vehicleId: "Keys are out.",
      });
    const credit = creditProblem(d.balanceFen, d.creditLimitFen, data.priceFen);
    if (credit) throw new UnprocessableError(credit, { priceFen: "Over the credit limit." });
    const at = new Date().toISOString();
    const label = `${v.modelName} ${v.trimName} ${v.colourName}`;
    const entry: DealerLedgerEntry = {
      tenantId: ctx.actor.tenantId,
      storeId,
      dealerId,
      entryId: newId(),
      kind: "wholesale",
      date,
      amountFen: data.priceFen,
      vehicleId: v.vehicleId,
      vin: v.vin,
      vehicleLabel: label,
      ...(data.note ? { note: data.note } : {}),
      at,
      by: ctx.actor.userId,
      byName: ctx.actor.name,
    };
    const next: Vehicle = {
      ...v,
      status: "wholesaled",
      wholesale: { buyer: d.name, at, dealerId, date, priceFen: data.priceFen },
      version: v.version + 1,
      updatedAt: at,
    };
    try {
      await dealers.wholesale(
        database,
        d,
        entry,
        {
          next,
          previous: v,
          audit: audit(
            ctx,
            "vehicle.wholesaled",
            { from: v.status, to: "wholesaled", buyer: d.name, priceFen: data.priceFen, date },
            at,
          ),
        },
        audit(ctx, "dealer.wholesale", { vin: v.vin, vehicle: label, priceFen: data.priceFen, date }, at),
      );
      return { entry, vehicle: next };
    } catch (e) {
      const failed = cancelledConditions(e);
      if (failed?.includes(dealers.LEDGER_WRITE.period)) throw closedError(date.slice(0, 7));
      if (!isContention(e)) throw e;
      // the vehicle or the dealer changed: read again; a vehicle now wholesaled is refused above
      if (attempt >= ATTEMPTS) throw stale();
    }
  }
}

/** A payment received from a dealer (at most the balance), booked on its date; audited. */
export async function recordDealerPayment(ctx: Ctx, storeId: string, dealerId: string, input: unknown) {
  const store = await requireStore(ctx, storeId);
  await requireDealer(ctx, storeId, dealerId);
  requireStaff(ctx);
  const data = parseInput(dealerPaymentSchema, input);
  const date = entryDate(data.date, localDate(new Date(), store.timeZone));
  const database = db(ctx);
  for (let attempt = 1; ; attempt++) {
    const d = await requireDealer(ctx, storeId, dealerId);
    if (data.amountFen > d.balanceFen)
      throw new UnprocessableError(
        `Overpayment refused: the dealer owes ¥${formatYuan(d.balanceFen)}; this payment is ¥${formatYuan(data.amountFen)}.`,
        { amountFen: `At most ¥${formatYuan(d.balanceFen)}.` },
      );
    const at = new Date().toISOString();
    const entry: DealerLedgerEntry = {
      tenantId: ctx.actor.tenantId,
      storeId,
      dealerId,
      entryId: newId(),
      kind: "payment",
      date,
      amountFen: data.amountFen,
      method: data.method,
      reference: data.reference,
      ...(data.note ? { note: data.note } : {}),
      at,
      by: ctx.actor.userId,
      byName: ctx.actor.name,
    };
    try {
      await dealers.recordPayment(
        database,
        d,
        entry,
        audit(
          ctx,
          "dealer.payment",
          { amountFen: data.amountFen, method: data.method, reference: data.reference, date },
          at,
        ),
      );
      return { entry };
    } catch (e) {
      const failed = cancelledConditions(e);
      if (failed?.includes(2)) throw closedError(date.slice(0, 7));
      if (!isContention(e)) throw e;
      if (attempt >= ATTEMPTS) throw stale();
    }
  }
}
