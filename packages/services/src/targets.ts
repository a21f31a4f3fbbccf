/**
 * Sales targets (销售目标 / 任务分解, brief rule 15): the annual units target
 * of a store per brand (or all brands), decomposed to months and consultants
 * by the pure rules in core, hand-edited per month, and the progress page —
 * month, quarter and year against the actual orders and deliveries read from
 * the day statistics (never from the records), with a consultant leaderboard.
 * Writes are version-checked (409 when stale) and audited beside the target.
 */
import {
  attainment,
  ConflictError,
  decomposeTarget,
  ForbiddenError,
  localDate,
  monthSplitProblems,
  NotFoundError,
  parseInput,
  quarterOfMonth,
  quartersOf,
  type Role,
  salesTargetSchema,
  TARGET_ALL_BRANDS,
  targetMonthSplitSchema,
  targetQuerySchema,
  UnprocessableError,
} from "@dealeros/core";
import {
  type AuditEntry,
  type DayStats,
  identity,
  isContention,
  type SalesTarget,
  type Store,
  stats,
  targets,
  type User,
} from "@dealeros/db";
import { type Ctx, db, hasRole, requireStore } from "./context.ts";

/** Who sets and splits targets. */
export const TARGET_EDITORS: readonly Role[] = ["group_admin", "general_manager", "sales_manager", "sales_admin"];

export interface PeriodProgress {
  /** "2026-11", "2026-Q4", "2026" */
  period: string;
  target: number;
  deliveries: number;
  orders: number;
  /** deliveries / target, null without a target */
  attainment: number | null;
}

export interface LeaderboardRow {
  userId: string;
  name: string;
  monthTarget: number;
  monthDeliveries: number;
  monthOrders: number;
  monthAttainment: number | null;
  yearTarget: number;
  yearDeliveries: number;
  yearAttainment: number | null;
}

export interface TargetsView {
  storeId: string;
  year: number;
  brand: string;
  /** brands of the store plus "*" */
  brands: string[];
  /** the month the progress is shown for (1–12) */
  asOfMonth: number;
  target: SalesTarget | null;
  version: number;
  quarters: number[];
  months: { month: number; target: number; deliveries: number; orders: number }[];
  progress: { month: PeriodProgress; quarter: PeriodProgress; year: PeriodProgress };
  leaderboard: LeaderboardRow[];
  /** the store's active consultants (for the decomposition form) */
  consultants: { userId: string; name: string }[];
  history: AuditEntry[];
  canEdit: boolean;
}

function storeConsultants(users: User[], storeId: string) {
  return users
    .filter((u) => u.active && u.storeIds.includes(storeId) && u.roles.includes("sales_consultant"))
    .map((u) => ({ userId: u.userId, name: u.name }))
    .sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
}

/** A day's counts for the target's brand (all brands: the store's counts). */
function dayFigures(s: DayStats, brand: string) {
  const c = brand === TARGET_ALL_BRANDS ? s : s.byBrand?.[brand];
  return { deliveries: c?.deliveries ?? 0, orders: c?.orders ?? 0 };
}

/** A day's counts per consultant for the brand (brand targets count the brand's detail lines). */
function consultantFigures(
  s: DayStats,
  brand: string,
): Map<string, { deliveries: number; orders: number; name: string }> {
  const out = new Map<string, { deliveries: number; orders: number; name: string }>();
  if (brand === TARGET_ALL_BRANDS) {
    for (const [id, c] of Object.entries(s.byConsultant ?? {}))
      out.set(id, { deliveries: c.deliveries, orders: c.orders, name: c.name });
    return out;
  }
  for (const l of s.detail ?? []) {
    if (l.brand !== brand) continue;
    const c = out.get(l.consultantId) ?? { deliveries: 0, orders: 0, name: l.consultantName };
    if (l.kind === "delivery") c.deliveries += 1;
    else c.orders += 1;
    out.set(l.consultantId, c);
  }
  return out;
}

function yearOf(ctxStore: Store, now = new Date()) {
  const today = localDate(now, ctxStore.timeZone);
  return { year: Number(today.slice(0, 4)), month: Number(today.slice(5, 7)) };
}

/**
 * The Targets page of a store (?year=2026&brand=*): the target and its
 * decomposition, month/quarter/year progress and the leaderboard.
 * Round trips: the year's targets with history (one Query), the year's day
 * statistics up to the shown month (one Query, paged by 1 MB), the staff list.
 */
