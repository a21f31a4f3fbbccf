/**
 * The weekly duty roster (排班) and door coverage (brief rules 3 and 24).
 * Everyone of a store reads the roster; the sales manager, general manager and
 * group admin edit it (version-checked, audited) and copy last week in one step.
 */
import {
  absencesFromAttendance,
  addDays,
  ConflictError,
  computeDoorCoverage,
  currentWeekStart,
  type DoorCoverage,
  FLOOR_MANAGERS,
  isoWeekOf,
  localDate,
  parseInput,
  ROSTER_DAYS,
  type RosterDay,
  type RosterDays,
  type RosterLine,
  rosterCopySchema,
  rosterQuerySchema,
  rosterSchema,
  rosterShiftCount,
  UnprocessableError,
  weekDates,
  weekdayOfDate,
} from "@dealeros/core";
import {
  type AuditEntry,
  attendance,
  identity,
  isContention,
  type Roster,
  rosters,
  type Store,
  type User,
} from "@dealeros/db";
import { type Ctx, db, hasRole, requireRole, requireStore } from "./context.ts";
import { getShowroomSettings } from "./settings.ts";

export interface RosterConsultant {
  userId: string;
  name: string;
  /** false: rostered this week but no longer an active consultant of the store */
  active: boolean;
  days: RosterDays;
}

export interface RosterView {
  storeId: string;
  week: string;
  weekStart: string;
  dates: string[];
  /** 0 = nothing saved for this week yet */
  version: number;
  updatedAt: string | null;
  updatedByName: string | null;
  /** rostered consultants first (saved order), then the store's other consultants */
  consultants: RosterConsultant[];
  history: AuditEntry[];
  canEdit: boolean;
}

export interface CoverageView extends DoorCoverage {
  storeId: string;
  week: string;
  /** today's store-local date when it falls in the week (its absences are taken off the door) */
  today: string | null;
}

const DAY_NAMES: Record<RosterDay, string> = {
  mon: "Mondays",
  tue: "Tuesdays",
  wed: "Wednesdays",
  thu: "Thursdays",
  fri: "Fridays",
  sat: "Saturdays",
  sun: "Sundays",
};

function rosterChanged(): ConflictError {
  return new ConflictError("Someone else changed this roster. Reload and try again.", { version: "Out of date." });
}

function weekOf(store: Store, query: unknown): string {
  const q = parseInput(rosterQuerySchema, query ?? {});
  return q.week ?? currentWeekStart(new Date(), store.timeZone);
}

function storeConsultants(users: User[], storeId: string): User[] {
  return users
    .filter((u) => u.active && u.roles.includes("sales_consultant") && u.storeIds.includes(storeId))
    .sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
}

/** Only the days with shifts, in week order. */
function compact(days: RosterDays): RosterDays {
  const out: RosterDays = {};
  for (const d of ROSTER_DAYS) if (days[d]?.length) out[d] = days[d];
  return out;
}

function view(
  ctx: Ctx,
  storeId: string,
  weekStart: string,
  roster: Roster | undefined,
  audit: AuditEntry[],
  users: User[],
): RosterView {
  const active = storeConsultants(users, storeId);
  const activeIds = new Set(active.map((u) => u.userId));
  const lines = roster?.lines ?? [];
  const rostered = new Set(lines.map((l) => l.userId));
  return {
    storeId,
    week: isoWeekOf(weekStart),
    weekStart,
    dates: weekDates(weekStart),
    version: roster?.version ?? 0,
    updatedAt: roster?.updatedAt ?? null,
    updatedByName: roster?.updatedByName ?? null,
    consultants: [
      ...lines.map((l) => ({
        userId: l.userId,
        name: active.find((u) => u.userId === l.userId)?.name ?? l.name,
        active: activeIds.has(l.userId),
        days: l.days,
      })),
      ...active
        .filter((u) => !rostered.has(u.userId))
        .map((u) => ({ userId: u.userId, name: u.name, active: true, days: {} })),
    ],
    history: audit,
    canEdit: hasRole(ctx.actor, ...FLOOR_MANAGERS),
  };
}

/** A store's week: one Query (the roster and its history) and the staff list. */
export async function getRoster(ctx: Ctx, storeId: string, query?: unknown): Promise<RosterView> {
  const store = await requireStore(ctx, storeId);
  const weekStart = weekOf(store, query);
  const database = db(ctx);
  const [{ roster, audit }, users] = await Promise.all([
    rosters.getRosterWithAudit(database, ctx.actor.tenantId, storeId, weekStart),
    identity.listUsers(database, ctx.actor.tenantId),
  ]);
  return view(ctx, storeId, weekStart, roster, audit, users);
}

