import { describe, expect, it } from "vitest";
import {
  absencesFromAttendance,
  attendanceLateness,
  attendanceTransition,
  effectiveAttendance,
  outOfOfficeSchema,
  replayAttendanceDay,
} from "./attendance.ts";
import {
  computeDoorCoverage,
  currentWeekStart,
  isoWeekOf,
  mondayOf,
  mondayOfIsoWeek,
  parseShiftText,
  type RosterDays,
  rosterSchema,
  weekParamSchema,
} from "./roster.ts";
import { parseInput } from "./schemas.ts";

const HOURS = { open: "09:00", close: "18:00", closedWeekdays: [] as number[] };
const FULL = { start: "09:00", end: "18:00" };
const everyDay = (shifts: { start: string; end: string }[]): RosterDays => ({
  mon: shifts,
  tue: shifts,
  wed: shifts,
  thu: shifts,
  fri: shifts,
  sat: shifts,
  sun: shifts,
});
// 2026-11-23 is a Monday
const MONDAY = "2026-11-23";

describe("ISO weeks", () => {
  it("numbers weeks from the week with the year's first Thursday", () => {
    expect(isoWeekOf("2026-11-23")).toBe("2026-W48");
    expect(isoWeekOf("2026-11-29")).toBe("2026-W48");
    expect(isoWeekOf("2026-11-30")).toBe("2026-W49");
    // 1 January 2027 is a Friday: it still belongs to 2026's last week
    expect(isoWeekOf("2027-01-01")).toBe("2026-W53");
    // 29 December 2025 (Monday) starts 2026-W01
    expect(isoWeekOf("2025-12-29")).toBe("2026-W01");
  });

  it("finds a week's Monday and refuses weeks that do not exist", () => {
    expect(mondayOfIsoWeek("2026-W48")).toBe(MONDAY);
    expect(mondayOfIsoWeek("2026-W01")).toBe("2025-12-29");
    expect(mondayOfIsoWeek("2026-W53")).toBe("2026-12-28");
    expect(mondayOfIsoWeek("2025-W53")).toBeNull();
    expect(mondayOfIsoWeek("2026-W00")).toBeNull();
    expect(mondayOf("2026-11-29")).toBe(MONDAY);
  });

  it("accepts a week or its Monday in ?week=, and says how to write it otherwise", () => {
    expect(weekParamSchema.parse("2026-W48")).toBe(MONDAY);
    expect(weekParamSchema.parse(MONDAY)).toBe(MONDAY);
    const tuesday = weekParamSchema.safeParse("2026-11-24");
    expect(tuesday.success).toBe(false);
    expect(tuesday.error?.issues[0]?.message).toMatch(/2026-W48/);
    expect(weekParamSchema.safeParse("next week").success).toBe(false);
  });

  it("takes the store's week, not the server's: Sunday night in Shanghai is already Monday", () => {
    // 2026-11-29T16:30Z is Monday 00:30 in Shanghai but still Sunday in New York
    const instant = new Date("2026-11-29T16:30:00Z");
    expect(currentWeekStart(instant, "Asia/Shanghai")).toBe("2026-11-30");
    expect(currentWeekStart(instant, "America/New_York")).toBe(MONDAY);
  });
});

