import { describe, expect, it } from "vitest";
import { addDays, isValidDate, isValidTimeZone, localDate, localTime, zonedToUtc } from "./time.ts";

describe("localDate / localTime: a store's day is its own", () => {
  it("is already tomorrow in Shanghai at 16:30 UTC", () => {
    expect(localDate("2026-11-25T16:30:00Z", "Asia/Shanghai")).toBe("2026-11-26");
    expect(localTime("2026-11-25T16:30:00Z", "Asia/Shanghai")).toBe("00:30");
    expect(localDate("2026-11-25T15:59:59Z", "Asia/Shanghai")).toBe("2026-11-25");
  });

  it("is still today in Urumqi (UTC+6) at the same instant", () => {
    expect(localDate(new Date("2026-11-25T16:30:00Z"), "Asia/Urumqi")).toBe("2026-11-25");
    expect(localTime("2026-11-25T16:30:00Z", "Asia/Urumqi")).toBe("22:30");
    expect(localDate("2026-11-25T18:00:00Z", "Asia/Urumqi")).toBe("2026-11-26");
  });

  it("follows daylight saving time in New York", () => {
    // 8 March 2026: clocks go from 02:00 EST to 03:00 EDT (07:00 UTC)
    expect(localTime("2026-03-08T06:59:00Z", "America/New_York")).toBe("01:59");
    expect(localTime("2026-03-08T07:00:00Z", "America/New_York")).toBe("03:00");
    expect(localDate("2026-03-09T03:30:00Z", "America/New_York")).toBe("2026-03-08");
    expect(localDate("2026-03-09T04:30:00Z", "America/New_York")).toBe("2026-03-09");
  });

  it("crosses a year boundary", () => {
    expect(localDate("2026-12-31T16:00:00Z", "Asia/Shanghai")).toBe("2027-01-01");
  });
});

describe("zonedToUtc", () => {
  it("converts a Shanghai wall-clock time (UTC+8, no DST)", () => {
    expect(zonedToUtc("2026-11-26", "09:00", "Asia/Shanghai").toISOString()).toBe("2026-11-26T01:00:00.000Z");
    expect(zonedToUtc("2026-11-26", "00:30", "Asia/Shanghai").toISOString()).toBe("2026-11-25T16:30:00.000Z");
  });

  it("converts an Urumqi wall-clock time (UTC+6)", () => {
    expect(zonedToUtc("2026-11-26", "09:00", "Asia/Urumqi").toISOString()).toBe("2026-11-26T03:00:00.000Z");
  });

  it("uses the right offset on both sides of the New York spring-forward", () => {
    expect(zonedToUtc("2026-03-08", "01:30", "America/New_York").toISOString()).toBe("2026-03-08T06:30:00.000Z");
    expect(zonedToUtc("2026-03-08", "03:30", "America/New_York").toISOString()).toBe("2026-03-08T07:30:00.000Z");
    expect(zonedToUtc("2026-03-08", "12:00", "America/New_York").toISOString()).toBe("2026-03-08T16:00:00.000Z");
    expect(zonedToUtc("2026-03-07", "12:00", "America/New_York").toISOString()).toBe("2026-03-07T17:00:00.000Z");
  });

  it("uses the right offset on both sides of the New York fall-back", () => {
    // 1 November 2026: 02:00 EDT becomes 01:00 EST (06:00 UTC)
    expect(zonedToUtc("2026-11-01", "00:30", "America/New_York").toISOString()).toBe("2026-11-01T04:30:00.000Z");
    expect(zonedToUtc("2026-11-01", "02:30", "America/New_York").toISOString()).toBe("2026-11-01T07:30:00.000Z");
    expect(zonedToUtc("2026-11-01", "12:00", "America/New_York").toISOString()).toBe("2026-11-01T17:00:00.000Z");
  });

  it("round-trips with localDate/localTime for every hour of a DST day", () => {
    for (let h = 0; h < 24; h++) {
      if (h === 2) continue; // 02:xx does not exist on 8 March in New York
      const hh = String(h).padStart(2, "0");
      const utc = zonedToUtc("2026-03-08", `${hh}:15`, "America/New_York");
      expect(localDate(utc, "America/New_York")).toBe("2026-03-08");
      expect(localTime(utc, "America/New_York")).toBe(`${hh}:15`);
    }
  });
});

describe("addDays", () => {
  it("adds and subtracts calendar days across months, years and leap days", () => {
    expect(addDays("2026-11-26", 1)).toBe("2026-11-27");
    expect(addDays("2026-11-30", 1)).toBe("2026-12-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2027-01-01", -1)).toBe("2026-12-31");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2026-03-08", 0)).toBe("2026-03-08");
  });

  it("is not thrown off by a DST change (pure calendar arithmetic)", () => {
    expect(addDays("2026-03-07", 1)).toBe("2026-03-08");
    expect(addDays("2026-03-08", 1)).toBe("2026-03-09");
    expect(addDays("2026-11-01", -1)).toBe("2026-10-31");
  });
});

describe("isValidDate / isValidTimeZone", () => {
  it("accepts real calendar dates only, in YYYY-MM-DD form", () => {
    expect(isValidDate("2026-11-26")).toBe(true);
    expect(isValidDate("2028-02-29")).toBe(true);
    expect(isValidDate("2026-02-29")).toBe(false);
    expect(isValidDate("2026-04-31")).toBe(false);
    expect(isValidDate("2026-13-01")).toBe(false);
    expect(isValidDate("2026-1-01")).toBe(false);
    expect(isValidDate("26-11-2026")).toBe(false);
    expect(isValidDate("2026-11-26T00:00:00Z")).toBe(false);
    expect(isValidDate("")).toBe(false);
  });

  it("knows IANA zone names", () => {
    expect(isValidTimeZone("Asia/Shanghai")).toBe(true);
    expect(isValidTimeZone("Asia/Urumqi")).toBe(true);
    expect(isValidTimeZone("America/New_York")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isValidTimeZone("Beijing")).toBe(false);
  });
});