export async function getTargets(ctx: Ctx, storeId: string, query?: unknown): Promise<TargetsView> {
  const store = await requireStore(ctx, storeId);
  const q = parseInput(targetQuerySchema, query ?? {});
  const now = yearOf(store);
  const year = q.year ?? now.year;
  const brand = q.brand ?? TARGET_ALL_BRANDS;
  if (brand !== TARGET_ALL_BRANDS && !store.brands.includes(brand)) throw new NotFoundError("Brand");
  const asOfMonth = year === now.year ? now.month : year < now.year ? 12 : 1;
  const database = db(ctx);
  const to = `${year}-${String(asOfMonth).padStart(2, "0")}-31`;
  const [{ targets: all, audit }, days, users] = await Promise.all([
    targets.getYearTargets(database, ctx.actor.tenantId, storeId, year, brand),
    year > now.year
      ? Promise.resolve([] as DayStats[])
      : stats.listDayStats(database, ctx.actor.tenantId, storeId, `${year}-01-01`, to),
    identity.listUsers(database, ctx.actor.tenantId),
  ]);
  const target = all.find((t) => t.brand === brand) ?? null;
  const targetMonths = target?.months ?? Array(12).fill(0);
  const months = targetMonths.map((t, i) => ({ month: i + 1, target: t, deliveries: 0, orders: 0 }));
  const perConsultant = new Map<string, { name: string; month: { d: number; o: number }; year: { d: number } }>();
  const asOfQuarter = quarterOfMonth(asOfMonth);
  for (const s of days) {
    const m = Number(s.date.slice(5, 7));
    if (m > asOfMonth) continue;
    const f = dayFigures(s, brand);
    months[m - 1]!.deliveries += f.deliveries;
    months[m - 1]!.orders += f.orders;
    for (const [id, c] of consultantFigures(s, brand)) {
      const row = perConsultant.get(id) ?? { name: c.name, month: { d: 0, o: 0 }, year: { d: 0 } };
      row.year.d += c.deliveries;
      if (m === asOfMonth) {
        row.month.d += c.deliveries;
        row.month.o += c.orders;
      }
      perConsultant.set(id, row);
    }
  }
  const sum = (from: number, toM: number, k: "target" | "deliveries" | "orders") =>
    months.slice(from - 1, toM).reduce((n, x) => n + x[k], 0);
  const period = (label: string, from: number, toM: number, targetTo = toM): PeriodProgress => {
    const t = sum(from, targetTo, "target");
    const d = sum(from, toM, "deliveries");
    return { period: label, target: t, deliveries: d, orders: sum(from, toM, "orders"), attainment: attainment(d, t) };
  };
  const qStart = (asOfQuarter - 1) * 3 + 1;
  const mm = String(asOfMonth).padStart(2, "0");
  const progress = {
    month: period(`${year}-${mm}`, asOfMonth, asOfMonth),
    quarter: period(`${year}-Q${asOfQuarter}`, qStart, asOfMonth, qStart + 2),
    year: period(String(year), 1, asOfMonth, 12),
  };
  const consultants = storeConsultants(users, storeId);
  const ids = new Set([...Object.keys(target?.consultants ?? {}), ...consultants.map((c) => c.userId)]);
  const names = new Map(users.map((u) => [u.userId, u.name]));
  const leaderboard: LeaderboardRow[] = [...ids].map((id) => {
    const t = target?.consultants[id];
    const a = perConsultant.get(id);
    const monthTarget = t?.months[asOfMonth - 1] ?? 0;
    const yearTarget = (t?.months ?? []).reduce((n, x) => n + x, 0);
    const monthDeliveries = a?.month.d ?? 0;
    const yearDeliveries = a?.year.d ?? 0;
    return {
      userId: id,
      name: names.get(id) ?? t?.name ?? a?.name ?? id,
      monthTarget,
      monthDeliveries,
      monthOrders: a?.month.o ?? 0,
      monthAttainment: attainment(monthDeliveries, monthTarget),
      yearTarget,
      yearDeliveries,
      yearAttainment: attainment(yearDeliveries, yearTarget),
    };
  });
  leaderboard.sort(
    (x, y) =>
      (y.monthAttainment ?? -1) - (x.monthAttainment ?? -1) ||
      y.monthDeliveries - x.monthDeliveries ||
      x.name.localeCompare(y.name, "zh-CN"),
  );
  return {
    storeId,
    year,
    brand,
    brands: [TARGET_ALL_BRANDS, ...store.brands],
    asOfMonth,
    target,
    version: target?.version ?? 0,
    quarters: quartersOf(targetMonths),
    months,
    progress,
    leaderboard,
    consultants,
    history: audit,
    canEdit: hasRole(ctx.actor, ...TARGET_EDITORS),
  };
}

function stale(): ConflictError {
  return new ConflictError("Someone else changed this target. Reload and try again.", { version: "Out of date." });
}

function requireEditor(ctx: Ctx) {
  if (!hasRole(ctx.actor, ...TARGET_EDITORS))
    throw new ForbiddenError("Only a general manager, sales manager or sales administrator can set targets.");
}

/**
 * Set a year's target for a brand (or all brands) and decompose it: annual →
 * months (even or by the seasonal weights) → consultants by share. Replaces
 * any hand-edited split. Version-checked, audited.
 * Round trips: the year's targets (Query), the staff list, one transaction.
 */
