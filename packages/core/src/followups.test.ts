import { describe, expect, it } from "vitest";
import {
  dayBounds,
  followUpDueAt,
  followUpSchema,
  followUpTaskId,
  isOverdue,
  overdueFollowUpCounts,
  type PlanLike,
  planFigures,
  summariseByOwner,
} from "./followups.ts";
import { DEFAULT_GRADING } from "./grading.ts";
import { parseInput } from "./schemas.ts";

describe("followUpDueAt — the grade's cadence in the store's own calendar", () => {
  // a call at 10:15 Shanghai time on 26 November
  const clock = () => new Date("2026-11-26T02:15:00Z");

  it("adds the grade's days at the same local time (H 1, A 3, B 7, C 14 by default)", () => {
    expect(followUpDueAt("H", clock(), "Asia/Shanghai")).toBe("2026-11-27T02:15:00.000Z");
    expect(followUpDueAt("A", clock(), "Asia/Shanghai")).toBe("2026-11-29T02:15:00.000Z");
    expect(followUpDueAt("B", clock(), "Asia/Shanghai")).toBe("2026-12-03T02:15:00.000Z");
    expect(followUpDueAt("C", clock(), "Asia/Shanghai")).toBe("2026-12-10T02:15:00.000Z");
  });

  it("uses the tenant's cadence", () => {
    const rule = { ...DEFAULT_GRADING, cadenceDays: { H: 2, A: 4, B: 10, C: 30 } };
    expect(followUpDueAt("H", clock(), "Asia/Shanghai", rule)).toBe("2026-11-28T02:15:00.000Z");
    expect(followUpDueAt("C", clock(), "Asia/Shanghai", rule)).toBe("2026-12-26T02:15:00.000Z");
  });

  it("counts days in the store's zone: 23:30 in Shanghai is the next UTC day's calendar", () => {
    // 23:30 on 26 Nov in Shanghai = 15:30 UTC on 26 Nov; H → 23:30 on 27 Nov local
    const late = new Date("2026-11-26T15:30:00Z");
    expect(followUpDueAt("H", late, "Asia/Shanghai")).toBe("2026-11-27T15:30:00.000Z");
    // same instant in Urumqi (UTC+6) is 21:30 on 26 Nov → 21:30 on 27 Nov
    expect(followUpDueAt("H", late, "Asia/Urumqi")).toBe("2026-11-27T15:30:00.000Z");
  });

  it("keeps the wall-clock time across a daylight-saving change", () => {
    // 10:00 EST on Saturday 7 March 2026; New York springs forward on Sunday 8 March
    const before = new Date("2026-03-07T15:00:00Z");
    // H: 10:00 EDT on 8 March = 14:00 UTC (not 15:00, which a fixed 24 h would give)
    expect(followUpDueAt("H", before, "America/New_York")).toBe("2026-03-08T14:00:00.000Z");
  });

  it("gives ordered, lost and ungraded cards no next follow-up", () => {
    expect(followUpDueAt("O", clock(), "Asia/Shanghai")).toBeNull();
    expect(followUpDueAt("F", clock(), "Asia/Shanghai")).toBeNull();
    expect(followUpDueAt(null, clock(), "Asia/Shanghai")).toBeNull();
  });
});

describe("dayBounds and task ids", () => {
  it("gives a store-local day as a half-open UTC interval", () => {
    expect(dayBounds("2026-11-26", "Asia/Shanghai")).toEqual({
      start: "2026-11-25T16:00:00.000Z",
      end: "2026-11-26T16:00:00.000Z",
    });
    expect(dayBounds("2026-03-08", "America/New_York")).toEqual({
      start: "2026-03-08T05:00:00.000Z",
      end: "2026-03-09T04:00:00.000Z", // a 23-hour day
    });
  });

  it("makes the same task id for the same card and due time, another for another time", () => {
    const a = followUpTaskId("01JABCDEFGHJKMNPQRSTVWXYZ0", "2026-11-27T02:15:00.000Z");
    expect(a).toBe("01JABCDEFGHJKMNPQRSTVWXYZ0.20261127021500000");
    expect(followUpTaskId("01JABCDEFGHJKMNPQRSTVWXYZ0", "2026-11-27T02:15:00.000Z")).toBe(a);
    expect(followUpTaskId("01JABCDEFGHJKMNPQRSTVWXYZ0", "2026-11-28T02:15:00.000Z")).not.toBe(a);
    expect(a).not.toContain("#");
  });
});

