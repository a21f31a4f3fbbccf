/**
 * Reports (rules 15 and 16): the day statistics a store's reports read, the
 * 16:30 daily sales report (stored, shown to the GM, mailed to the GMs and
 * finance), the period views (day … year, custom) with the funnel per
 * consultant and store, and the local outbox.
 *
 * A day's statistics are computed from the day's records through day-indexed
 * Queries only (walk-ins of the day, cards created, the store's plan of the
 * day, cards lost, contracts signed, post-delivery calls by delivery time) plus
 * at most two BatchGets for the detail lines — whatever the store's size.
 * Every report then reads the statistics: one Query per store and period.
 */
import {
  addDays,
  aggregateDays,
  ConflictError,
  type DayStatsLike,
  emptyCounts as emptyFunnel,
  ForbiddenError,
  type FunnelCounts,
  funnelRatios,
  localDate,
  monthToDate,
  NotFoundError,
  parseInput,
  periodRange,
  type Role,
  reportQuerySchema,
  reportSettingsSchema,
  seriesOf,
  ValidationError,
  zonedToUtc,
} from "@dealeros/core";
import {
  type Contract,
  type DailyReport,
  type DayCounts,
  type DayStats,
  type Db,
  delivery,
  eod,
  identity,
  isContention,
  keys,
  type PlanFields,
  type Prospect,
  plan,
  reports,
  type SalesDetailLine,
  type Store,
  showroom,
  stats,
  targets,
  type Vehicle,
} from "@dealeros/db";
import { type Actor, type Ctx, db, hasRole, requireStore } from "./context.ts";
import { log } from "./log.ts";
import { sendMail } from "./mailer.ts";

/** Who reads a store's reports (the whole funnel); a consultant reads only his own row. */
export const REPORT_SUPERVISORS: readonly Role[] = ["group_admin", "general_manager", "sales_manager", "sales_admin"];
/** Who reads the outbox and edits the report settings. */
export const OUTBOX_READERS: readonly Role[] = ["group_admin", "general_manager"];

const zero = (): DayCounts => emptyFunnel();

function bump(map: Record<string, DayCounts>, key: string | undefined | null, field: keyof DayCounts, by = 1): void {
  if (!key) return;
  const c = map[key] ?? zero();
  c[field] += by;
  map[key] = c;
}

type AgendaItem = PlanFields & { returned?: { at: string }; outcome?: string };

/** The day's records, as the computation reads them (also what the unit of work of the bench measures). */
export interface DayRecords {
  walkIns: Awaited<ReturnType<typeof showroom.listStoreWalkIns>>;
  cards: Prospect[];
  agenda: AgendaItem[];
  lost: Prospect[];
  signed: Contract[];
  calls: delivery.PostDeliveryCall[];
  contracts: Map<string, Contract>;
  prospects: Map<string, Prospect>;
  vehicles: Map<string, Vehicle>;
}

