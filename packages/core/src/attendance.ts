/**
 * Attendance and whereabouts (考勤签到和外出去向登记, brief rule 24). Pure:
 * the input schemas, the day's state machine (not signed in → present ⇄ out
 * → signed out), corrections (a new record supersedes an old one; nothing is
 * edited in place), the late rule against the roster, and the absences that
 * door coverage subtracts today.
 */
import { z } from "zod";
import type { DoorAbsence, RosterShift } from "./roster.ts";
import { minutesOfClock } from "./roster.ts";
import { dateSchema, optionalText, requiredText, ulidSchema } from "./schemas.ts";
import { localDate, localTime } from "./time.ts";

export const ATTENDANCE_KINDS = ["sign_in", "sign_out", "out", "back"] as const;
export type AttendanceKind = (typeof ATTENDANCE_KINDS)[number];
/** absent = not signed in yet today */
export type AttendanceStatus = "absent" | "present" | "out" | "signed_out";

/** A sign-in more than this many minutes after the shift start is late. */
export const LATE_TOLERANCE_MINUTES = 5;

const instant = (label: string) =>
  z.iso.datetime({ offset: true, error: `${label} must be a date-time like 2026-11-26T09:30:00+08:00.` });

const attendanceFields = {
  /** someone else (receptionist or manager only); default: the signed-in user */
  userId: ulidSchema.optional(),
  /** when it happened (managers only, with a reason); default: now */
  at: instant("Time").optional(),
  reason: optionalText(200, "Reason"),
  /** the record this one corrects (managers only, with a reason and the corrected time) */
  corrects: ulidSchema.optional(),
};

export const attendanceSchema = z.object(attendanceFields).strict().meta({ id: "AttendanceInput" });

export const outOfOfficeSchema = z
  .object({
    ...attendanceFields,
    destination: requiredText(100, "Destination"),
    purpose: requiredText(200, "Purpose"),
    expectedReturn: instant("Expected return"),
  })
  .strict()
  .meta({ id: "OutOfOfficeInput" });

export const attendanceQuerySchema = z.object({ date: dateSchema.optional() });

export type AttendanceInput = z.infer<typeof attendanceSchema>;
export type OutOfOfficeInput = z.infer<typeof outOfOfficeSchema>;

/** What the rules need of a stored record. */
export interface AttendanceEvent {
  recordId: string;
  userId: string;
  kind: AttendanceKind;
  at: string;
  corrects?: string;
  expectedReturn?: string;
}

const ORDER = (a: AttendanceEvent, b: AttendanceEvent) =>
  a.at === b.at ? a.recordId.localeCompare(b.recordId) : a.at.localeCompare(b.at);

/** The records that count: every record not corrected by a later one, in time order. */
export function effectiveAttendance<E extends AttendanceEvent>(events: readonly E[]): E[] {
  const superseded = new Set(events.flatMap((e) => (e.corrects ? [e.corrects] : [])));
  return events.filter((e) => !superseded.has(e.recordId)).sort(ORDER);
}

/** The next state, or the reason the step is not possible. */
export function attendanceTransition(
  status: AttendanceStatus,
  kind: AttendanceKind,
): { status: AttendanceStatus } | { error: string } {
  switch (kind) {
    case "sign_in":
      if (status === "present") return { error: "Already signed in." };
      if (status === "out") return { error: "Out of the office: record the return instead." };
      return { status: "present" };
    case "sign_out":
      if (status === "absent") return { error: "Not signed in yet." };
      if (status === "signed_out") return { error: "Already signed out." };
      return { status: "signed_out" };
    case "out":
      if (status === "out") return { error: "Already out of the office." };
      if (status === "signed_out") return { error: "Already signed out: sign in first." };
      return { status: "out" };
    case "back":
      if (status !== "out") return { error: "Not out of the office." };
      return { status: "present" };
  }
}

export interface AttendanceDaySummary<E extends AttendanceEvent = AttendanceEvent> {
  status: AttendanceStatus;
  /** the time of the last change of status */
  since: string | null;
  firstSignIn: E | null;
  lastSignOut: E | null;
  /** the out-of-office record while out */
  openOut: E | null;
}

/**
 * Replay one person's effective records of a day. Returns the summary, or the
 * first step that is impossible (e.g. a correction that would put a sign-out
 * before the sign-in).
 */