describe("roster input", () => {
  const userId = "01KB0000000000000000000001";
  it("sorts a day's shifts and refuses overlaps, reversed shifts and unknown days", () => {
    const ok = parseInput(rosterSchema, {
      version: 0,
      consultants: [
        {
          userId,
          days: {
            mon: [
              { start: "13:00", end: "18:00" },
              { start: "09:00", end: "12:00" },
            ],
          },
        },
      ],
    });
    expect(ok.consultants[0]!.days.mon!.map((s) => s.start)).toEqual(["09:00", "13:00"]);
    const overlap = () =>
      parseInput(rosterSchema, {
        version: 0,
        consultants: [
          {
            userId,
            days: {
              tue: [
                { start: "09:00", end: "12:30" },
                { start: "12:00", end: "18:00" },
              ],
            },
          },
        ],
      });
    expect(overlap).toThrow(/Shifts overlap on Tuesday/);
    expect(() =>
      parseInput(rosterSchema, {
        version: 0,
        consultants: [{ userId, days: { mon: [{ start: "18:00", end: "09:00" }] } }],
      }),
    ).toThrow(/end after it starts/);
    expect(() => parseInput(rosterSchema, { version: 0, consultants: [{ userId, days: { monday: [FULL] } }] })).toThrow(
      /Unknown field/,
    );
    expect(() =>
      parseInput(rosterSchema, {
        version: 0,
        consultants: [
          { userId, days: {} },
          { userId, days: {} },
        ],
      }),
    ).toThrow(/appears once/);
  });

  it("reads roster cells typed on a phone", () => {
    expect(parseShiftText("8:30-17:30")).toEqual({ shifts: [{ start: "08:30", end: "17:30" }] });
    expect(parseShiftText("09:00 – 12:00，13:30-18:00")).toEqual({
      shifts: [
        { start: "09:00", end: "12:00" },
        { start: "13:30", end: "18:00" },
      ],
    });
    expect(parseShiftText("０９：００－１８：００")).toEqual({ shifts: [FULL] });
    expect(parseShiftText("9-18")).toEqual({ shifts: [FULL] });
    expect(parseShiftText("休")).toEqual({ shifts: [] });
    expect(parseShiftText("  ")).toEqual({ shifts: [] });
    expect(parseShiftText("morning")).toHaveProperty("error");
  });
});

describe("door coverage", () => {
  const line = (name: string, days: RosterDays) => ({ userId: name, name, days });

  it("flags every opening hour with fewer than the door minimum", () => {
    const c = computeDoorCoverage({
      weekStart: MONDAY,
      openingHours: HOURS,
      doorMinimum: 2,
      roster: [line("A", everyDay([FULL])), line("B", { ...everyDay([FULL]), wed: [] })],
    });
    expect(c.days).toHaveLength(7);
    expect(c.days[0]!.slots.map((s) => s.start)).toEqual([
      "09:00",
      "10:00",
      "11:00",
      "12:00",
      "13:00",
      "14:00",
      "15:00",
      "16:00",
      "17:00",
    ]);
    expect(c.days[0]!.slots[0]).toMatchObject({ count: 2, names: ["A", "B"], gap: false });
    // B is off on Wednesday: all nine hours are gaps
    expect(c.gaps).toHaveLength(9);
    expect(new Set(c.gaps.map((g) => g.date))).toEqual(new Set(["2026-11-25"]));
    expect(c.gaps[0]).toMatchObject({ day: "wed", start: "09:00", end: "10:00", count: 1, needed: 2 });
  });

  it("counts a consultant only for the hours he is at the door the whole time (half-hour edges)", () => {
    const c = computeDoorCoverage({
      weekStart: MONDAY,
      openingHours: HOURS,
      doorMinimum: 2,
      roster: [
        line("Early", { mon: [{ start: "08:30", end: "17:30" }] }),
        line("Late", { mon: [{ start: "09:30", end: "18:30" }] }),
        line("Full", { mon: [FULL] }),
      ],
    });
    const mon = c.days[0]!.slots;
    // 09:00–09:30 only Early and Full are there: still 2; 17:30–18:00 only Late and Full
    expect(mon[0]).toMatchObject({ start: "09:00", count: 2, names: ["Early", "Full"] });
    expect(mon[1]).toMatchObject({ start: "10:00", count: 3 });
    expect(mon[8]).toMatchObject({ start: "17:00", count: 2, names: ["Late", "Full"] });
    expect(c.gaps.filter((g) => g.day === "mon")).toEqual([]);
    // without "Full", both edge hours drop to one consultant for half an hour
    const thin = computeDoorCoverage({
      weekStart: MONDAY,
      openingHours: HOURS,
      doorMinimum: 2,
      roster: [
        line("Early", { mon: [{ start: "08:30", end: "17:30" }] }),
        line("Late", { mon: [{ start: "09:30", end: "18:30" }] }),
      ],
    });
    expect(thin.gaps.filter((g) => g.day === "mon").map((g) => `${g.start}-${g.end}:${g.count}`)).toEqual([
      "09:00-10:00:1",
      "17:00-18:00:1",
    ]);
  });

  it("sees the lunch break of a split shift", () => {
    const c = computeDoorCoverage({
      weekStart: MONDAY,
      openingHours: HOURS,
      doorMinimum: 2,
      roster: [
        line("Split", {
          tue: [
            { start: "09:00", end: "12:00" },
            { start: "13:00", end: "18:00" },
          ],
        }),
        line("Full", { tue: [FULL] }),
      ],
    });
    expect(c.gaps.filter((g) => g.day === "tue").map((g) => g.start)).toEqual(["12:00"]);
  });

  it("has no slots on closed weekdays and a short last slot when the store closes on the half hour", () => {
    const c = computeDoorCoverage({
      weekStart: MONDAY,
      // closed on Sundays (0); open until 18:30
      openingHours: { open: "09:00", close: "18:30", closedWeekdays: [0] },
      doorMinimum: 2,
      roster: [line("A", everyDay([{ start: "09:00", end: "18:30" }])), line("B", everyDay([FULL]))],
    });
    const sunday = c.days[6]!;
    expect(sunday).toMatchObject({ date: "2026-11-29", day: "sun", closed: true, slots: [] });
    const last = c.days[0]!.slots.at(-1)!;
    expect(last).toMatchObject({ start: "18:00", end: "18:30", count: 1, gap: true });
    // one gap per open day: the 18:00–18:30 half hour, Monday to Saturday
    expect(c.gaps).toHaveLength(6);
  });

  it("takes absences (out of office) off the door, and a higher door minimum finds more gaps", () => {
    const roster = [line("A", { thu: [FULL] }), line("B", { thu: [FULL] }), line("C", { thu: [FULL] })];
    const out = computeDoorCoverage({
      weekStart: MONDAY,
      openingHours: HOURS,
      doorMinimum: 3,
      roster,
      absences: [
        { userId: "B", date: "2026-11-26", from: 14 * 60 + 30, to: 15 * 60 + 30 },
        { userId: "B", date: "2026-11-27", from: 9 * 60, to: 18 * 60 },
      ],
    });
    expect(out.gaps.filter((g) => g.day === "thu").map((g) => `${g.start}:${g.count}`)).toEqual(["14:00:2", "15:00:2"]);
  });
});

