/**
 * Attendance and whereabouts (考勤签到和外出去向登记, brief rule 24) and how they
 * drive the on-duty board: a rostered consultant who signs in goes on duty (the
 * same duty entry as the duty toggle, so the rotation keeps working); signing
 * out or going out takes him off duty; coming back puts him back. Records are
 * never changed: a correction is a new record that names the one it replaces.
 */
import {
  type AttendanceKind,
  type AttendanceStatus,
  attendanceLateness,
  attendanceQuerySchema,
  attendanceSchema,
  ConflictError,
  effectiveAttendance,
  FLOOR_MANAGERS,
  ForbiddenError,
  localDate,
  minuteOfDay,
  mondayOf,
  NotFoundError,
  newId,
  outOfOfficeSchema,
  parseInput,
  type RosterShift,
  replayAttendanceDay,
  rosterDayOf,
  UnprocessableError,
  ValidationError,
} from "@dealeros/core";
import {
  type AttendanceRecord,
  type AttendanceState,
  attendance,
  identity,
  isContention,
  type Roster,
  showroom,
  type User,
} from "@dealeros/db";
import { type Ctx, db, hasRole, requireStore } from "./context.ts";
import { dutyEntryFor } from "./showroom.ts";

/** Who may record attendance for someone else (the reception desk keeps the whereabouts board). */
const RECORDERS = ["receptionist", ...FLOOR_MANAGERS] as const;

export interface AttendancePerson {
  userId: string;
  name: string;
  isConsultant: boolean;
  /** the rostered shifts of the day (empty: not rostered) */
  shifts: RosterShift[];
  status: AttendanceStatus;
  since: string | null;
  signedInAt: string | null;
  late: boolean;
  lateMinutes: number;
  signedOutAt: string | null;
  out: { destination: string; purpose: string; expectedReturn: string; since: string; overdue: boolean } | null;
  /** on the duty board (today only; null for other days) */
  onDuty: boolean | null;
}

export interface AttendanceRecordView extends AttendanceRecord {
  /** the record that replaced this one */
  supersededBy: string | null;
}

export interface AttendanceDay {
  storeId: string;
  date: string;
  today: boolean;
  people: AttendancePerson[];
  records: AttendanceRecordView[];
}

function shiftsOf(roster: Roster | undefined, userId: string, date: string): RosterShift[] {
  return roster?.lines.find((l) => l.userId === userId)?.days[rosterDayOf(date)] ?? [];
}

function personOf(
  user: { userId: string; name: string; isConsultant: boolean },
  records: AttendanceRecord[],
  roster: Roster | undefined,
  date: string,
  onDuty: boolean | null,
  now: Date,
): AttendancePerson {
  const replay = replayAttendanceDay(records.filter((r) => r.userId === user.userId));
  const s = "summary" in replay ? replay.summary : null;
  const signIn = s?.firstSignIn ?? null;
  const out = s?.openOut ?? null;
  return {
    userId: user.userId,
    name: user.name,
    isConsultant: user.isConsultant,
    shifts: shiftsOf(roster, user.userId, date),
    status: s?.status ?? "absent",
    since: s?.since ?? null,
    signedInAt: signIn?.at ?? null,
    late: !!signIn?.late,
    lateMinutes: signIn?.lateMinutes ?? 0,
    signedOutAt: s?.status === "signed_out" ? (s.lastSignOut?.at ?? null) : null,
    out: out
      ? {
          destination: out.destination ?? "",
          purpose: out.purpose ?? "",
          expectedReturn: out.expectedReturn ?? "",
          since: out.at,
          overdue: !!out.expectedReturn && new Date(out.expectedReturn).getTime() < now.getTime(),
        }
      : null,
    onDuty,
  };
}

function recordViews(records: AttendanceRecord[]): AttendanceRecordView[] {
  const by = new Map(records.flatMap((r) => (r.corrects ? [[r.corrects, r.recordId] as const] : [])));
  return [...records]
    .sort((a, b) => (a.at === b.at ? a.recordId.localeCompare(b.recordId) : a.at.localeCompare(b.at)))
    .map((r) => ({ ...r, supersededBy: by.get(r.recordId) ?? null }));
}

const firstShiftStart = (p: AttendancePerson) => p.shifts[0]?.start ?? "99:99";

/**
 * A store's attendance of a local day (default today), for everyone of the
 * store: the staff list with each person's rostered shifts, sign-in (late or
 * not), whereabouts and duty, and every record with its corrections.
 * Round trips: the day (one Query), the roster + floor (one BatchGet), the staff list.
 */
