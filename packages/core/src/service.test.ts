import { describe, expect, it } from "vitest";
import {
  closedReason,
  DEFAULT_SERVICE_SETTINGS,
  dayLoad,
  fitProblem,
  hoursCovered,
  parseInput,
  type ServiceSettings,
  serviceSettingsSchema,
  slotCapacity,
  startOptions,
  suggestStarts,
  weekdayIndex,
  workshopHours,
} from "./index.ts";

const S: ServiceSettings = { ...DEFAULT_SERVICE_SETTINGS, bays: 4, technicians: 3, closedDates: ["2026-12-25"] };
// 2026-11-30 is a Monday
const MON = "2026-11-30";

describe("workshop capacity", () => {
  it("holds min(bays, technicians) cars per hour slot", () => {
    expect(slotCapacity({ bays: 4, technicians: 3 })).toBe(3);
    expect(slotCapacity({ bays: 2, technicians: 5 })).toBe(2);
  });

  it("knows weekdays Monday first and the hour slots of a day", () => {
    expect(weekdayIndex(MON)).toBe(0);
    expect(weekdayIndex("2026-12-06")).toBe(6);
    expect(workshopHours(S, MON)).toEqual(["08", "09", "10", "11", "12", "13", "14", "15", "16", "17"]);
    expect(workshopHours(S, "2026-12-06")).toEqual(["09", "10", "11", "12", "13", "14", "15", "16"]);
  });

  it("has no slots on a closed date or a closed weekday", () => {
    expect(closedReason(S, "2026-12-25")).toBe("closed_date");
    expect(workshopHours(S, "2026-12-25")).toEqual([]);
    const noSundays = { ...S, weekHours: [...S.weekHours.slice(0, 6), null] };
    expect(closedReason(noSundays, "2026-12-06")).toBe("closed_weekday");
    expect(dayLoad(noSundays, "2026-12-06", {})).toEqual([]);
  });

  it("reports capacity, used and free per slot", () => {
    const load = dayLoad(S, MON, { "09": 3, "10": 1 });
    expect(load[0]).toEqual({ hour: "08", time: "08:00", capacity: 3, used: 0, free: 3 });
    expect(load[1]!.free).toBe(0);
    expect(load[2]!.free).toBe(2);
  });
});

describe("fitting a job", () => {
  it("covers consecutive hours", () => {
    expect(hoursCovered("15:00", 3)).toEqual(["15", "16", "17"]);
  });

  it("refuses closed days, hours outside opening and jobs that run past closing", () => {
    expect(fitProblem(S, "2026-12-25", "10:00", 1, {})).toMatchObject({ code: "closed" });
    expect(fitProblem(S, MON, "07:00", 1, {})).toMatchObject({ code: "hours" });
    expect(fitProblem(S, MON, "15:00", 4, {})?.message).toBe(
      "A 4-hour job starting at 15:00 runs past closing time (18:00).",
    );
    expect(fitProblem(S, MON, "14:00", 4, {})).toBeUndefined();
  });

  it("refuses a full slot anywhere in the job, naming it", () => {
    const p = fitProblem(S, MON, "09:00", 2, { "10": 3 });
    expect(p).toMatchObject({ code: "full", hour: "10" });
    expect(p?.message).toBe("The 10:00 slot is full (3 of 3 cars). Choose another time.");
    expect(fitProblem(S, MON, "09:00", 2, { "10": 2 })).toBeUndefined();
  });

  it("refuses a start that has passed today", () => {
    expect(fitProblem(S, MON, "09:00", 1, {}, "10:20")).toMatchObject({ code: "past" });
    expect(fitProblem(S, MON, "11:00", 1, {}, "10:20")).toBeUndefined();
  });
});

describe("suggestions", () => {
  it("suggests the least-loaded starts, earlier first on a tie", () => {
    const used = { "08": 2, "09": 2, "10": 1, "11": 0, "12": 0, "13": 1, "14": 3, "15": 0, "16": 2, "17": 2 };
    const opts = startOptions(S, MON, 1, used);
    expect(opts.find((o) => o.time === "14:00")!.fits).toBe(false);
    expect(suggestStarts(opts)).toEqual(["11:00", "12:00", "15:00"]);
  });

  it("judges a long job by its fullest hour and only offers starts that end by closing", () => {
    const used = { "08": 0, "09": 2, "10": 0, "11": 0, "12": 0, "13": 0 };
    const opts = startOptions(S, MON, 4, used);
    expect(opts.map((o) => o.time)).toEqual(["08:00", "09:00", "10:00", "11:00", "12:00", "13:00", "14:00"]);
    expect(suggestStarts(opts, 2)).toEqual(["10:00", "11:00"]);
  });

  it("suggests nothing on a full or closed day", () => {
    const full = Object.fromEntries(workshopHours(S, MON).map((h) => [h, 3]));
    expect(suggestStarts(startOptions(S, MON, 1, full))).toEqual([]);
    expect(suggestStarts(startOptions(S, "2026-12-25", 1, {}))).toEqual([]);
  });

  it("leaves out starts that have passed", () => {
    expect(suggestStarts(startOptions(S, MON, 1, {}, "16:05"))).toEqual(["17:00"]);
  });
});

describe("settings input", () => {
  const input = { version: 0, ...DEFAULT_SERVICE_SETTINGS };
  it("accepts the defaults", () => {
    expect(parseInput(serviceSettingsSchema, input).bays).toBe(6);
  });
  it("refuses closing before opening, duplicate codes and bad durations, field by field", () => {
    const bad = {
      ...input,
      weekHours: [{ open: "18:00", close: "08:00" }, ...input.weekHours.slice(1)],
      serviceTypes: [
        { code: "maintenance", name: "A", nameZh: "甲", hours: 9 },
        { code: "maintenance", name: "B", nameZh: "乙", hours: 1 },
      ],
    };
    try {
      parseInput(serviceSettingsSchema, bad);
      expect.unreachable();
    } catch (e) {
      const fields = (e as { fields: Record<string, string> }).fields;
      expect(fields["weekHours.0.close"]).toBe("Closing time must be after opening time.");
      expect(fields["serviceTypes.0.hours"]).toBe("A service takes at most 8 hours (one working day).");
    }
  });
});
