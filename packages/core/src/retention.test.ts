import { describe, expect, it } from "vitest";
import {
  addMonths,
  customerTaskDoneSchema,
  dateInYear,
  dueRetention,
  nextMaintenanceOn,
  nextRetentionOn,
  RETENTION_LEAD_DAYS,
  retentionIndexOn,
  retentionOccurrences,
} from "./retention.ts";
import { localDate } from "./time.ts";

const VIN = "LSVAX4A20RN000001";

describe("addMonths", () => {
  it("adds months within a year and across year ends", () => {
    expect(addMonths("2026-03-15", 1)).toBe("2026-04-15");
    expect(addMonths("2026-11-30", 2)).toBe("2027-01-30");
    expect(addMonths("2026-12-01", 36)).toBe("2029-12-01");
    expect(addMonths("2026-05-10", 0)).toBe("2026-05-10");
  });
  it("clamps the day to the month's end", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2028-01-31", 1)).toBe("2028-02-29");
    expect(addMonths("2026-08-31", 6)).toBe("2027-02-28");
    expect(addMonths("2026-03-31", 1)).toBe("2026-04-30");
    expect(addMonths("2024-02-29", 12)).toBe("2025-02-28");
  });
  it("goes back in time with negative months", () => {
    expect(addMonths("2026-03-31", -1)).toBe("2026-02-28");
    expect(addMonths("2026-01-15", -2)).toBe("2025-11-15");
  });
});

describe("dateInYear", () => {
  it("places MM-DD in a year", () => {
    expect(dateInYear("07-04", 2027)).toBe("2027-07-04");
    expect(dateInYear("12-31", 2026)).toBe("2026-12-31");
  });
  it("moves a leap-day birthday to 28 February in common years only", () => {
    expect(dateInYear("02-29", 2026)).toBe("2026-02-28");
    expect(dateInYear("02-29", 2028)).toBe("2028-02-29");
    expect(dateInYear("02-29", 2100)).toBe("2100-02-28");
    expect(dateInYear("02-29", 2000)).toBe("2000-02-29");
  });
});

describe("nextMaintenanceOn", () => {
  it("is six months after the last service without mileage", () => {
    expect(nextMaintenanceOn({ vin: VIN, lastServiceOn: "2026-06-15", lastServiceKm: 12_000 })).toBe("2026-12-15");
  });
  it("is six months after the handover for a car never serviced", () => {
    expect(nextMaintenanceOn({ vin: VIN, purchasedOn: "2026-08-31" })).toBe("2027-02-28");
  });
  it("is undefined without any date to start from", () => {
    expect(nextMaintenanceOn({ vin: VIN })).toBeUndefined();
    expect(nextMaintenanceOn({ vin: VIN, mileageKm: 5000, mileageOn: "2026-01-01" })).toBeUndefined();
  });
  it("comes earlier when the average daily distance reaches 10,000 km first", () => {
    // 100 km a day since the service: 10,000 km after 100 days
    const v = {
      vin: VIN,
      lastServiceOn: "2026-01-01",
      lastServiceKm: 20_000,
      mileageKm: 25_000,
      mileageOn: "2026-02-20",
    };
    expect(nextMaintenanceOn(v)).toBe("2026-04-11");
  });
  it("keeps the time rule for a car driven little", () => {
    // 10 km a day: 1,000 days for 10,000 km, six months come first
    const v = {
      vin: VIN,
      lastServiceOn: "2026-01-01",
      lastServiceKm: 20_000,
      mileageKm: 20_500,
      mileageOn: "2026-02-20",
    };
    expect(nextMaintenanceOn(v)).toBe("2026-07-01");
  });
  it("counts from 0 km at the handover of a new car", () => {
    // 4,000 km in 40 days: 100 km a day
    const v = { vin: VIN, purchasedOn: "2026-03-01", mileageKm: 4000, mileageOn: "2026-04-10" };
    expect(nextMaintenanceOn(v)).toBe("2026-06-09");
  });
  it("rounds the days up (due on the day the 10,000 km are reached, not before)", () => {
    // 7,000 km in 30 days = 233.3 km/day → 42.9 days → 43
    const v = { vin: VIN, lastServiceOn: "2026-01-01", lastServiceKm: 0, mileageKm: 7000, mileageOn: "2026-01-31" };
    expect(nextMaintenanceOn(v)).toBe("2026-02-13");
  });
  it("ignores a reading older than the last service, or no distance", () => {
    const base = { vin: VIN, lastServiceOn: "2026-05-01", lastServiceKm: 30_000 };
    expect(nextMaintenanceOn({ ...base, mileageKm: 29_000, mileageOn: "2026-04-01" })).toBe("2026-11-01");
    expect(nextMaintenanceOn({ ...base, mileageKm: 30_000, mileageOn: "2026-06-01" })).toBe("2026-11-01");
    expect(nextMaintenanceOn({ ...base, mileageKm: 45_000, mileageOn: "2026-05-01" })).toBe("2026-11-01");
  });
  it("uses only the time rule when the last service has no odometer reading", () => {
    // the car's whole odometer is not the distance since that service
    const v = { vin: VIN, lastServiceOn: "2026-05-01", mileageKm: 80_000, mileageOn: "2026-06-01" };
    expect(nextMaintenanceOn(v)).toBe("2026-11-01");
  });
});

