/**
 * Commissions (提成, brief rule 18). The tenant defines the rules; the job
 * `commissions` (day 1, 03:00 store time) computes the previous month's
 * statement of every consultant of a store from the day statistics' delivery
 * lines, the delivered contracts (accessory and F&I revenue), the month target
 * and the attendance records; the sales admin reviews, adds adjustment lines
 * (with a reason, audited) and locks the month; a consultant sees only his
 * own statements. Recomputing is idempotent (unchanged statements are not
 * rewritten) and never touches a locked month.
 */
import {
  addDays,
  attendanceFigures,
  type CommissionAttendanceEvent,
  type CommissionDelivery,
  type CommissionRules,
  ConflictError,
  commissionAdjustmentSchema,
  commissionLockSchema,
  commissionMonthSchema,
  commissionRulesInputSchema,
  computeCommission,
  DEFAULT_COMMISSION_RULES,
  ForbiddenError,
  localDate,
  mondayOf,
  monthRange,
  NotFoundError,
  newId,
  parseInput,
  previousMonthOf,
  ROSTER_DAYS,
  type Role,
  UnprocessableError,
  ValidationError,
} from "@dealeros/core";
import {
  type AuditEntry,
  type CommissionMonth,
  type CommissionStatement,
  commissions,
  type Db,
  identity,
  isContention,
  type Store,
  stats,
  targets,
} from "@dealeros/db";
import { type Ctx, db, hasRole, requireRole, requireStore } from "./context.ts";

/** Who edits the commission rules. */
export const COMMISSION_RULE_EDITORS: readonly Role[] = ["group_admin", "sales_admin"];
/** Who reviews, adjusts and locks a month. */
export const COMMISSION_REVIEWERS: readonly Role[] = ["group_admin", "sales_admin"];
/** Who may read every statement of a store (besides the reviewers). */
export const COMMISSION_READERS: readonly Role[] = ["group_admin", "sales_admin", "general_manager"];

export type CommissionRulesView = CommissionRules & { version: number; updatedAt?: string; updatedByName?: string };

export async function getCommissionRules(
  ctx: Pick<Ctx, "db"> & { actor: { tenantId: string } },
): Promise<CommissionRulesView> {
  const saved = await commissions.getCommissionRules(db(ctx), ctx.actor.tenantId);
  return { ...DEFAULT_COMMISSION_RULES, version: 0, ...saved };
}

function staleRules(): ConflictError {
  return new ConflictError("Someone else changed the commission rules. Reload and try again.", {
    version: "Out of date.",
  });
}

/** Change the rules (sales admin, group admin): version-checked, audited in the tenant log. */
export async function updateCommissionRules(ctx: Ctx, input: unknown): Promise<CommissionRulesView> {
  requireRole(
    ctx.actor,
    COMMISSION_RULE_EDITORS,
    "Only a sales administrator or the group administrator can change the commission rules.",
  );
  const { version, ...next } = parseInput(commissionRulesInputSchema, input);
  const current = await getCommissionRules(ctx);
  if (version !== current.version) throw staleRules();
  const at = new Date().toISOString();
  const changed: Record<string, unknown> = {};
  for (const k of Object.keys(next) as (keyof CommissionRules)[])
    if (JSON.stringify(next[k]) !== JSON.stringify(current[k]))
      changed[k] =
        k === "unitRates"
          ? `${current.unitRates.length} → ${next.unitRates.length} rates`
          : `${current[k]} → ${next[k]}`;
  const saved: commissions.StoredCommissionRules = {
    ...next,
    version: current.version + 1,
    updatedAt: at,
    updatedByName: ctx.actor.name,
  };
  try {
    await commissions.putCommissionRules(db(ctx), ctx.actor.tenantId, saved, current.version, {
      at,
      by: ctx.actor.userId,
      byName: ctx.actor.name,
      action: "settings.commissions",
      detail: changed,
    });
  } catch (e) {
    if (isContention(e)) throw staleRules();
    throw e;
  }
  return saved;
}

