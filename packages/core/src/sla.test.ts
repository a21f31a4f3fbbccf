import { describe, expect, it } from "vitest";
import { addBusinessMinutes } from "./sla.ts";

const hours = { open: "09:00", close: "18:00", closedWeekdays: [0] };
const SH = "Asia/Shanghai";

describe("addBusinessMinutes", () => {
  it("adds plain minutes inside opening hours", () => {
    // 2026-11-26 is a Thursday; 10:00 Shanghai = 02:00Z
    expect(addBusinessMinutes(new Date("2026-11-26T02:00:00Z"), 30, hours, SH).toISOString()).toBe(
      "2026-11-26T02:30:00.000Z",
    );
  });

  it("starts the clock at opening time for a lead received at night", () => {
    // 02:00 Shanghai → due 09:30 Shanghai (01:30Z)
    expect(addBusinessMinutes(new Date("2026-11-25T18:00:00Z"), 30, hours, SH).toISOString()).toBe(
      "2026-11-26T01:30:00.000Z",
    );
  });

  it("carries the rest over to the next opening, skipping a closed Sunday", () => {
    // Saturday 17:50 Shanghai (09:50Z) + 30 min → 10 min on Saturday, 20 min on Monday 09:20
    expect(addBusinessMinutes(new Date("2026-11-28T09:50:00Z"), 30, hours, SH).toISOString()).toBe(
      "2026-11-30T01:20:00.000Z",
    );
  });

  it("uses the store's own time zone", () => {
    // 09:00 in Urumqi (UTC+6) is 03:00Z; a lead at 02:30Z is before opening there
    expect(addBusinessMinutes(new Date("2026-11-26T02:30:00Z"), 30, hours, "Asia/Urumqi").toISOString()).toBe(
      "2026-11-26T03:30:00.000Z",
    );
  });

  it("falls back to plain minutes when the store is never open", () => {
    const never = { open: "09:00", close: "18:00", closedWeekdays: [0, 1, 2, 3, 4, 5, 6] };
    expect(addBusinessMinutes(new Date("2026-11-26T02:00:00Z"), 30, never, SH).toISOString()).toBe(
      "2026-11-26T02:30:00.000Z",
    );
  });
});