describe("attendance", () => {
  const ev = (recordId: string, kind: "sign_in" | "sign_out" | "out" | "back", at: string, extra = {}) => ({
    recordId,
    userId: "u1",
    kind,
    at,
    ...extra,
  });

  it("moves through a day: sign in, out, back, sign out — and refuses impossible steps", () => {
    expect(attendanceTransition("absent", "sign_in")).toEqual({ status: "present" });
    expect(attendanceTransition("present", "sign_in")).toEqual({ error: "Already signed in." });
    expect(attendanceTransition("absent", "sign_out")).toEqual({ error: "Not signed in yet." });
    expect(attendanceTransition("present", "back")).toEqual({ error: "Not out of the office." });
    expect(attendanceTransition("out", "sign_in")).toHaveProperty("error");
    expect(attendanceTransition("absent", "out")).toEqual({ status: "out" });
    expect(attendanceTransition("signed_out", "sign_in")).toEqual({ status: "present" });
    const day = replayAttendanceDay([
      ev("01", "sign_in", "2026-11-26T00:55:00Z"),
      ev("02", "out", "2026-11-26T06:00:00Z", { expectedReturn: "2026-11-26T07:30:00Z" }),
    ]);
    expect("summary" in day && day.summary).toMatchObject({
      status: "out",
      since: "2026-11-26T06:00:00Z",
      openOut: { recordId: "02" },
      firstSignIn: { recordId: "01" },
    });
  });

  it("lets a correction replace a record instead of editing it", () => {
    const records = [
      ev("01", "sign_in", "2026-11-26T01:20:00Z"),
      ev("02", "sign_in", "2026-11-26T00:58:00Z", { corrects: "01" }),
    ];
    expect(effectiveAttendance(records).map((r) => r.recordId)).toEqual(["02"]);
    const bad = replayAttendanceDay([
      ev("01", "sign_in", "2026-11-26T01:00:00Z"),
      ev("02", "sign_out", "2026-11-26T09:00:00Z"),
      ev("03", "sign_out", "2026-11-26T00:30:00Z", { corrects: "02" }),
    ]);
    expect(bad).toMatchObject({ error: "Not signed in yet." });
  });

  it("is late more than 5 minutes after the shift start, once per shift", () => {
    const shifts = [
      { start: "09:00", end: "12:00" },
      { start: "14:00", end: "18:00" },
    ];
    expect(attendanceLateness(9 * 60 + 5, shifts)).toEqual({ late: false, minutes: 0, shiftStart: "09:00" });
    expect(attendanceLateness(9 * 60 + 6, shifts)).toEqual({ late: true, minutes: 6, shiftStart: "09:00" });
    expect(attendanceLateness(8 * 60 + 40, shifts).late).toBe(false);
    // the afternoon shift of a split day is its own start
    expect(attendanceLateness(14 * 60 + 20, shifts, [8 * 60 + 55])).toEqual({
      late: true,
      minutes: 20,
      shiftStart: "14:00",
    });
    // signing in again inside the same shift is not a second late arrival
    expect(attendanceLateness(10 * 60 + 30, shifts, [8 * 60 + 55]).late).toBe(false);
    // after the last shift, or without a shift: never late
    expect(attendanceLateness(19 * 60, shifts).late).toBe(false);
    expect(attendanceLateness(11 * 60, []).late).toBe(false);
  });

  it("turns whereabouts into door absences in the store's own time zone", () => {
    const now = new Date("2026-11-26T06:40:00Z"); // 14:40 in Shanghai, 01:40 in New York
    const events = [
      { recordId: "01", userId: "a", kind: "sign_in" as const, at: "2026-11-26T00:50:00Z" },
      {
        recordId: "02",
        userId: "a",
        kind: "out" as const,
        at: "2026-11-26T06:00:00Z",
        expectedReturn: "2026-11-26T07:30:00Z",
      },
      { recordId: "03", userId: "b", kind: "sign_in" as const, at: "2026-11-26T00:50:00Z" },
      { recordId: "04", userId: "b", kind: "sign_out" as const, at: "2026-11-26T08:00:00Z" },
    ];
    expect(absencesFromAttendance(events, { date: "2026-11-26", timeZone: "Asia/Shanghai", now })).toEqual([
      // out 14:00, expected back 15:30
      { userId: "a", date: "2026-11-26", from: 14 * 60, to: 15 * 60 + 30 },
      // signed out at 16:00 for the rest of the day
      { userId: "b", date: "2026-11-26", from: 16 * 60, to: 24 * 60 },
    ]);
    // the same instants in New York: the sign-ins were the evening before, out at 01:00, signed out at 03:00
    expect(absencesFromAttendance(events, { date: "2026-11-26", timeZone: "America/New_York", now })).toEqual([
      { userId: "a", date: "2026-11-26", from: 60, to: 150 },
      { userId: "b", date: "2026-11-26", from: 180, to: 24 * 60 },
    ]);
    // and on the 25th in New York nobody was away yet
    expect(absencesFromAttendance(events, { date: "2026-11-25", timeZone: "America/New_York", now })).toEqual([]);
  });

  it("keeps someone who is overdue from the office away until now", () => {
    const now = new Date("2026-11-26T08:10:00Z"); // 16:10 Shanghai
    const events = [
      {
        recordId: "01",
        userId: "a",
        kind: "out" as const,
        at: "2026-11-26T06:00:00Z",
        expectedReturn: "2026-11-26T07:00:00Z",
      },
    ];
    expect(absencesFromAttendance(events, { date: "2026-11-26", timeZone: "Asia/Shanghai", now })).toEqual([
      { userId: "a", date: "2026-11-26", from: 14 * 60, to: 16 * 60 + 10 },
    ]);
  });

  it("needs a destination, a purpose and an expected return to go out", () => {
    expect(() => parseInput(outOfOfficeSchema, { destination: "客户家" })).toThrow(/purpose|Purpose/);
    const ok = parseInput(outOfOfficeSchema, {
      destination: " 张江 客户公司 ",
      purpose: "送合同",
      expectedReturn: "2026-11-26T15:30:00+08:00",
    });
    expect(ok.destination).toBe("张江 客户公司");
  });
});