// ---------- the monthly computation (the job) ----------

export interface CommissionRun {
  storeId: string;
  month: string;
  /** the month is locked: nothing was computed or written */
  locked: boolean;
  statements: number;
  /** statements written this run (0 when nothing changed) */
  written: number;
}

/** JSON with object keys sorted (a stored item comes back with its attributes in any order). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object")
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v) ?? "null";
}

const sameStatement = (a: CommissionStatement, b: CommissionStatement) => {
  const strip = ({ computedAt: _c, version: _v, ...rest }: CommissionStatement) => rest;
  return canonical(strip(a)) === canonical(strip(b));
};

/** The dates of a month a consultant was rostered (has at least one shift). */
function rosteredDates(
  rosters: Awaited<ReturnType<typeof commissions.listRosters>>,
  userId: string,
  from: string,
  to: string,
): string[] {
  const out: string[] = [];
  for (const r of rosters) {
    const line = r.lines.find((l) => l.userId === userId);
    if (!line) continue;
    ROSTER_DAYS.forEach((day, i) => {
      const date = addDays(r.weekStart, i);
      if (date >= from && date <= to && (line.days[day]?.length ?? 0) > 0) out.push(date);
    });
  }
  return out;
}

/**
 * Compute (or recompute) the statements of one store's month. A locked month
 * is left alone. Idempotent: statements whose figures did not change are not
 * rewritten, so a second run writes nothing. Adjustment lines survive.
 * Round trips: the month partition, the month's day statistics, the rules,
 * the staff list, the target, the rosters (one each, in parallel), the
 * delivered contracts (BatchGet, 100 a call), one attendance Query per
 * consultant, then the write (one transaction per 98 statements).
 */