export async function getAttendanceDay(ctx: Ctx, storeId: string, query?: unknown): Promise<AttendanceDay> {
  const store = await requireStore(ctx, storeId);
  const q = parseInput(attendanceQuerySchema, query ?? {});
  const now = new Date();
  const today = localDate(now, store.timeZone);
  const date = q.date ?? today;
  const database = db(ctx);
  const [day, context, users] = await Promise.all([
    attendance.getAttendanceDay(database, ctx.actor.tenantId, storeId, date),
    attendance.getAttendanceContext(database, ctx.actor.tenantId, storeId, { weekStart: mondayOf(date), date }),
    identity.listUsers(database, ctx.actor.tenantId),
  ]);
  const isToday = date === today;
  const staff = new Map<string, { userId: string; name: string; isConsultant: boolean }>();
  for (const u of users)
    if (u.active && u.storeIds.includes(storeId))
      staff.set(u.userId, { userId: u.userId, name: u.name, isConsultant: u.roles.includes("sales_consultant") });
  // people who signed in here without being staff of the store (a group admin), or who have left since
  for (const r of day.records)
    if (!staff.has(r.userId)) {
      const u = users.find((x) => x.userId === r.userId);
      staff.set(r.userId, {
        userId: r.userId,
        name: u?.name ?? r.name,
        isConsultant: !!u?.roles.includes("sales_consultant"),
      });
    }
  const people = [...staff.values()].map((u) =>
    personOf(u, day.records, context.roster, date, isToday ? !!context.floor.duty[u.userId]?.onDuty : null, now),
  );
  people.sort(
    (a, b) =>
      Number(b.shifts.length > 0) - Number(a.shifts.length > 0) ||
      Number(b.isConsultant) - Number(a.isConsultant) ||
      firstShiftStart(a).localeCompare(firstShiftStart(b)) ||
      a.name.localeCompare(b.name, "zh-CN"),
  );
  return { storeId, date, today: isToday, people, records: recordViews(day.records) };
}

function contention(): ConflictError {
  return new ConflictError("Someone else recorded attendance for this person at the same time. Reload and try again.");
}

/**
 * Record a sign-in, sign-out, going out or coming back. A person records his
 * own at the current time; a receptionist or manager records for someone else
 * (a sign-in or sign-out for someone else needs a reason); only a manager
 * records an earlier time or a correction, always with a reason.
 * Round trips: the day (Query) + roster, floor and person (BatchGet), then one
 * transaction (record + the person's state + the duty change).
 */