export async function saveTarget(ctx: Ctx, storeId: string, input: unknown): Promise<SalesTarget> {
  const store = await requireStore(ctx, storeId);
  requireEditor(ctx);
  const data = parseInput(salesTargetSchema, input);
  if (data.brand !== TARGET_ALL_BRANDS && !store.brands.includes(data.brand))
    throw new UnprocessableError(`The store does not sell ${data.brand}.`, {
      brand: `Choose one of the store's brands (${store.brands.join(", ")}) or * for all.`,
    });
  const database = db(ctx);
  const [{ targets: all }, users] = await Promise.all([
    targets.getYearTargets(database, ctx.actor.tenantId, storeId, data.year, data.brand),
    identity.listUsers(database, ctx.actor.tenantId),
  ]);
  const current = all.find((t) => t.brand === data.brand);
  if ((current?.version ?? 0) !== data.version) throw stale();
  const consultants = new Map(storeConsultants(users, storeId).map((c) => [c.userId, c.name]));
  const unknown = data.shares.filter((s) => !consultants.has(s.userId));
  if (unknown.length)
    throw new UnprocessableError("Targets can only be split across the store's active consultants.", {
      shares: `Not a consultant of this store: ${unknown.map((u) => u.userId).join(", ")}.`,
    });
  const d = decomposeTarget(
    data.annualUnits,
    data.shares.map((s) => ({ userId: s.userId, name: consultants.get(s.userId)!, share: s.share })),
    data.weights,
  );
  const at = new Date().toISOString();
  const next: SalesTarget = {
    tenantId: ctx.actor.tenantId,
    storeId,
    year: data.year,
    brand: data.brand,
    annualUnits: d.annualUnits,
    months: d.months,
    consultants: d.consultants,
    version: (current?.version ?? 0) + 1,
    createdAt: current?.createdAt ?? at,
    updatedAt: at,
    createdBy: current?.createdBy ?? ctx.actor.userId,
    updatedBy: ctx.actor.userId,
  };
  try {
    await targets.putSalesTarget(database, next, data.version, {
      at,
      by: ctx.actor.userId,
      byName: ctx.actor.name,
      action: current ? "target.changed" : "target.set",
      detail: {
        year: data.year,
        brand: data.brand,
        annualUnits: current ? `${current.annualUnits} → ${d.annualUnits}` : d.annualUnits,
        months: data.weights ? "seasonal" : "even",
        consultants: Object.keys(d.consultants).length,
      },
    });
  } catch (e) {
    if (isContention(e)) throw stale();
    throw e;
  }
  return next;
}

/**
 * Hand-edit one month's consultant split (the month's total stays); the
 * figures must add up to the month. Version-checked, audited.
 */
export async function saveMonthSplit(ctx: Ctx, storeId: string, input: unknown): Promise<SalesTarget> {
  await requireStore(ctx, storeId);
  requireEditor(ctx);
  const data = parseInput(targetMonthSplitSchema, input);
  const database = db(ctx);
  const [current, users] = await Promise.all([
    targets.getSalesTarget(database, ctx.actor.tenantId, storeId, data.year, data.brand),
    identity.listUsers(database, ctx.actor.tenantId),
  ]);
  if (!current) throw new NotFoundError("Target");
  if (current.version !== data.version) throw stale();
  const consultants = new Map(storeConsultants(users, storeId).map((c) => [c.userId, c.name]));
  const unknown = Object.keys(data.consultants).filter((id) => !consultants.has(id) && !current.consultants[id]);
  if (unknown.length)
    throw new UnprocessableError("Targets can only be split across the store's consultants.", {
      consultants: `Not a consultant of this store: ${unknown.join(", ")}.`,
    });
  const monthUnits = current.months[data.month - 1] ?? 0;
  const split: Record<string, number> = {};
  for (const id of Object.keys(current.consultants)) split[id] = 0;
  Object.assign(split, data.consultants);
  const problems = monthSplitProblems(monthUnits, split);
  if (problems.length) throw new UnprocessableError(problems[0]!, { consultants: problems[0]! });
  const before: Record<string, number> = {};
  const next: SalesTarget = structuredClone(current);
  for (const [id, units] of Object.entries(split)) {
    const line = next.consultants[id] ?? { name: consultants.get(id)!, months: Array(12).fill(0) };
    before[id] = line.months[data.month - 1] ?? 0;
    line.months[data.month - 1] = units;
    next.consultants[id] = line;
  }
  const at = new Date().toISOString();
  next.version = current.version + 1;
  next.updatedAt = at;
  next.updatedBy = ctx.actor.userId;
  const changed: Record<string, string> = {};
  for (const [id, units] of Object.entries(split))
    if (before[id] !== units) changed[next.consultants[id]!.name] = `${before[id]} → ${units}`;
  try {
    await targets.putSalesTarget(database, next, current.version, {
      at,
      by: ctx.actor.userId,
      byName: ctx.actor.name,
      action: "target.month_split",
      detail: { year: data.year, brand: data.brand, month: data.month, ...changed },
    });
  } catch (e) {
    if (isContention(e)) throw stale();
    throw e;
  }
  return next;
}