describe("followUpSchema", () => {
  const base = { version: 3, channel: "call", outcome: "reached" };

  it("accepts a follow-up and trims its texts", () => {
    expect(parseInput(followUpSchema, { ...base, note: "  想周末来试驾 ", nextStep: "" })).toEqual({
      ...base,
      note: "想周末来试驾",
      nextStep: undefined,
    });
  });

  it("needs a time for an appointment, and only for an appointment", () => {
    expect(() => parseInput(followUpSchema, { ...base, outcome: "appointment" })).toThrow(/agreed to come in/);
    expect(() => parseInput(followUpSchema, { ...base, appointmentAt: "2026-11-28T10:00:00+08:00" })).toThrow(
      /goes with the outcome/,
    );
    expect(
      parseInput(followUpSchema, { ...base, outcome: "appointment", appointmentAt: "2026-11-28T10:00:00+08:00" })
        .appointmentAt,
    ).toBe("2026-11-28T10:00:00+08:00");
  });

  it("names the field that is wrong", () => {
    try {
      parseInput(followUpSchema, { ...base, channel: "fax", extra: 1 });
      expect.unreachable();
    } catch (e) {
      const fields = (e as { fields: Record<string, string> }).fields;
      expect(fields.channel).toMatch(/call, visit, message/);
      expect(fields._).toMatch(/Unknown field/);
    }
  });
});

describe("plan figures", () => {
  const now = new Date("2026-11-26T06:00:00Z"); // 14:00 in Shanghai
  const item = (o: Partial<PlanLike>): PlanLike => ({
    ownerId: "u1",
    ownerName: "李娜",
    kind: "follow_up",
    dueAt: "2026-11-26T02:00:00.000Z",
    status: "open",
    ...o,
  });

  it("is overdue only while open and past its due time", () => {
    expect(isOverdue(item({}), now)).toBe(true);
    expect(isOverdue(item({ status: "done" }), now)).toBe(false);
    expect(isOverdue(item({ dueAt: "2026-11-26T08:00:00.000Z" }), now)).toBe(false);
  });

  it("rates completion as done over the day's items, cancelled ones left out", () => {
    const day = [
      item({ status: "done" }),
      item({ status: "done", kind: "test_drive" }),
      item({}), // overdue
      item({ dueAt: "2026-11-26T09:00:00.000Z" }), // later today
      item({ status: "cancelled" }),
    ];
    const earlier = [item({ dueAt: "2026-11-24T02:00:00.000Z" })];
    expect(planFigures(day, earlier, now)).toEqual({ due: 4, done: 2, open: 2, overdue: 2, completionRate: 50 });
    expect(planFigures([], [], now).completionRate).toBeNull();
  });

  it("summarises every owner, most overdue first", () => {
    const day = [
      item({ status: "done" }),
      item({ ownerId: "u2", ownerName: "王伟" }),
      item({ ownerId: "u2", ownerName: "王伟", status: "done" }),
    ];
    const earlier = [item({ ownerId: "u2", ownerName: "王伟", dueAt: "2026-11-20T02:00:00.000Z" })];
    const s = summariseByOwner(day, earlier, now);
    expect(s.map((x) => [x.ownerName, x.due, x.done, x.overdue, x.completionRate])).toEqual([
      ["王伟", 2, 1, 2, 50],
      ["李娜", 1, 1, 0, 100],
    ]);
  });

  it("counts only overdue follow-up tasks for the rotation skip", () => {
    const open = [
      item({}),
      item({ dueAt: "2026-11-25T02:00:00.000Z" }),
      item({ kind: "appointment" }),
      item({ ownerId: "u2", dueAt: "2026-11-27T02:00:00.000Z" }),
      item({ ownerId: "u3" }),
    ];
    expect(overdueFollowUpCounts(open, now)).toEqual({ u1: 2, u3: 1 });
  });
});