export async function recordAttendance(
  ctx: Ctx,
  storeId: string,
  kind: AttendanceKind,
  input: unknown,
): Promise<{ record: AttendanceRecordView; person: AttendancePerson }> {
  const store = await requireStore(ctx, storeId);
  const data =
    kind === "out"
      ? parseInput(outOfOfficeSchema, input ?? {})
      : {
          ...parseInput(attendanceSchema, input ?? {}),
          destination: undefined,
          purpose: undefined,
          expectedReturn: undefined,
        };
  const actor = ctx.actor;
  const targetId = data.userId ?? actor.userId;
  const onBehalf = targetId !== actor.userId;
  if (onBehalf && !hasRole(actor, ...RECORDERS))
    throw new ForbiddenError("Only a receptionist or a manager can record attendance for someone else.");
  if ((data.at || data.corrects) && !hasRole(actor, ...FLOOR_MANAGERS))
    throw new ForbiddenError("Only a manager can record an earlier time or a correction.");
  if (data.corrects && !data.at)
    throw new ValidationError("Give the corrected time with a correction.", { at: "Give the corrected time." });
  const needsReason = !!data.at || !!data.corrects || (onBehalf && (kind === "sign_in" || kind === "sign_out"));
  if (needsReason && !data.reason)
    throw new ValidationError("Give a reason when recording for someone else or at another time.", {
      reason: "Give a reason.",
    });

  const now = new Date();
  const at = data.at ? new Date(data.at) : now;
  if (at.getTime() > now.getTime() + 60_000)
    throw new UnprocessableError("The time cannot be in the future.", { at: "The time cannot be in the future." });
  if (at.getTime() < now.getTime() - 7 * 86400_000)
    throw new UnprocessableError("The time is more than 7 days ago.", { at: "The time is more than 7 days ago." });
  if (data.expectedReturn) {
    const back = new Date(data.expectedReturn).getTime();
    if (back <= at.getTime())
      throw new UnprocessableError("The expected return must be after going out.", {
        expectedReturn: "The expected return must be after going out.",
      });
    if (back > at.getTime() + 7 * 86400_000)
      throw new UnprocessableError("The expected return must be within 7 days.", {
        expectedReturn: "The expected return must be within 7 days.",
      });
  }
  const date = localDate(at, store.timeZone);
  const isToday = date === localDate(now, store.timeZone);
  const database = db(ctx);
  const nowIso = now.toISOString();

  for (let attempt = 0; attempt < 4; attempt++) {
    const [day, context] = await Promise.all([
      attendance.getAttendanceDay(database, actor.tenantId, storeId, date),
      attendance.getAttendanceContext(database, actor.tenantId, storeId, {
        weekStart: mondayOf(date),
        date,
        userId: onBehalf ? targetId : undefined,
      }),
    ]);
    let person: Pick<User, "userId" | "name" | "roles">;
    if (onBehalf) {
      const u = context.user;
      if (!u || !(u.storeIds.includes(storeId) || u.roles.includes("group_admin")))
        throw new NotFoundError("Staff member");
      if (!u.active) throw new UnprocessableError("This staff member is deactivated.");
      person = u;
    } else {
      person = actor;
    }
    const mine = day.records.filter((r) => r.userId === targetId);
    if (data.corrects) {
      const original = mine.find((r) => r.recordId === data.corrects);
      if (!original)
        throw new UnprocessableError("The record to correct is not this person's record of that day.", {
          corrects: "Not this person's record of that day.",
        });
      if (original.kind !== kind)
        throw new UnprocessableError("A correction must be of the same kind as the record it corrects.", {
          corrects: "A different kind of record.",
        });
      if (mine.some((r) => r.corrects === original.recordId))
        throw new ConflictError("This record has already been corrected.", { corrects: "Already corrected." });
    }
    const state = day.states.find((s) => s.userId === targetId);
    const seq = state?.seq ?? 0;
    const before = replayAttendanceDay(mine);
    const beforeStatus: AttendanceStatus = "summary" in before ? before.summary.status : (state?.status ?? "absent");
    const shifts = shiftsOf(context.roster, targetId, date);
    const current = context.floor.duty[targetId];
    const record: AttendanceRecord = {
      tenantId: actor.tenantId,
      storeId,
      date,
      recordId: newId(),
      userId: targetId,
      name: person.name,
      kind,
      at: at.toISOString(),
      ...(kind === "out"
        ? {
            destination: data.destination,
            purpose: data.purpose,
            expectedReturn: new Date(data.expectedReturn!).toISOString(),
            wasOnDuty: isToday && !!current?.onDuty,
          }
        : {}),
      ...(data.corrects ? { corrects: data.corrects } : {}),
      ...(data.reason ? { reason: data.reason } : {}),
      onBehalf,
      recordedAt: nowIso,
      recordedBy: actor.userId,
      recordedByName: actor.name,
    };
    if (kind === "sign_in") {
      const minute = minuteOfDay(record.at, date, store.timeZone);
      const earlier = effectiveAttendance(mine)
        .filter((r) => r.kind === "sign_in" && r.at < record.at && r.recordId !== data.corrects)
        .map((r) => minuteOfDay(r.at, date, store.timeZone));
      const l = attendanceLateness(minute, shifts, earlier);
      Object.assign(record, {
        rostered: shifts.length > 0,
        ...(l.shiftStart ? { shiftStart: l.shiftStart } : {}),
        late: l.late,
        lateMinutes: l.minutes,
      });
    }
    const after = replayAttendanceDay([...mine, record]);
    if ("error" in after) throw new ConflictError(after.error);
    const afterStatus = after.summary.status;

    // the duty board follows today's attendance of sales consultants
    const extra: ReturnType<typeof showroom.dutyChangeItem>[] = [];
    let onDuty: boolean | null = isToday ? !!current?.onDuty : null;
    if (isToday && person.roles.includes("sales_consultant") && beforeStatus !== afterStatus) {
      let want: boolean | null = null;
      if (afterStatus === "present") {
        const wasOnDuty = "summary" in before && !!before.summary.openOut?.wasOnDuty;
        if (shifts.length > 0 || (kind === "back" && wasOnDuty)) want = true;
      } else if (afterStatus === "out" || afterStatus === "signed_out") {
        want = false;
      }
      if (want !== null && want !== !!current?.onDuty) {
        extra.push(
          showroom.dutyChangeItem(
            database,
            actor.tenantId,
            storeId,
            date,
            targetId,
            dutyEntryFor(current, person.name, want, actor.userId, nowIso),
            context.floorExists,
          ),
        );
        onDuty = want;
      }
    }
    const nextState: AttendanceState = {
      tenantId: actor.tenantId,
      storeId,
      date,
      userId: targetId,
      name: person.name,
      status: afterStatus,
      seq: seq + 1,
      updatedAt: nowIso,
    };
    try {
      await attendance.writeAttendance(database, record, nextState, seq, extra);
    } catch (e) {
      if (isContention(e)) {
        await new Promise((r) => setTimeout(r, 20 + Math.random() * 80 * (attempt + 1)));
        continue;
      }
      throw e;
    }
    const records = [...day.records, record];
    return {
      record: { ...record, supersededBy: null },
      person: personOf(
        { userId: targetId, name: person.name, isConsultant: person.roles.includes("sales_consultant") },
        records,
        context.roster,
        date,
        onDuty,
        now,
      ),
    };
  }
  throw contention();
}