describe("retentionOccurrences", () => {
  it("reminds of a loan end 30 days ahead, until the day it ends", () => {
    const c = { vehicles: [{ vin: VIN, loanEndsOn: "2026-12-20" }] };
    expect(dueRetention(c, "2026-11-19")).toEqual([]);
    const due = dueRetention(c, "2026-11-20");
    expect(due).toEqual([
      { occasion: "loan_end", vin: VIN, on: "2026-12-20", remindOn: "2026-11-20", key: `loan_end#${VIN}#2026-12-20` },
    ]);
    expect(dueRetention(c, "2026-12-20")).toHaveLength(1);
    expect(dueRetention(c, "2026-12-21")).toEqual([]);
  });
  it("gives a birthday on the day, every year, leap days on 28 February in common years", () => {
    const c = { birthday: "02-29", vehicles: [] };
    expect(dueRetention(c, "2027-02-27")).toEqual([]);
    expect(dueRetention(c, "2027-02-28").map((o) => o.key)).toEqual(["birthday#-#2027-02-28"]);
    expect(dueRetention(c, "2028-02-29").map((o) => o.key)).toEqual(["birthday#-#2028-02-29"]);
    expect(dueRetention(c, "2028-02-28")).toEqual([]);
  });
  it("renews insurance yearly from the first renewal date on, 30 days ahead", () => {
    const c = { vehicles: [{ vin: VIN, insuranceRenewsOn: "2026-01-10" }] };
    // before the first renewal's window
    expect(dueRetention(c, "2025-12-10")).toEqual([]);
    expect(dueRetention(c, "2025-12-11").map((o) => o.on)).toEqual(["2026-01-10"]);
    // a year on, the next renewal (window across the year end)
    expect(dueRetention(c, "2026-12-11").map((o) => o.on)).toEqual(["2027-01-10"]);
    expect(dueRetention(c, "2026-06-01")).toEqual([]);
  });
  it("never reminds of a renewal before the first one", () => {
    const c = { vehicles: [{ vin: VIN, insuranceRenewsOn: "2027-03-01" }] };
    expect(retentionOccurrences(c, "2026-02-01").map((o) => o.on)).toEqual(["2027-03-01"]);
  });
  it("keeps an overdue maintenance open until a service moves it", () => {
    const c = { vehicles: [{ vin: VIN, lastServiceOn: "2026-01-01", lastServiceKm: 1000 }] };
    expect(dueRetention(c, "2026-06-23")).toEqual([]);
    expect(dueRetention(c, "2026-06-24").map((o) => o.key)).toEqual([`maintenance#${VIN}#2026-07-01`]);
    expect(dueRetention(c, "2026-09-30").map((o) => o.key)).toEqual([`maintenance#${VIN}#2026-07-01`]);
  });
  it("lists one occurrence per occasion and vehicle, sorted by reminder date", () => {
    const c = {
      birthday: "12-05",
      vehicles: [
        { vin: VIN, loanEndsOn: "2026-12-20", insuranceRenewsOn: "2026-12-01" },
        { vin: "LSVAX4A20RN000002", lastServiceOn: "2026-07-15", lastServiceKm: 3000 },
      ],
    };
    const all = retentionOccurrences(c, "2026-11-26");
    expect(all.map((o) => `${o.occasion}@${o.remindOn}`)).toEqual([
      "insurance@2026-11-01",
      "loan_end@2026-11-20",
      "birthday@2026-12-05",
      "maintenance@2027-01-08",
    ]);
    expect(dueRetention(c, "2026-11-26").map((o) => o.occasion)).toEqual(["insurance", "loan_end"]);
  });
  it("uses the lead days of the occasion", () => {
    expect(RETENTION_LEAD_DAYS).toEqual({ loan_end: 30, insurance: 30, maintenance: 7, birthday: 0 });
  });
});