/** Read a day's records: six Queries in parallel, then at most two BatchGets (contracts/cards, vehicles). */
export async function readDayRecords(database: Db, store: Store, date: string): Promise<DayRecords> {
  const { tenantId, storeId, timeZone } = store;
  const from = zonedToUtc(date, "00:00", timeZone).toISOString();
  const to = zonedToUtc(addDays(date, 1), "00:00", timeZone).toISOString();
  // calls due on the day were made for deliveries 3 days earlier: one read covers both
  const callsFrom = zonedToUtc(addDays(date, -3), "00:00", timeZone).toISOString();
  const [walkIns, cards, agenda, lost, signed, calls] = await Promise.all([
    showroom.listStoreWalkIns(database, tenantId, storeId, date),
    eod.storeProspectsCreated(database, tenantId, storeId, from, to),
    plan.storeDayPlan<AgendaItem>(database, tenantId, storeId, date),
    reports.listLostProspects(database, tenantId, storeId, from, to),
    reports.listSignedContracts(database, tenantId, storeId, date, date),
    delivery.listStoreCalls(database, tenantId, storeId, callsFrom, to),
  ]);
  const deliveredIds = calls.filter((c) => c.deliveredAt >= from && c.deliveredAt < to).map((c) => c.contractId);
  const contracts = new Map(signed.map((c) => [c.contractId, c]));
  const prospects = new Map<string, Prospect>();
  const wantCards = [
    ...signed.map((c) => c.prospectId),
    ...agenda.filter((a) => a.kind === "test_drive" && a.prospectId).map((a) => a.prospectId!),
  ];
  const first = await reports.getItems(database, [
    ...deliveredIds.filter((id) => !contracts.has(id)).map((id) => keys.contract(tenantId, id)),
    ...wantCards.map((id) => keys.prospect(tenantId, id)),
  ]);
  for (const i of first) {
    if (i.type === "Contract") contracts.set(String(i.contractId), i as unknown as Contract);
    else if (i.type === "Prospect") prospects.set(String(i.prospectId), i as unknown as Prospect);
  }
  for (const c of contracts.values())
    if (c.delivery?.deliveredAt && !prospects.has(c.prospectId)) wantCards.push(c.prospectId);
  const vehicleIds = [...contracts.values()].map((c) => c.allocation?.vehicleId).filter((v): v is string => !!v);
  const second = await reports.getItems(database, [
    ...vehicleIds.map((id) => keys.vehicle(tenantId, id)),
    ...wantCards.filter((id) => !prospects.has(id)).map((id) => keys.prospect(tenantId, id)),
  ]);
  const vehicles = new Map<string, Vehicle>();
  for (const i of second) {
    if (i.type === "Vehicle") vehicles.set(String(i.vehicleId), i as unknown as Vehicle);
    else if (i.type === "Prospect") prospects.set(String(i.prospectId), i as unknown as Prospect);
  }
  return { walkIns, cards, agenda, lost, signed, calls, contracts, prospects, vehicles };
}

function detailLine(kind: SalesDetailLine["kind"], c: Contract, vehicles: Map<string, Vehicle>): SalesDetailLine {
  const v = c.allocation ? vehicles.get(c.allocation.vehicleId) : undefined;
  return {
    kind,
    contractId: c.contractId,
    contractNo: c.contractNo,
    consultantId: c.consultantId,
    consultantName: c.consultantName,
    customerName: c.customerName,
    brand: c.vehicle.brand,
    model: c.vehicle.modelName,
    trim: c.vehicle.trimName,
    colour: v?.colourName ?? c.vehicle.colourName ?? "",
    ...(v?.vin || c.allocation?.vin || c.vehicle.vin ? { vin: v?.vin ?? c.allocation?.vin ?? c.vehicle.vin } : {}),
    ...(v?.engineNumber ? { engineNo: v.engineNumber } : {}),
    amountFen: c.totals.payableFen,
  };
}

/**
 * Build a day's statistics from its records (pure). Definitions:
 * - walk-ins by the consultant they were assigned to; cards by owner; test drives returned that day;
 * - invitations: the appointments due that day (not cancelled) are "made", those the customer
 *   arrived for are "kept" (邀约成功率 = kept / made for the same appointments), the rest missed;
 * - orders: contracts signed that day, cancelled ones excluded; deliveries: handovers that day;
 * - post-delivery calls: the calls whose 3-day deadline falls on the day, "done" when made by it;
 * - complaints: those whose 12-hour response fell due that day, "handled" when answered by then.
 */
