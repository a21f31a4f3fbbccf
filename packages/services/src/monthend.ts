/**
 * Month-end reconciliation (月末对账, brief rule 20): for one store and month,
 * read contracts, the secondary-dealer ledgers and the wholesaled vehicles,
 * let the pure rules (core/reconciliation.ts) find every discrepancy, and keep
 * them as items the sales admin resolves or annotates. Idempotent: the same
 * facts give the same items (a second run writes nothing); a discrepancy that
 * was resolved or annotated keeps its state and notes; an open one whose cause
 * was fixed in the data disappears. A closed month is never touched.
 */
import {
  ConflictError,
  type ContractFacts,
  type DealerFacts,
  discrepancyActionSchema,
  ForbiddenError,
  localDate,
  NotFoundError,
  parseInput,
  previousMonth,
  type Role,
  reconcile,
  UnprocessableError,
  ValidationError,
  type WholesaledVehicleFacts,
} from "@dealeros/core";
import {
  type Db,
  type DiscrepancyItem,
  dealers,
  inventory,
  isConditionFailure,
  type MonthEndRun,
  monthEnd,
  periods,
  type Store,
} from "@dealeros/db";
import { type Ctx, db, hasRole, requireStore } from "./context.ts";
import { closedError, PERIOD_CLOSERS, PERIOD_REOPENERS } from "./periods.ts";

/** Who sees the month-end: the sales admin and the managers. */
export const MONTH_END_READERS: readonly Role[] = ["sales_admin", "sales_manager", "general_manager", "group_admin"];
/** Who runs it by hand and resolves / annotates discrepancies: the sales admin (and the group admin). */
export const MONTH_END_WORKERS: readonly Role[] = ["sales_admin", "group_admin"];

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export interface MonthEndResult {
  storeId: string;
  month: string;
  skipped?: "closed";
  found: number;
  written: number;
  removed: number;
}

/** The same facts, as the rules read them, from the stored records. */
async function readFacts(database: Db, store: Store) {
  const { tenantId, storeId, timeZone } = store;
  const [contractList, dealerList, wholesaled] = await Promise.all([
    monthEnd.allStoreContracts(database, tenantId, storeId),
    dealers.listDealers(database, tenantId, storeId),
    inventory.listStoreVehicles(database, tenantId, storeId, "wholesaled"),
  ]);
  const ledgers = await Promise.all(dealerList.map((d) => dealers.getLedger(database, tenantId, d.dealerId)));
  const contracts: ContractFacts[] = contractList.map((c) => ({
    contractId: c.contractId,
    contractNo: c.contractNo,
    customerName: c.customerName,
    state: c.state,
    signedDate: c.signedDate,
    dueFen: c.dueFen,
    paidFen: c.paidFen,
    ...(c.invoiceNo ? { invoiceNo: c.invoiceNo } : {}),
    ...(c.delivery?.deliveredAt ? { deliveredDate: localDate(c.delivery.deliveredAt, timeZone) } : {}),
    ...(c.cancelled ? { cancelledDate: localDate(c.cancelled.at, timeZone) } : {}),
  }));
  const dealerFacts: DealerFacts[] = dealerList.map((d, i) => ({
    dealerId: d.dealerId,
    name: d.name,
    lines: ledgers[i]!.entries.map((e) => ({
      entryId: e.entryId,
      kind: e.kind,
      date: e.date,
      amountFen: e.amountFen,
      ...(e.vehicleId ? { vehicleId: e.vehicleId } : {}),
      ...(e.vin ? { vin: e.vin } : {}),
    })),
  }));
  const vehicles: WholesaledVehicleFacts[] = wholesaled
    .filter((v) => v.wholesale)
    .map((v) => ({
      vehicleId: v.vehicleId,
      vin: v.vin,
      date: v.wholesale!.date ?? localDate(v.wholesale!.at, timeZone),
      buyer: v.wholesale!.buyer,
    }));
  return { contracts, dealers: dealerFacts, vehicles };
}