/** Refuse shifts on the store's closed weekdays (the field names the day). */
function checkClosedDays(store: Store, weekStart: string, lines: { days: RosterDays }[], path: (i: number) => string) {
  const dates = weekDates(weekStart);
  lines.forEach((l, i) => {
    ROSTER_DAYS.forEach((d, k) => {
      if (l.days[d]?.length && store.openingHours.closedWeekdays.includes(weekdayOfDate(dates[k]!))) {
        const message = `The store is closed on ${DAY_NAMES[d]}.`;
        throw new UnprocessableError(message, { [`${path(i)}.days.${d}`]: message });
      }
    });
  });
}

function requireRosterManager(ctx: Ctx): void {
  requireRole(
    ctx.actor,
    FLOOR_MANAGERS,
    "Only a sales manager, a general manager or the group admin can change the roster.",
  );
}

/** Write the week's next roster version with its audit entry, all or nothing (a lost race is a 409). */
async function putNextRoster(
  ctx: Ctx,
  storeId: string,
  weekStart: string,
  current: Roster | undefined,
  lines: RosterLine[],
  action: string,
  detail: Record<string, unknown>,
): Promise<{ roster: Roster; entry: AuditEntry }> {
  const now = new Date().toISOString();
  const currentVersion = current?.version ?? 0;
  const roster: Roster = {
    tenantId: ctx.actor.tenantId,
    storeId,
    weekStart,
    week: isoWeekOf(weekStart),
    lines,
    version: currentVersion + 1,
    createdAt: current?.createdAt ?? now,
    createdBy: current?.createdBy ?? ctx.actor.userId,
    updatedAt: now,
    updatedBy: ctx.actor.userId,
    updatedByName: ctx.actor.name,
  };
  const entry: AuditEntry = { at: now, by: ctx.actor.userId, byName: ctx.actor.name, action, detail };
  try {
    await rosters.putRoster(db(ctx), roster, currentVersion, entry);
  } catch (e) {
    if (isContention(e)) throw rosterChanged();
    throw e;
  }
  return { roster, entry };
}

/** Replace a week's roster (managers; version-checked; audited with the consultants whose shifts changed). */
export async function saveRoster(ctx: Ctx, storeId: string, query: unknown, input: unknown): Promise<RosterView> {
  const store = await requireStore(ctx, storeId);
  requireRosterManager(ctx);
  const weekStart = weekOf(store, query);
  const data = parseInput(rosterSchema, input);
  const database = db(ctx);
  const [{ roster: current, audit }, users] = await Promise.all([
    rosters.getRosterWithAudit(database, ctx.actor.tenantId, storeId, weekStart),
    identity.listUsers(database, ctx.actor.tenantId),
  ]);
  const currentVersion = current?.version ?? 0;
  if (data.version !== currentVersion) throw rosterChanged();
  const consultants = storeConsultants(users, storeId);
  const before = new Map((current?.lines ?? []).map((l) => [l.userId, l]));
  const lines: RosterLine[] = [];
  data.consultants.forEach((c, i) => {
    const days = compact(c.days);
    const user = consultants.find((u) => u.userId === c.userId);
    const kept = before.get(c.userId);
    // a consultant who left the store may stay on a week he was already rostered in, unchanged (or be taken off it)
    const unchanged = !!kept && JSON.stringify(compact(kept.days)) === JSON.stringify(days);
    if (!user && rosterShiftCount(days) > 0 && !unchanged) {
      throw new UnprocessableError("Choose active consultants of this store.", {
        [`consultants.${i}.userId`]: "Not an active consultant of this store.",
      });
    }
    if (rosterShiftCount(days) > 0) lines.push({ userId: c.userId, name: user?.name ?? kept!.name, days });
  });
  checkClosedDays(store, weekStart, data.consultants, (i) => `consultants.${i}`);

  const changed = [...new Set([...before.keys(), ...lines.map((l) => l.userId)])].filter(
    (id) =>
      JSON.stringify(compact(before.get(id)?.days ?? {})) !==
      JSON.stringify(lines.find((l) => l.userId === id)?.days ?? {}),
  );
  if (current && changed.length === 0) return view(ctx, storeId, weekStart, current, audit, users);

  const nameOf = (id: string) => lines.find((l) => l.userId === id)?.name ?? before.get(id)?.name ?? id;
  const { roster: next, entry } = await putNextRoster(ctx, storeId, weekStart, current, lines, "roster.saved", {
    week: isoWeekOf(weekStart),
    consultants: lines.length,
    shifts: lines.reduce((n, l) => n + rosterShiftCount(l.days), 0),
    changed: changed.map(nameOf).join(", "),
  });
  return view(ctx, storeId, weekStart, next, [...audit, entry], users);
}

/**
 * Copy last week's roster onto this week in one step (managers). The target
 * week's version is checked like a save; consultants who have left the store
 * are skipped and named.
 */