export async function computeCommissions(
  store: Store,
  month: string,
  opts: { db?: Db; byName?: string; by?: string } = {},
): Promise<CommissionRun> {
  const database = db(opts);
  const { tenantId, storeId } = store;
  const { from, to } = monthRange(month);
  const [existing, days, rules, users, target, rosters] = await Promise.all([
    commissions.getCommissionMonth(database, tenantId, storeId, month),
    stats.listDayStats(database, tenantId, storeId, from, to),
    getCommissionRules({ actor: { tenantId }, db: database }),
    identity.listUsers(database, tenantId),
    targets.getSalesTarget(database, tenantId, storeId, Number(month.slice(0, 4))),
    commissions.listRosters(database, tenantId, storeId, mondayOf(from), mondayOf(to)),
  ]);
  const run: CommissionRun = { storeId, month, locked: false, statements: 0, written: 0 };
  if (existing.month?.state === "locked") return { ...run, locked: true, statements: existing.statements.length };

  const lines = days.flatMap((d) =>
    (d.detail ?? []).filter((l) => l.kind === "delivery").map((l) => ({ ...l, date: d.date })),
  );
  const contracts = new Map(
    (
      await commissions.getContracts(
        database,
        tenantId,
        lines.map((l) => l.contractId),
      )
    ).map((c) => [c.contractId, c]),
  );
  const deliveries = new Map<string, CommissionDelivery[]>();
  const names = new Map<string, string>();
  for (const l of lines) {
    const c = contracts.get(l.contractId);
    if (c?.state === "cancelled") continue;
    const userId = c?.consultantId ?? l.consultantId;
    names.set(userId, c?.consultantName ?? l.consultantName);
    const d: CommissionDelivery = {
      contractId: l.contractId,
      contractNo: c?.contractNo ?? l.contractNo,
      customerName: c?.customerName ?? l.customerName,
      deliveredDate: l.date,
      brand: c?.vehicle.brand ?? l.brand,
      modelCode: c?.vehicle.modelCode ?? l.model,
      modelName: c?.vehicle.modelName ?? l.model,
      trimCode: c?.vehicle.trimCode ?? l.trim,
      trimName: c?.vehicle.trimName ?? l.trim,
      accessoriesFen: c?.totals.accessoriesFen ?? 0,
      insuranceFen: c?.totals.insuranceFen ?? 0,
      financed: (c?.totals.loanFen ?? 0) > 0,
    };
    const list = deliveries.get(userId) ?? [];
    // the same contract on two days' lines counts once
    if (!list.some((x) => x.contractId === d.contractId)) list.push(d);
    deliveries.set(userId, list);
  }
  for (const u of users)
    if (u.active && u.storeIds.includes(storeId) && u.roles.includes("sales_consultant")) names.set(u.userId, u.name);
  for (const s of existing.statements) if (!names.has(s.userId)) names.set(s.userId, s.name);
  for (const u of users) if (names.has(u.userId)) names.set(u.userId, u.name);

  const ids = [...names.keys()].sort();
  const attendance = await Promise.all(
    ids.map((id) => commissions.listUserAttendance(database, tenantId, id, from, to)),
  );
  const monthIndex = Number(month.slice(5, 7)) - 1;
  const now = new Date().toISOString();
  const previous = new Map(existing.statements.map((s) => [s.userId, s]));
  const writes: { item: CommissionStatement; expectedVersion: number }[] = [];
  const all: CommissionStatement[] = [];
  ids.forEach((userId, i) => {
    const events = attendance[i]!.filter((r) => r.storeId === storeId) as unknown as CommissionAttendanceEvent[];
    const att = attendanceFigures(events, rosteredDates(rosters, userId, from, to));
    const old = previous.get(userId);
    const adjustments = old?.adjustments ?? [];
    const targetUnits = target?.consultants[userId]?.months[monthIndex];
    const r = computeCommission({
      rules,
      deliveries: deliveries.get(userId) ?? [],
      targetUnits,
      absentDays: att.absentDays,
      lateSignIns: att.lateSignIns,
      adjustments,
    });
    const next: CommissionStatement = {
      tenantId,
      storeId,
      month,
      userId,
      name: names.get(userId)!,
      lines: r.lines,
      adjustments,
      units: r.units,
      targetUnits: targetUnits ?? null,
      accessoriesFen: r.accessoriesFen,
      insuranceFen: r.insuranceFen,
      absentDays: att.absentDays,
      lateSignIns: att.lateSignIns,
      totalFen: r.totalFen,
      computedAt: old?.computedAt ?? now,
      version: old?.version ?? 0,
    };
    if (old && sameStatement(old, next)) {
      all.push(old);
      return;
    }
    const item = { ...next, computedAt: now, version: (old?.version ?? 0) + 1 };
    writes.push({ item, expectedVersion: old?.version ?? 0 });
    all.push(item);
  });
  const figures = {
    consultants: all.length,
    totalFen: all.reduce((n, s) => n + s.totalFen, 0),
    rulesVersion: rules.version,
  };
  const m = existing.month;
  const monthChanged =
    !m ||
    writes.length > 0 ||
    m.consultants !== figures.consultants ||
    m.totalFen !== figures.totalFen ||
    m.rulesVersion !== figures.rulesVersion;
  const monthItem: CommissionMonth | null = monthChanged
    ? {
        tenantId,
        storeId,
        month,
        state: "draft",
        ...figures,
        computedAt: now,
        version: (m?.version ?? 0) + 1,
      }
    : null;
  if (monthItem || writes.length) {
    try {
      await commissions.writeCommissionRun(
        database,
        monthItem ? { item: monthItem, expectedVersion: m?.version ?? 0 } : null,
        writes,
        { tenantId, storeId, month },
      );
    } catch (e) {
      if (isContention(e))
        throw new ConflictError(
          "The commission month changed while it was being computed (locked or adjusted). Run it again.",
        );
      throw e;
    }
  }
  return { ...run, statements: all.length, written: writes.length };
}

/** The job: day 1 at 03:00 store time, the previous month. */
export function commissionsJob(store: Store, month: string, opts: { db?: Db } = {}) {
  return computeCommissions(store, month, opts);
}

// ---------- review (the sales admin) and reading ----------