const sameFacts = (a: DiscrepancyItem, b: { detail: string; amountFen?: number; record: DiscrepancyItem["record"] }) =>
  a.detail === b.detail &&
  a.amountFen === b.amountFen &&
  a.record.id === b.record.id &&
  a.record.label === b.record.label &&
  a.record.type === b.record.type;

/**
 * The month-end of one store and month (the job's unit of work, run by the
 * queue consumer in the cloud and in-process locally).
 */
export async function monthEndForStore(
  store: Store,
  month: string,
  opts: { db?: Db; now?: Date } = {},
): Promise<MonthEndResult> {
  const database = db(opts);
  const { tenantId, storeId } = store;
  const period = await periods.getPeriod(database, tenantId, storeId, month);
  if (period?.state === "closed") return { storeId, month, skipped: "closed", found: 0, written: 0, removed: 0 };
  const [facts, current] = await Promise.all([
    readFacts(database, store),
    monthEnd.readMonth(database, tenantId, storeId, month),
  ]);
  const found = reconcile({
    month,
    contracts: facts.contracts,
    dealers: facts.dealers,
    wholesaledVehicles: facts.vehicles,
  });
  const at = (opts.now ?? new Date()).toISOString();
  const existing = new Map(current.discrepancies.map((d) => [d.key, d]));
  const puts: Record<string, unknown>[] = [];
  for (const d of found) {
    const old = existing.get(d.key);
    if (old && sameFacts(old, d)) continue;
    const { amountFen: _drop, ...withoutAmount } = old ?? ({} as Partial<DiscrepancyItem>);
    puts.push(
      monthEnd.discrepancyItem({
        ...(withoutAmount as DiscrepancyItem),
        ...d,
        tenantId,
        storeId,
        month,
        state: old?.state ?? "open",
        foundAt: old?.foundAt ?? at,
        notes: old?.notes ?? [],
        version: (old?.version ?? 0) + 1,
      }),
    );
  }
  const keep = new Set(found.map((d) => d.key));
  // an open discrepancy whose cause is gone disappears; a resolved or annotated one keeps its resolution
  const deletes = current.discrepancies
    .filter((d) => !keep.has(d.key) && d.state === "open")
    .map((d) => {
      const k = monthEnd.discrepancyItem(d);
      return { PK: k.PK as string, SK: k.SK as string };
    });
  const foundKeys = found.map((d) => d.key);
  const run: MonthEndRun = {
    tenantId,
    storeId,
    month,
    runKey: `month-end#${storeId}#${month}`,
    ranAt: at,
    found: foundKeys,
    contracts: facts.contracts.length,
    dealers: facts.dealers.length,
  };
  const runChanged =
    !current.run ||
    current.run.found.join("|") !== foundKeys.join("|") ||
    current.run.contracts !== run.contracts ||
    current.run.dealers !== run.dealers;
  if (runChanged || puts.length || deletes.length) puts.push(monthEnd.runItem(run));
  await monthEnd.writeBatch(database, puts, deletes);
  return { storeId, month, found: found.length, written: puts.length, removed: deletes.length };
}

/** The month a run at `at` processes: the previous store-local month. */
export function monthFor(at: Date, timeZone: string): string {
  return previousMonth(localDate(at, timeZone).slice(0, 7));
}

function checkMonth(month: string): void {
  if (!MONTH.test(month))
    throw new ValidationError("Use a month like 2026-10.", { month: "Use a month like 2026-10." });
}

