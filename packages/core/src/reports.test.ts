import { describe, expect, it } from "vitest";
import {
  addCounts,
  aggregateDays,
  type DayStatsLike,
  daysApart,
  emptyCounts,
  type FunnelCounts,
  funnelRatios,
  isoWeekday,
  monthToDate,
  nextMonth,
  periodRange,
  ratio,
  reportQuerySchema,
  reportSettingsSchema,
  seriesOf,
  splitEmails,
} from "./reports.ts";

const counts = (c: Partial<FunnelCounts>): FunnelCounts => ({ ...emptyCounts(), ...c });

function day(date: string, c: Partial<FunnelCounts>, extra: Partial<DayStatsLike> = {}): DayStatsLike {
  return {
    date,
    ...counts(c),
    byConsultant: {},
    bySource: {},
    byBrand: {},
    lostReasons: {},
    complaints: 0,
    complaintsHandledIn12h: 0,
    ...extra,
  };
}

describe("periods", () => {
  it("anchors each period on the day", () => {
    expect(periodRange("day", "2026-11-26")).toEqual({ period: "day", from: "2026-11-26", to: "2026-11-26", days: 1 });
    expect(periodRange("five_days", "2026-11-03")).toMatchObject({ from: "2026-10-30", to: "2026-11-03", days: 5 });
    // 2026-11-26 is a Thursday: Monday 23rd to Sunday 29th
    expect(periodRange("week", "2026-11-26")).toMatchObject({ from: "2026-11-23", to: "2026-11-29", days: 7 });
    expect(periodRange("week", "2026-11-23")).toMatchObject({ from: "2026-11-23", to: "2026-11-29" });
    expect(periodRange("week", "2026-11-29")).toMatchObject({ from: "2026-11-23", to: "2026-11-29" });
    expect(periodRange("month", "2026-02-14")).toMatchObject({ from: "2026-02-01", to: "2026-02-28", days: 28 });
    expect(periodRange("month", "2028-02-14")).toMatchObject({ to: "2028-02-29", days: 29 });
    expect(periodRange("quarter", "2026-11-26")).toMatchObject({ from: "2026-10-01", to: "2026-12-31", days: 92 });
    expect(periodRange("quarter", "2026-01-01")).toMatchObject({ from: "2026-01-01", to: "2026-03-31", days: 90 });
    expect(periodRange("year", "2026-06-30")).toMatchObject({ from: "2026-01-01", to: "2026-12-31", days: 365 });
    expect(periodRange("custom", "2026-11-26", { from: "2026-11-01", to: "2026-11-10" })).toMatchObject({
      from: "2026-11-01",
      to: "2026-11-10",
      days: 10,
    });
  });

  it("counts days and weekdays across month and year ends", () => {
    expect(daysApart("2026-12-31", "2027-01-01")).toBe(1);
    expect(isoWeekday("2026-11-29")).toBe(7);
    expect(isoWeekday("2026-11-30")).toBe(1);
    expect(nextMonth("2026-12")).toBe("2027-01");
    expect(nextMonth("2026-09")).toBe("2026-10");
  });

  it("validates the query: custom needs an ordered range of at most a year", () => {
    expect(reportQuerySchema.parse({})).toMatchObject({ period: "month" });
    expect(reportQuerySchema.safeParse({ period: "fortnight" }).success).toBe(false);
    const missing = reportQuerySchema.safeParse({ period: "custom" });
    expect(missing.error?.issues.map((i) => i.path[0]).sort()).toEqual(["from", "to"]);
    const reversed = reportQuerySchema.safeParse({ period: "custom", from: "2026-11-10", to: "2026-11-01" });
    expect(reversed.error?.issues[0]?.message).toBe("The end of the period is before its start.");
    const long = reportQuerySchema.safeParse({ period: "custom", from: "2025-01-01", to: "2026-01-02" });
    expect(long.error?.issues[0]?.message).toBe("A period is at most one year.");
    expect(reportQuerySchema.safeParse({ period: "custom", from: "2025-01-01", to: "2025-12-31" }).success).toBe(true);
    expect(reportQuerySchema.safeParse({ date: "2026-02-30" }).success).toBe(false);
    expect(reportQuerySchema.safeParse({ extra: "1" }).success).toBe(false);
  });
});

describe("aggregation", () => {
  it("adds counts field by field, missing fields as zero", () => {
    expect(addCounts(counts({ walkIns: 2, orders: 1 }), { walkIns: 3 })).toEqual(counts({ walkIns: 5, orders: 1 }));
  });

  it("sums a period per store, consultant, source, brand and lost reason", () => {
    const a = day(
      "2026-11-01",
      { walkIns: 10, newProspects: 6, orders: 2, orderAmountFen: 30_000_000 },
      {
        byConsultant: {
          u1: { ...counts({ walkIns: 6, newProspects: 4, orders: 2 }), name: "Li Na" },
          u2: { ...counts({ walkIns: 4, newProspects: 2 }), name: "Wang" },
        },
        bySource: { walk_in: counts({ walkIns: 8 }), phone: counts({ walkIns: 2 }) },
        byBrand: { VW: counts({ orders: 2 }) },
        lostReasons: { price: 1 },
        complaints: 1,
        complaintsHandledIn12h: 1,
        firstVisits: 7,
        returnVisits: 3,
      },
    );
    const b = day(
      "2026-11-02",
      { walkIns: 5, newProspects: 3, deliveries: 1 },
      {
        byConsultant: { u1: { ...counts({ walkIns: 5, newProspects: 3, deliveries: 1 }), name: "Li Na (Shanghai)" } },
        bySource: { walk_in: counts({ walkIns: 5 }) },
        byBrand: { VW: counts({ deliveries: 1 }), Audi: counts({}) },
        lostReasons: { price: 2, no_contact: 1 },
        complaints: 2,
        complaintsHandledIn12h: 1,
      },
    );
    const p = aggregateDays([a, b]);
    expect(p.days).toBe(2);
    expect(p.total).toEqual(
      counts({ walkIns: 15, newProspects: 9, orders: 2, orderAmountFen: 30_000_000, deliveries: 1 }),
    );
    expect(p.byConsultant.u1).toEqual({
      ...counts({ walkIns: 11, newProspects: 7, orders: 2, deliveries: 1 }),
      name: "Li Na (Shanghai)",
    });
    expect(p.byConsultant.u2?.walkIns).toBe(4);
    expect(p.bySource.walk_in?.walkIns).toBe(13);
    expect(p.byBrand.VW).toEqual(counts({ orders: 2, deliveries: 1 }));
    expect(p.lostReasons).toEqual({ price: 3, no_contact: 1 });
    expect([p.complaints, p.complaintsHandledIn12h, p.firstVisits, p.returnVisits]).toEqual([3, 2, 7, 3]);
  });

  it("an empty period is zeros, not an error", () => {
    const p = aggregateDays([]);
    expect(p.total).toEqual(emptyCounts());
    expect(p.days).toBe(0);
  });
});