describe("the retention index", () => {
  const c = {
    birthday: "03-08",
    vehicles: [{ vin: VIN, loanEndsOn: "2026-12-20", lastServiceOn: "2026-09-01", lastServiceKm: 5000 }],
  };
  it("indexes the customer at the earliest open reminder (may be today or before)", () => {
    expect(retentionIndexOn(c, "2026-11-26")).toBe("2026-11-20");
  });
  it("moves after a run to the first reminder strictly after the day", () => {
    // the loan end's reminder was handled; next: the maintenance 7 days before 2027-03-01
    expect(nextRetentionOn(c, "2026-11-26")).toBe("2027-02-22");
  });
  it("drops one-off events once handled and leaves none when nothing is ahead", () => {
    expect(nextRetentionOn({ vehicles: [{ vin: VIN, loanEndsOn: "2026-12-20" }] }, "2026-11-20")).toBeUndefined();
    expect(retentionIndexOn({ vehicles: [] }, "2026-11-20")).toBeUndefined();
  });
  it("moves a birthday handled today to next year", () => {
    expect(nextRetentionOn({ birthday: "11-26", vehicles: [] }, "2026-11-26")).toBe("2027-11-26");
    expect(nextRetentionOn({ birthday: "12-31", vehicles: [] }, "2026-12-31")).toBe("2027-12-31");
  });
  it("the job picks every reminder up once: index ≤ day → due, index after → not before", () => {
    // walk a year day by day as the job does and collect the keys written
    const customer = {
      birthday: "02-29",
      vehicles: [{ vin: VIN, loanEndsOn: "2027-03-31", insuranceRenewsOn: "2026-12-31", purchasedOn: "2025-12-31" }],
    };
    let index = retentionIndexOn(customer, "2026-01-01");
    const written = new Set<string>();
    let runs = 0;
    for (let d = "2026-01-01"; d <= "2027-12-31"; d = addDaysIso(d, 1)) {
      if (!index || index > d) continue;
      runs++;
      for (const o of dueRetention(customer, d)) written.add(o.key);
      index = nextRetentionOn(customer, d);
    }
    expect([...written].sort()).toEqual(
      [
        "birthday#-#2026-02-28",
        "birthday#-#2027-02-28",
        `insurance#${VIN}#2026-12-31`,
        `insurance#${VIN}#2027-12-31`,
        `loan_end#${VIN}#2027-03-31`,
        `maintenance#${VIN}#2026-06-30`,
      ].sort(),
    );
    expect(runs).toBeLessThan(10);
  });
});

describe("store-local dates", () => {
  it("decides on the store's local day, not the UTC day", () => {
    const c = { vehicles: [{ vin: VIN, loanEndsOn: "2026-12-31" }] };
    // 16:30 UTC on 30 Nov is already 1 December in Shanghai, still 30 Nov in London
    const at = new Date("2026-11-30T16:30:00Z");
    expect(dueRetention(c, localDate(at, "Asia/Shanghai"))).toHaveLength(1);
    expect(dueRetention(c, localDate(at, "Europe/London"))).toEqual([]);
    // Urumqi (UTC+6) is still on 30 Nov at 17:30 UTC
    expect(localDate(new Date("2026-11-30T17:30:00Z"), "Asia/Urumqi")).toBe("2026-11-30");
  });
  it("a birthday at a year end in Shanghai", () => {
    const c = { birthday: "01-01", vehicles: [] };
    expect(dueRetention(c, localDate(new Date("2026-12-31T16:00:00Z"), "Asia/Shanghai")).map((o) => o.on)).toEqual([
      "2027-01-01",
    ]);
  });
});

describe("customerTaskDoneSchema", () => {
  it("accepts an optional outcome and refuses unknown fields", () => {
    expect(customerTaskDoneSchema.parse({ outcome: "Booked a trade-in visit" }).outcome).toBe(
      "Booked a trade-in visit",
    );
    expect(customerTaskDoneSchema.safeParse({ outcome: "x", other: 1 }).success).toBe(false);
    expect(customerTaskDoneSchema.safeParse({ outcome: "x".repeat(501) }).success).toBe(false);
  });
});

function addDaysIso(d: string, n: number): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}