/** The month-end page: the month's run, discrepancies and period state (one Query + one Get). */
export async function getMonthEnd(ctx: Ctx, storeId: string, month?: string) {
  const store = await requireStore(ctx, storeId);
  if (!hasRole(ctx.actor, ...MONTH_END_READERS))
    throw new ForbiddenError("Only the sales admin or a manager sees the month-end.");
  const currentMonth = localDate(new Date(), store.timeZone).slice(0, 7);
  const m = month ?? previousMonth(currentMonth);
  checkMonth(m);
  const database = db(ctx);
  const [result, period] = await Promise.all([
    monthEnd.readMonth(database, ctx.actor.tenantId, storeId, m),
    periods.getPeriod(database, ctx.actor.tenantId, storeId, m),
  ]);
  const order = new Map((result.run?.found ?? []).map((k, i) => [k, i]));
  const discrepancies = result.discrepancies.sort(
    (a, b) =>
      Number(a.state !== "open") - Number(b.state !== "open") ||
      (order.get(a.key) ?? 1e9) - (order.get(b.key) ?? 1e9) ||
      a.key.localeCompare(b.key),
  );
  const closed = period?.state === "closed";
  return {
    month: m,
    currentMonth,
    timeZone: store.timeZone,
    run: result.run,
    discrepancies,
    counts: {
      open: discrepancies.filter((d) => d.state === "open").length,
      resolved: discrepancies.filter((d) => d.state === "resolved").length,
      annotated: discrepancies.filter((d) => d.state === "annotated").length,
    },
    period,
    closed,
    canWork: !closed && hasRole(ctx.actor, ...MONTH_END_WORKERS),
    canClose: !closed && m < currentMonth && !!result.run && hasRole(ctx.actor, ...PERIOD_CLOSERS),
    canReopen: closed && hasRole(ctx.actor, ...PERIOD_REOPENERS),
  };
}

/** Run the month-end of a store's month now (the sales admin; the scheduled job does the same). */
export async function runMonthEnd(ctx: Ctx, storeId: string, month: string) {
  const store = await requireStore(ctx, storeId);
  if (!hasRole(ctx.actor, ...MONTH_END_WORKERS))
    throw new ForbiddenError("Only the sales admin can run the month-end.");
  checkMonth(month);
  if (month > localDate(new Date(), store.timeZone).slice(0, 7))
    throw new UnprocessableError("This month has not started yet.");
  const r = await monthEndForStore(store, month, { db: db(ctx) });
  if (r.skipped) throw closedError(month);
  return r;
}

/** Resolve, annotate or reopen one discrepancy with a note (version-checked; its notes are its audit trail). */
export async function actOnDiscrepancy(ctx: Ctx, storeId: string, month: string, key: string, input: unknown) {
  await requireStore(ctx, storeId);
  checkMonth(month);
  const database = db(ctx);
  const [result, period] = await Promise.all([
    monthEnd.readMonth(database, ctx.actor.tenantId, storeId, month),
    periods.getPeriod(database, ctx.actor.tenantId, storeId, month),
  ]);
  const d = result.discrepancies.find((x) => x.key === key);
  if (!d || !hasRole(ctx.actor, ...MONTH_END_READERS)) throw new NotFoundError("Discrepancy");
  if (!hasRole(ctx.actor, ...MONTH_END_WORKERS))
    throw new ForbiddenError("Only the sales admin can resolve or annotate discrepancies.");
  const { action, note } = parseInput(discrepancyActionSchema, input);
  if (period?.state === "closed") throw closedError(month);
  if (action === "reopen" && d.state === "open") throw new UnprocessableError("This discrepancy is already open.");
  if (action === "resolve" && d.state === "resolved")
    throw new UnprocessableError("This discrepancy is already resolved.");
  const at = new Date().toISOString();
  const state = action === "resolve" ? "resolved" : action === "annotate" ? "annotated" : "open";
  const next: DiscrepancyItem = {
    ...d,
    state: action === "annotate" && d.state === "resolved" ? "resolved" : state,
    notes: [...d.notes, { at, by: ctx.actor.userId, byName: ctx.actor.name, action, note }],
    version: d.version + 1,
  };
  try {
    await monthEnd.updateDiscrepancy(database, next, d.version);
  } catch (e) {
    if (isConditionFailure(e))
      throw new ConflictError("Someone else changed this discrepancy at the same time. Reload and try again.");
    throw e;
  }
  return next;
}
