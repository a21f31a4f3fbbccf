import { describe, expect, it } from "vitest";
import { GREETING_LEAD_DAYS, greetingsDue, holidayDate } from "./holidays.ts";

// published dates of 春节 and 中秋 (国务院办公厅 holiday notices / the Chinese calendar)
const TABLE = [
  { year: 2026, spring: "2026-02-17", midAutumn: "2026-09-25" },
  { year: 2027, spring: "2027-02-06", midAutumn: "2027-09-15" },
  { year: 2028, spring: "2028-01-26", midAutumn: "2028-10-03" },
];

describe("holiday dates from the lunar calendar", () => {
  for (const row of TABLE) {
    it(`${row.year}: 春节 ${row.spring}, 中秋 ${row.midAutumn}`, () => {
      expect(holidayDate("spring_festival", row.year)).toBe(row.spring);
      expect(holidayDate("mid_autumn", row.year)).toBe(row.midAutumn);
    });
  }
});

describe("greetingsDue", () => {
  it("opens three days before the holiday and closes on its eve", () => {
    expect(GREETING_LEAD_DAYS).toBe(3);
    expect(greetingsDue("2027-02-02")).toEqual([]);
    expect(greetingsDue("2027-02-03")).toEqual([{ holiday: "spring_festival", on: "2027-02-06" }]);
    expect(greetingsDue("2027-02-05")).toEqual([{ holiday: "spring_festival", on: "2027-02-06" }]);
    expect(greetingsDue("2027-02-06")).toEqual([]);
    expect(greetingsDue("2026-09-22")).toEqual([{ holiday: "mid_autumn", on: "2026-09-25" }]);
    expect(greetingsDue("2026-11-26")).toEqual([]);
  });
  it("finds a Spring Festival early in the next year from the year end", () => {
    // 2028-01-26: the window opens 2028-01-23; from 2027 nothing is due yet
    expect(greetingsDue("2027-12-31")).toEqual([]);
    expect(greetingsDue("2028-01-23")).toEqual([{ holiday: "spring_festival", on: "2028-01-26" }]);
  });
});