export async function copyLastWeek(
  ctx: Ctx,
  storeId: string,
  query: unknown,
  input: unknown,
): Promise<{ roster: RosterView; skipped: string[] }> {
  const store = await requireStore(ctx, storeId);
  requireRosterManager(ctx);
  const weekStart = weekOf(store, query);
  const { version } = parseInput(rosterCopySchema, input);
  const source = addDays(weekStart, -7);
  const database = db(ctx);
  const [previous, { roster: current, audit }, users] = await Promise.all([
    rosters.getRoster(database, ctx.actor.tenantId, storeId, source),
    rosters.getRosterWithAudit(database, ctx.actor.tenantId, storeId, weekStart),
    identity.listUsers(database, ctx.actor.tenantId),
  ]);
  if (!previous?.lines.length) throw new UnprocessableError("Last week has no roster to copy.");
  const currentVersion = current?.version ?? 0;
  if (version !== currentVersion) throw rosterChanged();
  const consultants = storeConsultants(users, storeId);
  const dates = weekDates(weekStart);
  const skipped: string[] = [];
  const lines: RosterLine[] = [];
  for (const l of previous.lines) {
    const user = consultants.find((u) => u.userId === l.userId);
    if (!user) {
      skipped.push(l.name);
      continue;
    }
    // days the store is now closed on are left out
    const days = compact(
      Object.fromEntries(
        ROSTER_DAYS.map((d, k) => [
          d,
          store.openingHours.closedWeekdays.includes(weekdayOfDate(dates[k]!)) ? [] : (l.days[d] ?? []),
        ]),
      ),
    );
    if (rosterShiftCount(days) > 0) lines.push({ userId: l.userId, name: user.name, days });
  }
  const { roster: next, entry } = await putNextRoster(ctx, storeId, weekStart, current, lines, "roster.copied", {
    from: previous.week,
    week: isoWeekOf(weekStart),
    consultants: lines.length,
    ...(skipped.length ? { skipped: skipped.join(", ") } : {}),
  });
  return { roster: view(ctx, storeId, weekStart, next, [...audit, entry], users), skipped };
}

/** Today's store-local date when it falls in the week, and its attendance (absences are taken off the door). */
function todayIn(store: Store, weekStart: string, now: Date): string | null {
  const today = localDate(now, store.timeZone);
  return weekDates(weekStart).includes(today) ? today : null;
}

function coverageView(
  store: Store,
  weekStart: string,
  lines: RosterLine[],
  doorMinimum: number,
  today: string | null,
  records: attendance.AttendanceRecord[],
  now: Date,
): CoverageView {
  const coverage = computeDoorCoverage({
    weekStart,
    openingHours: store.openingHours,
    doorMinimum,
    roster: lines,
    absences: today ? absencesFromAttendance(records, { date: today, timeZone: store.timeZone, now }) : [],
  });
  return { ...coverage, storeId: store.storeId, week: isoWeekOf(weekStart), today };
}

/**
 * Door coverage of a week: every opening hour with the number of rostered
 * consultants at the door (today: minus those out of office or signed out) and
 * the gaps below the tenant's door minimum. Round trips, in parallel: the
 * settings, the roster (GetItem) and — for the current week — today's attendance.
 */
export async function getCoverage(ctx: Ctx, storeId: string, query?: unknown): Promise<CoverageView> {
  const store = await requireStore(ctx, storeId);
  const weekStart = weekOf(store, query);
  const database = db(ctx);
  const now = new Date();
  const today = todayIn(store, weekStart, now);
  const [settings, roster, day] = await Promise.all([
    getShowroomSettings(ctx),
    rosters.getRoster(database, ctx.actor.tenantId, storeId, weekStart),
    today ? attendance.getAttendanceDay(database, ctx.actor.tenantId, storeId, today) : null,
  ]);
  return coverageView(store, weekStart, roster?.lines ?? [], settings.doorMinimum, today, day?.records ?? [], now);
}

/** The roster page: the week, its history and its coverage, every read once and in parallel. */
export async function getRosterPage(
  ctx: Ctx,
  storeId: string,
  query?: unknown,
): Promise<{ roster: RosterView; coverage: CoverageView }> {
  const store = await requireStore(ctx, storeId);
  const weekStart = weekOf(store, query);
  const database = db(ctx);
  const now = new Date();
  const today = todayIn(store, weekStart, now);
  const [{ roster, audit }, users, settings, day] = await Promise.all([
    rosters.getRosterWithAudit(database, ctx.actor.tenantId, storeId, weekStart),
    identity.listUsers(database, ctx.actor.tenantId),
    getShowroomSettings(ctx),
    today ? attendance.getAttendanceDay(database, ctx.actor.tenantId, storeId, today) : null,
  ]);
  return {
    roster: view(ctx, storeId, weekStart, roster, audit, users),
    coverage: coverageView(store, weekStart, roster?.lines ?? [], settings.doorMinimum, today, day?.records ?? [], now),
  };
}
