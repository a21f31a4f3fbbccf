/**
 * Demo rosters and attendance: every demo store gets a roster for last week and
 * this week (full days, an early shift, a split shift, rotating days off) with
 * exactly one deliberate door gap — Shanghai, one afternoon hour this week —
 * and today's sign-ins that match the seeded duty board (one of them late, one
 * consultant out at a customer's office in the afternoon).
 */
import {
  addDays,
  attendanceLateness,
  isoWeekOf,
  localDate,
  mondayOf,
  newId,
  ROSTER_DAYS,
  type RosterDays,
  type RosterLine,
  type RosterShift,
  rosterDayOf,
  zonedToUtc,
} from "@dealeros/core";
import { type AttendanceRecord, attendance, type Db, rosters, type Store, showroom, type User } from "@dealeros/db";

const FULL: RosterShift[] = [{ start: "09:00", end: "18:00" }];
const EARLY: RosterShift[] = [{ start: "08:30", end: "17:30" }];
const SPLIT: RosterShift[] = [
  { start: "09:00", end: "12:00" },
  { start: "13:00", end: "18:00" },
];

/**
 * A week's lines: with three or more consultants each has two days off (never
 * more than two off on a day); on days with three or more at work the first
 * works early and the second a split shift, so two stay at the door at all times.
 */
function weekLines(
  consultants: User[],
  weekStart: string,
  opts: { today?: string; onDutyToday?: Set<string>; gapDay?: number },
): RosterLine[] {
  const n = consultants.length;
  const working = ROSTER_DAYS.map((_, k) =>
    consultants.filter((c, i) => {
      const date = addDays(weekStart, k);
      if (opts.today === date) return opts.onDutyToday?.has(c.userId) ?? true;
      return !(n >= 3 && (k === (2 * i) % 7 || k === (2 * i + 1) % 7));
    }),
  );
  return consultants.map((c) => {
    const days: RosterDays = {};
    ROSTER_DAYS.forEach((d, k) => {
      const here = working[k]!;
      const pos = here.indexOf(c);
      if (pos < 0) return;
      if (k === opts.gapDay) {
        // the deliberate gap: only the first stays until closing, so 17:00–18:00 has one at the door
        days[d] = pos === 0 ? FULL : [{ start: "09:00", end: "17:00" }];
        return;
      }
      days[d] = here.length >= 3 && pos === 0 ? EARLY : here.length >= 3 && pos === 1 ? SPLIT : FULL;
    });
    return { userId: c.userId, name: c.name, days };
  });
}