describe("ratios", () => {
  it("divides the funnel steps and answers null where there is nothing to divide by", () => {
    const r = funnelRatios(
      counts({
        walkIns: 40,
        newProspects: 20,
        testDrives: 10,
        orders: 5,
        deliveries: 4,
        appointmentsMade: 8,
        appointmentsKept: 6,
        postCallsDue: 4,
        postCallsDone: 3,
      }),
    );
    expect(r).toEqual({
      cardsPerTraffic: 0.5,
      drivesPerCard: 0.5,
      ordersPerCard: 0.25,
      deliveriesPerOrder: 0.8,
      invitationSuccess: 0.75,
      postCallCompletion: 0.75,
    });
    expect(funnelRatios(emptyCounts())).toEqual({
      cardsPerTraffic: null,
      drivesPerCard: null,
      ordersPerCard: null,
      deliveriesPerOrder: null,
      invitationSuccess: null,
      postCallCompletion: null,
    });
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(0, 3)).toBe(0);
  });

  it("month to date against the target", () => {
    const m = monthToDate(
      [counts({ deliveries: 3, orders: 4 }), counts({ deliveries: 2, orderAmountFen: 100 })],
      "2026-11",
      20,
    );
    expect(m).toEqual({
      month: "2026-11",
      orders: 4,
      deliveries: 5,
      orderAmountFen: 100,
      targetUnits: 20,
      attainment: 0.25,
    });
    expect(monthToDate([], "2026-11", undefined)).toMatchObject({ targetUnits: null, attainment: null });
    expect(monthToDate([], "2026-11", 0)).toMatchObject({ targetUnits: 0, attainment: null });
  });
});

describe("series for the charts", () => {
  it("one zero-filled point per day for short periods", () => {
    const s = seriesOf(
      [day("2026-11-02", { walkIns: 3 })],
      periodRange("custom", "", { from: "2026-11-01", to: "2026-11-03" }),
    );
    expect(s.map((p) => [p.label, p.walkIns])).toEqual([
      ["2026-11-01", 0],
      ["2026-11-02", 3],
      ["2026-11-03", 0],
    ]);
  });

  it("one point per month for a quarter or a year, across the year end", () => {
    const s = seriesOf(
      [day("2026-11-02", { orders: 1 }), day("2026-11-20", { orders: 2 }), day("2027-01-05", { orders: 5 })],
      periodRange("custom", "", { from: "2026-11-01", to: "2027-01-31" }),
    );
    expect(s.map((p) => [p.label, p.orders])).toEqual([
      ["2026-11", 3],
      ["2026-12", 0],
      ["2027-01", 5],
    ]);
    expect(seriesOf([], periodRange("year", "2026-05-01"))).toHaveLength(12);
  });

  it("ends a running period's line at today: the days and months to come are not zeros", () => {
    const year = periodRange("year", "2026-05-01");
    expect(seriesOf([], year, "2026-05-01").map((p) => p.label)).toEqual([
      "2026-01",
      "2026-02",
      "2026-03",
      "2026-04",
      "2026-05",
    ]);
    const month = periodRange("custom", "", { from: "2026-11-01", to: "2026-11-30" });
    expect(seriesOf([day("2026-11-02", { walkIns: 3 })], month, "2026-11-03").map((p) => [p.label, p.walkIns])).toEqual(
      [
        ["2026-11-01", 0],
        ["2026-11-02", 3],
        ["2026-11-03", 0],
      ],
    );
    // a past period is whole; a period that has not started yet keeps its first point
    expect(seriesOf([], month, "2026-12-15")).toHaveLength(30);
    expect(seriesOf([], month, "2026-10-15").map((p) => p.label)).toEqual(["2026-11-01"]);
  });
});

describe("report settings", () => {
  it("splits and normalises finance addresses and validates each", () => {
    expect(splitEmails(" Fin@Example.com, b@example.com；fin@example.com\nc@example.com ")).toEqual([
      "fin@example.com",
      "b@example.com",
      "c@example.com",
    ]);
    expect(reportSettingsSchema.safeParse({ version: 0, financeEmails: ["a@example.com"] }).success).toBe(true);
    const bad = reportSettingsSchema.safeParse({ version: 0, financeEmails: ["a@example.com", "not-an-address"] });
    expect(bad.error?.issues[0]?.path).toEqual(["financeEmails", 1]);
  });
});