export function replayAttendanceDay<E extends AttendanceEvent>(
  events: readonly E[],
): { summary: AttendanceDaySummary<E> } | { error: string; at: E } {
  const summary: AttendanceDaySummary<E> = {
    status: "absent",
    since: null,
    firstSignIn: null,
    lastSignOut: null,
    openOut: null,
  };
  for (const e of effectiveAttendance(events)) {
    const next = attendanceTransition(summary.status, e.kind);
    if ("error" in next) return { error: next.error, at: e };
    summary.status = next.status;
    summary.since = e.at;
    if (e.kind === "sign_in" && !summary.firstSignIn) summary.firstSignIn = e;
    if (e.kind === "sign_out") summary.lastSignOut = e;
    summary.openOut = e.kind === "out" ? e : next.status === "out" ? summary.openOut : null;
  }
  return { summary };
}

/**
 * Is a sign-in late? It belongs to the first rostered shift that has not ended
 * yet; it is late when it comes more than the tolerance after that shift's
 * start and is the first sign-in for that shift (signing in again after a
 * sign-out inside the same shift is not a second late arrival). Minutes are
 * store-local minutes since midnight.
 */
export function attendanceLateness(
  signInMinute: number,
  shifts: readonly RosterShift[],
  earlierSignIns: readonly number[] = [],
  tolerance = LATE_TOLERANCE_MINUTES,
): { late: boolean; minutes: number; shiftStart: string | null } {
  const sorted = [...shifts].sort((a, b) => a.start.localeCompare(b.start));
  const idx = sorted.findIndex((s) => minutesOfClock(s.end) > signInMinute);
  if (idx < 0) return { late: false, minutes: 0, shiftStart: null };
  const shift = sorted[idx]!;
  const start = minutesOfClock(shift.start);
  const previousEnd = idx > 0 ? minutesOfClock(sorted[idx - 1]!.end) : -1;
  const alreadyIn = earlierSignIns.some((m) => m > previousEnd && m <= signInMinute);
  const minutes = signInMinute - start;
  const late = !alreadyIn && minutes > tolerance;
  return { late, minutes: late ? minutes : 0, shiftStart: shift.start };
}

/** Store-local minutes since midnight of an instant on a given local date (clamped to that day). */
export function minuteOfDay(instantIso: string, date: string, timeZone: string): number {
  const d = localDate(instantIso, timeZone);
  if (d < date) return 0;
  if (d > date) return 24 * 60;
  return minutesOfClock(localTime(instantIso, timeZone));
}

/**
 * The stretches of a day when people were (or, while still out, are expected
 * to be) away from the door: from going out until back — or until the later of
 * the expected return and now while still out — and from signing out until
 * signing in again (or the end of the day).
 */
export function absencesFromAttendance(
  events: readonly AttendanceEvent[],
  opts: { date: string; timeZone: string; now: Date },
): DoorAbsence[] {
  const out: DoorAbsence[] = [];
  const nowMinute = minuteOfDay(opts.now.toISOString(), opts.date, opts.timeZone);
  const byUser = new Map<string, AttendanceEvent[]>();
  for (const e of effectiveAttendance(events)) byUser.set(e.userId, [...(byUser.get(e.userId) ?? []), e]);
  for (const [userId, list] of byUser) {
    let awaySince: number | null = null;
    let expected: number | null = null;
    const close = (to: number) => {
      if (awaySince !== null && to > awaySince) out.push({ userId, date: opts.date, from: awaySince, to });
      awaySince = null;
      expected = null;
    };
    for (const e of list) {
      if (localDate(e.at, opts.timeZone) !== opts.date) continue;
      const m = minuteOfDay(e.at, opts.date, opts.timeZone);
      if (e.kind === "out") {
        close(m);
        awaySince = m;
        expected = e.expectedReturn ? minuteOfDay(e.expectedReturn, opts.date, opts.timeZone) : null;
      } else if (e.kind === "back" || e.kind === "sign_in") {
        close(m);
      } else {
        close(m);
        awaySince = m;
        expected = 24 * 60;
      }
    }
    if (awaySince !== null) close(Math.max(expected ?? nowMinute, nowMinute));
  }
  return out;
}