export async function seedRoster(
  db: Db,
  args: { tenantId: string; stores: Store[]; users: User[]; now: Date },
): Promise<void> {
  const { tenantId, users, now } = args;
  for (const [s, store] of args.stores.entries()) {
    const tz = store.timeZone;
    const consultants = users.filter((u) => u.roles.includes("sales_consultant") && u.storeIds.includes(store.storeId));
    const manager =
      users.find((u) => u.roles.includes("sales_manager") && u.storeIds.includes(store.storeId)) ??
      users.find((u) => u.roles.includes("general_manager")) ??
      users[0]!;
    const today = localDate(now, tz);
    const thisWeek = mondayOf(today);
    // the seeded duty board has the first max(2, n-1) consultants on duty today
    const onDutyToday = new Set(consultants.slice(0, Math.max(2, consultants.length - 1)).map((c) => c.userId));
    const todayIdx = ROSTER_DAYS.indexOf(rosterDayOf(today));
    const weeks = [
      { weekStart: addDays(thisWeek, -7), lines: weekLines(consultants, addDays(thisWeek, -7), {}) },
      {
        weekStart: thisWeek,
        lines: weekLines(consultants, thisWeek, {
          today,
          onDutyToday,
          ...(s === 0 ? { gapDay: (todayIdx + 2) % 7 } : {}),
        }),
      },
    ];
    for (const w of weeks) {
      const at = zonedToUtc(addDays(w.weekStart, -3), "16:00", tz).toISOString();
      const lines = w.lines.filter((l) => Object.keys(l.days).length > 0);
      await rosters.putRoster(
        db,
        {
          tenantId,
          storeId: store.storeId,
          weekStart: w.weekStart,
          week: isoWeekOf(w.weekStart),
          lines,
          version: 1,
          createdAt: at,
          createdBy: manager.userId,
          updatedAt: at,
          updatedBy: manager.userId,
          updatedByName: manager.name,
        },
        0,
        {
          at,
          by: manager.userId,
          byName: manager.name,
          action: "roster.saved",
          detail: {
            week: isoWeekOf(w.weekStart),
            consultants: lines.length,
            changed: lines.map((l) => l.name).join(", "),
          },
        },
      );
    }

    // today's attendance, as the people signed in on their phones
    const todayLines = weeks[1]!.lines;
    const seq = new Map<string, number>();
    const status = new Map<string, AttendanceRecord["kind"]>();
    const write = async (
      u: User,
      kind: AttendanceRecord["kind"],
      time: string,
      extra: Partial<AttendanceRecord> = {},
    ): Promise<string | null> => {
      const at = zonedToUtc(today, time, tz);
      if (at.getTime() > now.getTime()) return null;
      const record: AttendanceRecord = {
        tenantId,
        storeId: store.storeId,
        date: today,
        recordId: newId(),
        userId: u.userId,
        name: u.name,
        kind,
        at: at.toISOString(),
        ...extra,
        onBehalf: false,
        recordedAt: at.toISOString(),
        recordedBy: u.userId,
        recordedByName: u.name,
      };
      const n = seq.get(u.userId) ?? 0;
      await attendance.writeAttendance(
        db,
        record,
        {
          tenantId,
          storeId: store.storeId,
          date: today,
          userId: u.userId,
          name: u.name,
          status: kind === "sign_in" || kind === "back" ? "present" : kind === "out" ? "out" : "signed_out",
          seq: n + 1,
          updatedAt: record.at,
        },
        n,
      );
      seq.set(u.userId, n + 1);
      status.set(u.userId, kind);
      return record.at;
    };
    const staff = users.filter(
      (u) =>
        u.storeIds.includes(store.storeId) &&
        !u.roles.includes("sales_consultant") &&
        (u.roles.includes("receptionist") || u.roles.includes("sales_manager")),
    );
    for (const [i, u] of staff.entries()) await write(u, "sign_in", `08:${String(30 + i * 4).padStart(2, "0")}`);
    for (const [i, c] of consultants.entries()) {
      if (!onDutyToday.has(c.userId)) continue;
      // the same minute the seeded duty board checked him in
      const time = `08:${String(40 + i * 7).padStart(2, "0")}`;
      const shifts = todayLines.find((l) => l.userId === c.userId)?.days[rosterDayOf(today)] ?? [];
      const [h, m] = time.split(":").map(Number) as [number, number];
      const l = attendanceLateness(h * 60 + m, shifts);
      await write(c, "sign_in", time, {
        rostered: shifts.length > 0,
        ...(l.shiftStart ? { shiftStart: l.shiftStart } : {}),
        late: l.late,
        lateMinutes: l.minutes,
      });
    }
    // Shanghai: the second consultant takes a contract to a customer at 14:00, back 15:20 (expected 15:30)
    const away = s === 0 ? consultants[1] : undefined;
    if (away && status.get(away.userId) === "sign_in") {
      const floor = await showroom.getFloor(db, tenantId, store.storeId, today);
      const current = floor.duty[away.userId];
      const outAt = await write(away, "out", "14:00", {
        destination: "张江 客户公司",
        purpose: "上门签合同",
        expectedReturn: zonedToUtc(today, "15:30", tz).toISOString(),
        wasOnDuty: !!current?.onDuty,
      });
      if (outAt && current) {
        const backAt = await write(away, "back", "15:20");
        const at = backAt ?? outAt;
        await showroom.setDuty(db, tenantId, store.storeId, today, away.userId, {
          name: away.name,
          onDuty: !!backAt,
          // coming back puts him at the end of the queue
          checkedInAt: backAt ?? current.checkedInAt,
          changedBy: away.userId,
          updatedAt: at,
        });
      }
    }
  }
}