function parseMonth(month: string): string {
  const r = commissionMonthSchema.safeParse(month);
  if (!r.success) throw new ValidationError("Use a month like 2026-10.", { month: "Use a month like 2026-10." });
  return r.data;
}

export interface CommissionMonthView {
  storeId: string;
  month: string;
  /** null: not computed yet */
  state: "draft" | "locked" | null;
  version: number;
  computedAt: string | null;
  lockedAt: string | null;
  lockedByName: string | null;
  totalFen: number;
  statements: CommissionStatement[];
  history: AuditEntry[];
  canReview: boolean;
  /** the month has ended (a past month can be computed) */
  closed: boolean;
}

function currentMonth(store: Store): string {
  return localDate(new Date(), store.timeZone).slice(0, 7);
}

/**
 * A store's month (reviewers and the GM): every statement, the state and the
 * history. Round trips: one Query.
 */
export async function getCommissionMonthView(
  ctx: Ctx,
  storeId: string,
  monthText: string,
): Promise<CommissionMonthView> {
  const store = await requireStore(ctx, storeId);
  const month = parseMonth(monthText);
  if (!hasRole(ctx.actor, ...COMMISSION_READERS))
    throw new ForbiddenError("Only a sales administrator or a general manager can see every statement.");
  const r = await commissions.getCommissionMonth(db(ctx), ctx.actor.tenantId, storeId, month);
  const statements = [...r.statements].sort((a, b) => b.totalFen - a.totalFen || a.name.localeCompare(b.name, "zh-CN"));
  return {
    storeId,
    month,
    state: r.month?.state ?? null,
    version: r.month?.version ?? 0,
    computedAt: r.month?.computedAt ?? null,
    lockedAt: r.month?.lockedAt ?? null,
    lockedByName: r.month?.lockedByName ?? null,
    totalFen: statements.reduce((n, s) => n + s.totalFen, 0),
    statements,
    history: r.audit,
    canReview: hasRole(ctx.actor, ...COMMISSION_REVIEWERS),
    closed: month < currentMonth(store),
  };
}

export interface StatementView {
  statement: CommissionStatement;
  state: "draft" | "locked";
  monthVersion: number;
  canReview: boolean;
}

/**
 * One consultant's statement: his own, or anyone's for a reader. Someone
 * else's statement is "not found" for a consultant. Round trips: one BatchGet.
 */
export async function getStatement(
  ctx: Ctx,
  storeId: string,
  monthText: string,
  userId: string,
): Promise<StatementView> {
  await requireStore(ctx, storeId);
  const month = parseMonth(monthText);
  const own = userId === ctx.actor.userId;
  if (!own && !hasRole(ctx.actor, ...COMMISSION_READERS)) throw new NotFoundError("Statement");
  const r = await commissions.getStatement(db(ctx), ctx.actor.tenantId, storeId, month, userId);
  if (!r.statement || !r.month) throw new NotFoundError("Statement");
  return {
    statement: r.statement,
    state: r.month.state,
    monthVersion: r.month.version,
    canReview: hasRole(ctx.actor, ...COMMISSION_REVIEWERS),
  };
}

/** The signed-in consultant's statements in a store, newest first. Round trips: one Query (GSI2). */
export async function myStatements(ctx: Ctx, storeId: string): Promise<CommissionStatement[]> {
  await requireStore(ctx, storeId);
  return commissions.listUserStatements(db(ctx), ctx.actor.tenantId, ctx.actor.userId, storeId);
}

function monthLocked(): ConflictError {
  return new ConflictError("The commissions of this month are locked; nothing can be changed any more.");
}

/**
 * Add a manual adjustment line (positive or negative, with a reason) to a
 * statement of a draft month. Version-checked, audited.
 * Round trips: one BatchGet, one transaction.
 */