export function buildDayStats(store: Store, date: string, r: DayRecords, now: Date): DayStats {
  const from = zonedToUtc(date, "00:00", store.timeZone).toISOString();
  const to = zonedToUtc(addDays(date, 1), "00:00", store.timeZone).toISOString();
  const total = zero();
  const byConsultant: Record<string, DayCounts> = {};
  const names: Record<string, string> = {};
  const bySource: Record<string, DayCounts> = {};
  const byBrand: Record<string, DayCounts> = {};
  const lostReasons: Record<string, number> = {};
  const count = (
    field: keyof DayCounts,
    who: { id?: string | null; name?: string | null },
    source?: string,
    brand?: string,
    by = 1,
  ) => {
    total[field] += by;
    if (who.id) {
      bump(byConsultant, who.id, field, by);
      if (who.name) names[who.id] = who.name;
    }
    bump(bySource, source, field, by);
    bump(byBrand, brand, field, by);
  };

  for (const w of r.walkIns) count("walkIns", { id: w.assignment.userId, name: w.assignment.name }, w.source);
  for (const p of r.cards) count("newProspects", { id: p.ownerId, name: p.ownerName }, p.source);
  for (const a of r.agenda) {
    const who = { id: a.ownerId, name: a.ownerName };
    if (a.kind === "test_drive" && a.returned)
      count("testDrives", who, a.prospectId ? r.prospects.get(a.prospectId)?.source : undefined);
    if (a.kind === "appointment" && a.status !== "cancelled" && a.outcome !== "cancelled") {
      count("appointmentsMade", who);
      if (a.outcome === "arrived") count("appointmentsKept", who);
      else count("appointmentsMissed", who);
    }
  }
  for (const p of r.lost) {
    count("lost", { id: p.ownerId, name: p.ownerName }, p.source);
    const reason = p.lost!.reason;
    lostReasons[reason] = (lostReasons[reason] ?? 0) + 1;
  }
  const detail: SalesDetailLine[] = [];
  for (const c of r.signed) {
    if (c.state === "cancelled") continue;
    const who = { id: c.consultantId, name: c.consultantName };
    const source = r.prospects.get(c.prospectId)?.source;
    count("orders", who, source, c.vehicle.brand);
    count("orderAmountFen", who, source, c.vehicle.brand, c.totals.payableFen);
    detail.push(detailLine("order", c, r.vehicles));
  }
  for (const call of r.calls) {
    const who = { id: call.ownerId, name: call.ownerName };
    if (call.deliveredAt >= from && call.deliveredAt < to) {
      const c = r.contracts.get(call.contractId);
      count(
        "deliveries",
        c ? { id: c.consultantId, name: c.consultantName } : who,
        c && r.prospects.get(c.prospectId)?.source,
        c?.vehicle.brand,
      );
      if (c) detail.push(detailLine("delivery", c, r.vehicles));
    }
    if (call.status !== "cancelled" && call.dueAt >= from && call.dueAt < to) {
      count("postCallsDue", who);
      if (call.status === "done" && call.doneAt && call.doneAt <= call.dueAt) count("postCallsDone", who);
    }
  }
  const complaints = r.agenda.filter((a) => a.kind === "complaint");
  detail.sort((a, b) => (a.kind === b.kind ? a.contractNo.localeCompare(b.contractNo) : a.kind === "order" ? -1 : 1));
  return {
    tenantId: store.tenantId,
    storeId: store.storeId,
    date,
    ...total,
    firstVisits: r.walkIns.filter((w) => w.visitType === "first").length,
    returnVisits: r.walkIns.filter((w) => w.visitType === "return").length,
    byConsultant: Object.fromEntries(
      Object.entries(byConsultant)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([id, c]) => [id, { ...c, name: names[id] ?? id }]),
    ),
    bySource,
    byBrand,
    lostReasons,
    complaints: complaints.length,
    complaintsHandledIn12h: complaints.filter((c) => c.doneAt && c.doneAt <= c.dueAt).length,
    referrals: r.cards.filter((p) => p.referral).length,
    detail,
    generatedAt: now.toISOString(),
  };
}

/** A store's statistics of one local day, computed from the day's records (not stored). */
export async function computeDayStats(
  store: Store,
  date: string,
  opts: { db?: Db; now?: Date } = {},
): Promise<DayStats> {
  const records = await readDayRecords(db(opts), store, date);
  return buildDayStats(store, date, records, opts.now ?? new Date());
}

/** The same figures? (generatedAt aside; key order of the stored map may differ) */
function sameStats(a: DayStats | undefined, b: DayStats): boolean {
  if (!a) return false;
  const norm = (s: DayStats) => {
    const { generatedAt: _g, ...rest } = s;
    return stable(rest);
  };
  return norm(a) === norm(b);
}

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
  if (v && typeof v === "object")
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v);
}

/**
 * The `day-stats` job (shortly after local midnight, the previous day) and the
 * refresh of the daily report: compute the day and store it. Idempotent: the
 * item is rewritten only when a figure changed, so a second run leaves it as it is.
 */
export async function refreshDayStats(
  store: Store,
  date: string,
  opts: { db?: Db; now?: Date } = {},
): Promise<{ stats: DayStats; written: boolean }> {
  const database = db(opts);
  const [fresh, stored] = await Promise.all([
    computeDayStats(store, date, { ...opts, db: database }),
    reports.getDayStats(database, store.tenantId, store.storeId, date),
  ]);
  if (sameStats(stored, fresh)) return { stats: stored!, written: false };
  await stats.putDayStats(database, fresh);
  return { stats: fresh, written: true };
}

// ---------- the daily sales report (16:30 store time) ----------

