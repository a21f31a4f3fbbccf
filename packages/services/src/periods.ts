/**
 * Period close (月结, brief rule 20): the sales admin closes a store's month
 * after the month-end reconciliation (only when no discrepancy is open, or with
 * a note saying why); afterwards every money-relevant write dated in that month
 * — payments, invoices, deliveries, contract changes, wholesales, dealer
 * payments — is a 409. Only the general manager reopens a month, with a reason.
 * Closes and reopens are audited in the store's period partition.
 */
import {
  ConflictError,
  ForbiddenError,
  localDate,
  parseInput,
  periodCloseSchema,
  periodReopenSchema,
  type Role,
  UnprocessableError,
  ValidationError,
} from "@dealeros/core";
import {
  type AuditEntry,
  type Db,
  isConditionFailure,
  isContention,
  monthEnd,
  type Period,
  periods,
} from "@dealeros/db";
import { type Ctx, db, hasRole, requireStore } from "./context.ts";

/** Who closes a month: the sales admin (销售内勤) or the group admin. */
export const PERIOD_CLOSERS: readonly Role[] = ["sales_admin", "group_admin"];
/** Who reopens a closed month: the general manager only. */
export const PERIOD_REOPENERS: readonly Role[] = ["general_manager"];

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function closedMessage(month: string): string {
  return `The period ${month} is closed; money-relevant records of that month cannot be changed. Record a correction in the open month.`;
}

export function closedError(month: string): ConflictError {
  return new ConflictError(closedMessage(month));
}

/**
 * The guard of every money write: each of `dates` (store-local YYYY-MM-DD, or
 * YYYY-MM) must lie in an open month of the store, else a 409. One consistent
 * read (Get, or BatchGet for several months).
 */
export async function assertOpen(
  ctx: { db?: Db; actor: { tenantId: string } },
  storeId: string,
  dates: (string | undefined)[],
): Promise<void> {
  // Only an ended month can be closed, and no time zone is more than 14 h ahead of UTC: a month
  // not yet ended everywhere (today's bookings, the usual case) needs no read.
  const notEndedAnywhere = new Date(Date.now() + 14 * 3_600_000).toISOString().slice(0, 7);
  const months = [...new Set(dates.filter((d): d is string => !!d).map((d) => d.slice(0, 7)))].filter(
    (m) => m < notEndedAnywhere,
  );
  if (!months.length) return;
  const found =
    months.length === 1
      ? [await periods.getPeriod(db(ctx), ctx.actor.tenantId, storeId, months[0]!)].filter((p) => !!p)
      : await periods.getPeriods(db(ctx), ctx.actor.tenantId, storeId, months);
  const closed = found.find((p) => p.state === "closed");
  if (closed) throw closedError(closed.month);
}

/** The store-local date of `now` for a store (the date a money write is booked on). */
export function bookingDate(timeZone: string, now: Date = new Date()): string {
  return localDate(now, timeZone);
}

function audit(ctx: Ctx, action: string, detail: Record<string, unknown>, at: string): AuditEntry {
  return { at, by: ctx.actor.userId, byName: ctx.actor.name, action, detail };
}

function checkMonth(month: string): void {
  if (!MONTH.test(month))
    throw new ValidationError("Use a month like 2026-10.", { month: "Use a month like 2026-10." });
}

/** A store's closed / reopened months with the audit trail (one Query). */
export async function listPeriods(ctx: Ctx, storeId: string) {
  await requireStore(ctx, storeId);
  const r = await periods.listPeriods(db(ctx), ctx.actor.tenantId, storeId);
  return { periods: r.periods.sort((a, b) => b.month.localeCompare(a.month)), audit: r.audit.reverse() };
}

/**
 * Close a month: only a month that has ended, after its month-end run; with
 * discrepancies still open only with a note. Audited.
 */
export async function closePeriod(ctx: Ctx, storeId: string, month: string, input: unknown, opts: { now?: Date } = {}) {
  const store = await requireStore(ctx, storeId);
  if (!hasRole(ctx.actor, ...PERIOD_CLOSERS)) throw new ForbiddenError("Only the sales admin can close a period.");
  checkMonth(month);
  const { note } = parseInput(periodCloseSchema, input);
  const now = opts.now ?? new Date();
  if (month >= localDate(now, store.timeZone).slice(0, 7))
    throw new UnprocessableError("Only a month that has ended can be closed.");
  const database = db(ctx);
  const [current, result] = await Promise.all([
    periods.getPeriod(database, ctx.actor.tenantId, storeId, month),
    monthEnd.readMonth(database, ctx.actor.tenantId, storeId, month),
  ]);
  if (current?.state === "closed") throw new ConflictError(`The period ${month} is already closed.`);
  if (!result.run) throw new UnprocessableError("Run the month-end reconciliation of this month before closing it.");
  const open = result.discrepancies.filter((d) => d.state === "open").length;
  if (open && !note)
    throw new UnprocessableError(
      `${open} discrepancy(ies) are still open. Resolve them, or add a note saying why, to close the month.`,
      { note: "Required while discrepancies are open." },
    );
  const at = now.toISOString();
  const next: Period = {
    tenantId: ctx.actor.tenantId,
    storeId,
    month,
    state: "closed",
    closedAt: at,
    closedBy: ctx.actor.userId,
    closedByName: ctx.actor.name,
    ...(note ? { note } : {}),
    openAtClose: open,
    ...(current?.reopenedAt
      ? { reopenedAt: current.reopenedAt, reopenedByName: current.reopenedByName, reopenReason: current.reopenReason }
      : {}),
    version: (current?.version ?? 0) + 1,
  };
  try {
    await periods.putPeriod(
      database,
      next,
      current?.version ?? 0,
      audit(ctx, "period.closed", { month, openDiscrepancies: open, ...(note ? { note } : {}) }, at),
    );
  } catch (e) {
    if (isContention(e) || isConditionFailure(e)) throw new ConflictError(`The period ${month} is already closed.`);
    throw e;
  }
  return next;
}

/** Reopen a closed month: the general manager, with a reason; audited. */
export async function reopenPeriod(
  ctx: Ctx,
  storeId: string,
  month: string,
  input: unknown,
  opts: { now?: Date } = {},
) {
  await requireStore(ctx, storeId);
  if (!hasRole(ctx.actor, ...PERIOD_REOPENERS))
    throw new ForbiddenError("Only the general manager can reopen a closed period.");
  checkMonth(month);
  const { reason } = parseInput(periodReopenSchema, input);
  const database = db(ctx);
  const current = await periods.getPeriod(database, ctx.actor.tenantId, storeId, month);
  if (current?.state !== "closed") throw new UnprocessableError(`The period ${month} is not closed.`);
  const at = (opts.now ?? new Date()).toISOString();
  const next: Period = {
    ...current,
    state: "reopened",
    reopenedAt: at,
    reopenedByName: ctx.actor.name,
    reopenReason: reason,
    version: current.version + 1,
  };
  try {
    await periods.putPeriod(database, next, current.version, audit(ctx, "period.reopened", { month, reason }, at));
  } catch (e) {
    if (isContention(e) || isConditionFailure(e))
      throw new ConflictError("Someone else changed this period at the same time. Reload and try again.");
    throw e;
  }
  return next;
}