export async function addAdjustment(
  ctx: Ctx,
  storeId: string,
  monthText: string,
  userId: string,
  input: unknown,
): Promise<CommissionStatement> {
  await requireStore(ctx, storeId);
  const month = parseMonth(monthText);
  if (!hasRole(ctx.actor, ...COMMISSION_READERS)) throw new NotFoundError("Statement");
  requireRole(ctx.actor, COMMISSION_REVIEWERS, "Only a sales administrator can adjust a statement.");
  const data = parseInput(commissionAdjustmentSchema, input);
  const database = db(ctx);
  const r = await commissions.getStatement(database, ctx.actor.tenantId, storeId, month, userId);
  if (!r.statement || !r.month) throw new NotFoundError("Statement");
  if (r.month.state === "locked") throw monthLocked();
  if (r.statement.version !== data.version)
    throw new ConflictError("Someone else changed this statement. Reload and try again.", { version: "Out of date." });
  const at = new Date().toISOString();
  const adjustment = { id: newId(), amountFen: data.amountFen, reason: data.reason, at, byName: ctx.actor.name };
  const s = r.statement;
  const next: CommissionStatement = {
    ...s,
    adjustments: [...s.adjustments, adjustment],
    lines: [
      ...s.lines,
      { kind: "adjustment", label: data.reason, quantity: 1, rate: data.amountFen, amountFen: data.amountFen },
    ],
    totalFen: s.totalFen + data.amountFen,
    version: s.version + 1,
  };
  try {
    await commissions.putStatementChange(database, next, s.version, {
      at,
      by: ctx.actor.userId,
      byName: ctx.actor.name,
      action: "commission.adjusted",
      detail: {
        consultant: s.name,
        userId,
        amountFen: data.amountFen,
        reason: data.reason,
        totalFen: `${s.totalFen} → ${next.totalFen}`,
      },
    });
  } catch (e) {
    if (isContention(e))
      throw new ConflictError("The statement or its month changed meanwhile (locked?). Reload and try again.");
    throw e;
  }
  return next;
}

/** Lock a computed month (sales admin): from now on the job and the review leave it alone. Audited. */
export async function lockMonth(
  ctx: Ctx,
  storeId: string,
  monthText: string,
  input: unknown,
): Promise<CommissionMonth> {
  await requireStore(ctx, storeId);
  const month = parseMonth(monthText);
  requireRole(ctx.actor, COMMISSION_REVIEWERS, "Only a sales administrator can lock the commissions.");
  const data = parseInput(commissionLockSchema, input);
  const database = db(ctx);
  const m = await commissions.getMonthItem(database, ctx.actor.tenantId, storeId, month);
  if (!m) throw new NotFoundError("Commission month");
  if (m.state === "locked") throw monthLocked();
  if (m.version !== data.version)
    throw new ConflictError("The month was recomputed or changed meanwhile. Reload, check and lock again.", {
      version: "Out of date.",
    });
  const at = new Date().toISOString();
  const next: CommissionMonth = {
    ...m,
    state: "locked",
    lockedAt: at,
    lockedByName: ctx.actor.name,
    version: m.version + 1,
  };
  try {
    await commissions.putMonthChange(database, next, m.version, {
      at,
      by: ctx.actor.userId,
      byName: ctx.actor.name,
      action: "commission.locked",
      detail: { month, consultants: m.consultants, totalFen: m.totalFen },
    });
  } catch (e) {
    if (isContention(e)) throw new ConflictError("The month changed meanwhile. Reload and try again.");
    throw e;
  }
  return next;
}

/** Compute a past month now (sales admin; the job does this on day 1). A locked month → 409. */
export async function runMonth(ctx: Ctx, storeId: string, monthText: string): Promise<CommissionRun> {
  const store = await requireStore(ctx, storeId);
  const month = parseMonth(monthText);
  requireRole(ctx.actor, COMMISSION_REVIEWERS, "Only a sales administrator can compute commissions.");
  if (month >= currentMonth(store))
    throw new UnprocessableError("Only a month that has ended can be computed.", { month: "Choose a past month." });
  const r = await computeCommissions(store, month, { db: ctx.db });
  if (r.locked) throw monthLocked();
  return r;
}

/** The month the job on day 1 computes: the previous one. */
export function jobMonth(localToday: string): string {
  return previousMonthOf(localToday);
}