const yuan = (fen: number) =>
  `¥${(fen / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const pct = (r: number | null) => (r === null ? "—" : `${Math.round(r * 100)}%`);

/** The e-mail of a daily report (plain text, bilingual headings). */
export function dailyReportMail(r: DailyReport): { subject: string; text: string } {
  const s = r.stats;
  const m = r.monthToDate;
  const lines = [
    `${r.storeName} — daily sales report ${r.date} · 销售日报`,
    "",
    `Walk-ins 客流: ${s.walkIns}   New prospects 新增潜客: ${s.newProspects}   Test drives 试驾: ${s.testDrives}`,
    `Orders 订单: ${s.orders} (${yuan(s.orderAmountFen)})   Deliveries 交车: ${s.deliveries}`,
    "",
    `Month to date 本月累计 (${m.month}): orders ${m.orders}, deliveries ${m.deliveries}` +
      (m.targetUnits !== null
        ? ` of target ${m.targetUnits} 目标 (${pct(m.attainment)})`
        : " (no target set 未设目标)"),
    "",
  ];
  for (const kind of ["order", "delivery"] as const) {
    const d = s.detail.filter((l) => l.kind === kind);
    lines.push(kind === "order" ? `Orders 订单明细 (${d.length})` : `Deliveries 交车明细 (${d.length})`);
    for (const l of d)
      lines.push(
        `  ${l.contractNo} ${l.customerName} · ${l.brand} ${l.model} ${l.trim} · ${l.colour || "—"} · engine 发动机号 ${l.engineNo ?? "—"} · ${l.consultantName} · ${yuan(l.amountFen)}`,
      );
    if (!d.length) lines.push("  —");
    lines.push("");
  }
  lines.push(`Generated ${r.generatedAt} · Dealer OS · 经销商云`);
  return { subject: `Daily sales report ${r.date} — ${r.storeName} · 销售日报`, text: lines.join("\n") };
}

/** Who gets the report: the store's active GMs and the tenant's finance addresses. */
async function recipients(database: Db, store: Store): Promise<string[]> {
  const [users, settings] = await Promise.all([
    identity.listUsers(database, store.tenantId),
    reports.getReportSettings(database, store.tenantId),
  ]);
  const gms = users
    .filter((u) => u.active && u.roles.includes("general_manager") && u.storeIds.includes(store.storeId))
    .map((u) => u.email.toLowerCase());
  return [...new Set([...gms, ...(settings?.financeEmails ?? [])])].sort();
}

function sameReport(a: DailyReport | undefined, b: DailyReport): boolean {
  if (!a) return false;
  const norm = (r: DailyReport) => {
    const { generatedAt: _g, mailedAt: _m, mailResult: _r, stats: s, ...rest } = r;
    const { generatedAt: _sg, ...figures } = s;
    return stable({ ...rest, figures });
  };
  return norm(a) === norm(b);
}

export interface DailyReportRun {
  report: DailyReport;
  written: boolean;
  mailed: number;
}

/**
 * The `daily-report` job (16:30 store time, so the report is there before
 * 17:00): refresh the day's statistics, build the report with month-to-date
 * against the month's target, store it, and mail it once to the GMs and finance.
 * Idempotent per store and day: a second run rewrites nothing unless a figure
 * changed, and never mails again.
 */
export async function dailyReportJob(
  store: Store,
  date: string,
  opts: { db?: Db; now?: Date } = {},
): Promise<DailyReportRun> {
  const database = db(opts);
  const now = opts.now ?? new Date();
  const { tenantId, storeId } = store;
  const month = date.slice(0, 7);
  const { stats: day } = await refreshDayStats(store, date, { db: database, now });
  const [monthDays, target, to, stored] = await Promise.all([
    stats.listDayStats(database, tenantId, storeId, `${month}-01`, addDays(date, -1)),
    targets.monthTargetUnits(database, tenantId, storeId, month),
    recipients(database, store),
    reports.getDailyReport(database, tenantId, storeId, date),
  ]);
  const report: DailyReport = {
    tenantId,
    storeId,
    storeName: store.name,
    date,
    timeZone: store.timeZone,
    stats: day,
    monthToDate: monthToDate([...monthDays, day], month, target),
    recipients: to,
    generatedAt: now.toISOString(),
  };
  let written = false;
  if (!sameReport(stored, report)) {
    await reports.putDailyReport(database, report);
    written = true;
  }
  const current = written ? report : stored!;
  let mailed = 0;
  if (to.length && (await reports.claimDailyReportMail(database, tenantId, storeId, date, now.toISOString()))) {
    const mail = dailyReportMail(current);
    const results: string[] = [];
    for (const address of to) {
      const r = await sendMail({ tenantId, to: address, ...mail });
      results.push(r);
      if (r !== "failed") mailed += 1;
    }
    const summary = results.every((r) => r === results[0]) ? results[0]! : results.join(",");
    await reports.setDailyReportMailResult(database, tenantId, storeId, date, summary);
    log.info("daily report mailed", { storeId, date, recipients: to.length, result: summary });
  }
  return { report: current, written, mailed };
}

// ---------- reading reports ----------

function isSupervisor(actor: Actor): boolean {
  return hasRole(actor, ...REPORT_SUPERVISORS);
}

function requireReportReader(actor: Actor): void {
  if (!isSupervisor(actor) && !hasRole(actor, "sales_consultant"))
    throw new ForbiddenError("Reports are for managers, sales admins and consultants.");
}

/** A consultant's own figures of a day (his row), for his view of the funnel. */
function ownDay(d: DayStats, userId: string): DayStatsLike {
  const own = d.byConsultant[userId];
  return {
    date: d.date,
    ...(own ?? emptyFunnel()),
    byConsultant: own ? { [userId]: own } : {},
    bySource: {},
    byBrand: {},
    lostReasons: {},
    complaints: 0,
    complaintsHandledIn12h: 0,
  };
}

export interface FunnelRow extends FunnelCounts {
  userId: string;
  name: string;
  ratios: ReturnType<typeof funnelRatios>;
}

/**
 * A period report of a store: the funnel per consultant and for the store with
 * ratios, the lead sources, invitations, lost reasons, post-delivery calls and
 * complaints, and the figures over time. One Query (the day statistics).
 * A consultant sees only his own row.
 */
export async function getPeriodReport(ctx: Ctx, storeId: string, query: Record<string, string | undefined> = {}) {
  const store = await requireStore(ctx, storeId);
  requireReportReader(ctx.actor);
  const q = parseInput(reportQuerySchema, query);
  const today = localDate(new Date(), store.timeZone);
  const range = periodRange(q.period, q.date ?? today, { from: q.from, to: q.to });
  const days = await stats.listDayStats(db(ctx), store.tenantId, store.storeId, range.from, range.to);
  const own = !isSupervisor(ctx.actor);
  const only = own ? ctx.actor.userId : q.consultantId;
  const scoped: DayStatsLike[] = only ? days.map((d) => ownDay(d, only)) : days;
  const totals = aggregateDays(scoped);
  const rows: FunnelRow[] = Object.entries(totals.byConsultant)
    .map(([userId, c]) => ({ userId, ...c, ratios: funnelRatios(c) }))
    .sort((a, b) => b.orders - a.orders || b.walkIns - a.walkIns || a.name.localeCompare(b.name));
  const sources = Object.entries(totals.bySource)
    .map(([source, c]) => ({ source, ...c, ratios: funnelRatios(c) }))
    .sort((a, b) => b.walkIns + b.newProspects - (a.walkIns + a.newProspects));
  const brands = Object.entries(totals.byBrand)
    .map(([brand, c]) => ({ brand, ...c }))
    .sort((a, b) => b.orders - a.orders);
  const lostReasons = Object.entries(totals.lostReasons)
    .map(([reason, n]) => ({ reason, count: n, share: totals.total.lost ? n / totals.total.lost : null }))
    .sort((a, b) => b.count - a.count);
  const lastComputed = days.reduce<string | null>((m, d) => (m && m > d.generatedAt ? m : d.generatedAt), null);
  return {
    store: { storeId: store.storeId, name: store.name, timeZone: store.timeZone },
    range,
    today,
    scope: own ? ("own" as const) : only ? ("consultant" as const) : ("store" as const),
    total: { ...totals.total, ratios: funnelRatios(totals.total) },
    consultants: rows,
    sources,
    brands,
    lostReasons,
    complaints: {
      count: totals.complaints,
      handledIn12h: totals.complaintsHandledIn12h,
      rate: totals.complaints ? totals.complaintsHandledIn12h / totals.complaints : null,
    },
    visits: { first: totals.firstVisits, returning: totals.returnVisits },
    // 老客户转介绍 (issue 7): the store's referred new cards / new cards (store scope only)
    referrals: own || only ? null : referralFigures(days),
    series: seriesOf(scoped, range, today),
    daysWithFigures: totals.days,
    lastComputed,
  };
}

function referralFigures(days: readonly DayStats[]) {
  const referred = days.reduce((n, d) => n + (d.referrals ?? 0), 0);
  const newCards = days.reduce((n, d) => n + d.newProspects, 0);
  return { referred, newCards, rate: newCards ? referred / newCards : null };
}

/** The store's stored daily reports, newest first (summary figures, no detail lines): one Query. */
export async function listDailyReports(ctx: Ctx, storeId: string) {
  const store = await requireStore(ctx, storeId);
  if (!isSupervisor(ctx.actor)) throw new ForbiddenError("Daily reports are for managers and sales admins.");
  const list = await reports.listDailyReports(db(ctx), store.tenantId, store.storeId);
  return list.map((r) => ({
    date: r.date,
    generatedAt: r.generatedAt,
    timeZone: r.timeZone,
    walkIns: r.stats.walkIns,
    newProspects: r.stats.newProspects,
    testDrives: r.stats.testDrives,
    orders: r.stats.orders,
    deliveries: r.stats.deliveries,
    monthToDate: r.monthToDate,
    mailedAt: r.mailedAt ?? null,
    recipients: r.recipients.length,
  }));
}

/** One stored daily report: one Get; none for that day (or another store's) → 404. */
export async function getDailyReport(ctx: Ctx, storeId: string, date: string): Promise<DailyReport> {
  const store = await requireStore(ctx, storeId);
  if (!isSupervisor(ctx.actor)) throw new ForbiddenError("Daily reports are for managers and sales admins.");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new ValidationError("Use a date like 2026-11-26.", { date: "Use a date like 2026-11-26." });
  const r = await reports.getDailyReport(db(ctx), store.tenantId, store.storeId, date);
  if (!r) throw new NotFoundError("Daily report");
  return r;
}

// ---------- the outbox and the report settings ----------

function requireOutboxReader(actor: Actor): void {
  if (!hasRole(actor, ...OUTBOX_READERS))
    throw new ForbiddenError("The outbox is for the group admin and general managers.");
}

/** The tenant's kept messages, newest first: one Query. */
export async function listOutbox(ctx: Ctx) {
  requireOutboxReader(ctx.actor);
  const list = await reports.listOutbox(db(ctx), ctx.actor.tenantId);
  return list.map(({ text, ...m }) => ({ ...m, preview: text.slice(0, 120) }));
}

/** One kept message of the tenant: one Get; another tenant's id → 404. */
export async function getOutboxMessage(ctx: Ctx, messageId: string) {
  requireOutboxReader(ctx.actor);
  if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(messageId)) throw new NotFoundError("Message");
  const m = await reports.getOutboxMessage(db(ctx), ctx.actor.tenantId, messageId);
  if (!m) throw new NotFoundError("Message");
  return m;
}

export async function getReportSettings(ctx: Ctx) {
  requireOutboxReader(ctx.actor);
  const s = await reports.getReportSettings(db(ctx), ctx.actor.tenantId);
  return { financeEmails: s?.financeEmails ?? [], version: s?.version ?? 0 };
}

/** Save the finance recipients (version-checked, audited in the tenant log). */
export async function saveReportSettings(ctx: Ctx, input: unknown) {
  requireOutboxReader(ctx.actor);
  const data = parseInput(reportSettingsSchema, input);
  const at = new Date().toISOString();
  const next = {
    financeEmails: [...new Set(data.financeEmails)],
    version: data.version + 1,
    updatedAt: at,
    updatedBy: ctx.actor.userId,
  };
  try {
    await reports.putReportSettings(db(ctx), ctx.actor.tenantId, next, data.version, {
      at,
      by: ctx.actor.userId,
      byName: ctx.actor.name,
      action: "settings.reports_saved",
      detail: { financeEmails: next.financeEmails },
    });
  } catch (e) {
    if (isContention(e))
      throw new ConflictError("Someone else changed the report settings. Reload and try again.", {
        version: "Out of date.",
      });
    throw e;
  }
  return { financeEmails: next.financeEmails, version: next.version };
}
