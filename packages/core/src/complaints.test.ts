import { describe, expect, it } from "vitest";
import { complaintDueAt, complaintSchema, complaintSla, satisfactionLevel } from "./complaints.ts";
import { parseInput } from "./schemas.ts";

describe("complaint SLA due time", () => {
  it("is the log time plus the SLA in hours, in UTC", () => {
    expect(complaintDueAt("2026-11-26T02:15:00.000Z", 12)).toBe("2026-11-26T14:15:00.000Z");
    expect(complaintDueAt(new Date("2026-11-26T20:00:00+08:00"), 12)).toBe("2026-11-27T00:00:00.000Z");
  });

  it("follows the tenant's setting and crosses days and months", () => {
    expect(complaintDueAt("2026-11-30T18:30:00.000Z", 8)).toBe("2026-12-01T02:30:00.000Z");
    expect(complaintDueAt("2026-11-26T00:00:00.000Z", 72)).toBe("2026-11-29T00:00:00.000Z");
    expect(complaintDueAt("2026-11-26T00:00:00.000Z", 1)).toBe("2026-11-26T01:00:00.000Z");
  });

  it("refuses an SLA that is not a positive whole number of hours, and a bad time", () => {
    expect(() => complaintDueAt("2026-11-26T00:00:00.000Z", 0)).toThrow(RangeError);
    expect(() => complaintDueAt("2026-11-26T00:00:00.000Z", 1.5)).toThrow(RangeError);
    expect(() => complaintDueAt("not a time", 12)).toThrow(RangeError);
  });
});

describe("complaint SLA state", () => {
  const dueAt = "2026-11-26T12:00:00.000Z";
  const at = (iso: string) => new Date(iso);

  it("counts down while open: on time, then due soon in the last two hours, then overdue", () => {
    expect(complaintSla({ state: "open", dueAt }, at("2026-11-26T06:00:00.000Z"))).toEqual({
      status: "on_time",
      minutesLeft: 360,
      late: false,
    });
    expect(complaintSla({ state: "open", dueAt }, at("2026-11-26T10:30:30.000Z"))).toMatchObject({
      status: "due_soon",
      minutesLeft: 89,
    });
    expect(complaintSla({ state: "open", dueAt }, at("2026-11-26T12:00:00.000Z"))).toMatchObject({
      status: "due_soon",
      minutesLeft: 0,
    });
    expect(complaintSla({ state: "open", dueAt }, at("2026-11-26T13:00:01.000Z"))).toEqual({
      status: "overdue",
      minutesLeft: -61,
      late: true,
    });
  });

  it("stops the clock at the first response and says whether it came late", () => {
    const onTime = { state: "responded" as const, dueAt, response: { at: "2026-11-26T11:59:00.000Z" } };
    expect(complaintSla(onTime, at("2026-11-28T00:00:00.000Z"))).toEqual({
      status: "responded",
      minutesLeft: null,
      late: false,
    });
    const late = { state: "resolved" as const, dueAt, response: { at: "2026-11-26T12:01:00.000Z" } };
    expect(complaintSla(late, at("2026-11-26T12:02:00.000Z"))).toEqual({
      status: "resolved",
      minutesLeft: null,
      late: true,
    });
  });
});

describe("complaint input", () => {
  const base = { channel: "phone", category: "delivery", description: "Car delivered with a scratch" };

  it("needs the customer's name and mobile unless a prospect card is linked", () => {
    let fields: Record<string, string> = {};
    try {
      parseInput(complaintSchema, base);
    } catch (e) {
      fields = (e as { fields: Record<string, string> }).fields;
    }
    expect(Object.keys(fields).sort()).toEqual(["customerName", "mobile"]);
    const linked = parseInput(complaintSchema, { ...base, prospectId: "01J0000000000000000000000A" });
    expect(linked).toMatchObject({ severity: "medium", prospectId: "01J0000000000000000000000A" });
    const plain = parseInput(complaintSchema, { ...base, customerName: " 王先生 ", mobile: "+86 138 1234 5678" });
    expect(plain).toMatchObject({ customerName: "王先生", mobile: "13812345678" });
  });

  it("refuses unknown channels, categories and fields", () => {
    for (const bad of [
      { ...base, channel: "fax" },
      { ...base, category: "weather" },
      { ...base, severity: "apocalyptic" },
      { ...base, extra: true },
    ]) {
      expect(() => parseInput(complaintSchema, { ...bad, customerName: "x", mobile: "13812345678" })).toThrow();
    }
  });
});

describe("satisfaction levels", () => {
  it("maps a 1–5 score to dissatisfied / neutral / satisfied", () => {
    expect([1, 2, 3, 4, 5].map(satisfactionLevel)).toEqual([
      "dissatisfied",
      "dissatisfied",
      "neutral",
      "satisfied",
      "satisfied",
    ]);
  });
});
