import { describe, expect, it } from "vitest";
import { deliveryBlockers } from "./contracts.ts";
import type { Due } from "./deals.ts";
import {
  callCompletion,
  callFigures,
  callRateQuerySchema,
  currentDunning,
  type DunningState,
  deliveryAppointmentSchema,
  deliveryCompleteSchema,
  deliveryPhotoProblem,
  deliveryRefusal,
  dunningAction,
  dunningAfterReminder,
  postDeliveryCallDue,
  postDeliveryCallSchema,
  storeDay,
  weekdayOf,
} from "./delivery.ts";
import { addDays } from "./time.ts";

/** Run the daily job over a range of days with an injected clock; payments on the given days. */
function simulate(opts: {
  from: string;
  to: string;
  dueDate: string;
  escalateAfter?: number;
  payments?: Record<string, number>;
  /** run twice on every day (idempotence) */
  twice?: boolean;
}) {
  let state: DunningState | undefined;
  let paid = 0;
  const log: { date: string; phase: string; escalate: boolean }[] = [];
  for (let d = opts.from; d <= opts.to; d = addDays(d, 1)) {
    paid += opts.payments?.[d] ?? 0;
    for (let run = 0; run < (opts.twice ? 2 : 1); run++) {
      const s = currentDunning(state, paid);
      const a = dunningAction({
        dueDate: opts.dueDate,
        today: d,
        weekday: weekdayOf(d),
        lastRemindedOn: s.lastRemindedOn,
        ignored: s.ignored,
        escalatedAt: s.escalatedAt,
        escalateAfter: opts.escalateAfter ?? 3,
      });
      if (a.action === "none") continue;
      const escalate = a.action === "remind_escalate";
      log.push({ date: d, phase: a.phase, escalate });
      state = dunningAfterReminder(s, d, paid, escalate ? `${d}T01:00:00.000Z` : undefined);
    }
  }
  return { log, state };
}

describe("dunning cadence", () => {
  it("reminds on Mondays and Thursdays before the due date, every day from it on", () => {
    // due Wednesday 2026-12-09; two weeks from Monday 2026-11-30
    const { log } = simulate({ from: "2026-11-30", to: "2026-12-13", dueDate: "2026-12-09", escalateAfter: 30 });
    expect(log.map((l) => `${l.date} ${l.phase}`)).toEqual([
      "2026-11-30 before_due", // Mon
      "2026-12-03 before_due", // Thu
      "2026-12-07 before_due", // Mon
      "2026-12-09 overdue", // the due date itself
      "2026-12-10 overdue",
      "2026-12-11 overdue",
      "2026-12-12 overdue",
      "2026-12-13 overdue",
    ]);
  });

  it("a due date on a weekend: the Thursday before, then the Saturday and Sunday", () => {
    const { log } = simulate({ from: "2026-11-30", to: "2026-12-07", dueDate: "2026-12-05", escalateAfter: 30 });
    expect(log.map((l) => l.date)).toEqual(["2026-11-30", "2026-12-03", "2026-12-05", "2026-12-06", "2026-12-07"]);
    expect(weekdayOf("2026-12-05")).toBe(6);
  });

  it("crosses month and year ends (Jan 31 → Feb 1, Dec 31 → Jan 1)", () => {
    const jan = simulate({ from: "2027-01-25", to: "2027-02-03", dueDate: "2027-02-01", escalateAfter: 30 });
    // Mon 25, Thu 28 before; Mon Feb 1 (due) and every day after
    expect(jan.log.map((l) => l.date)).toEqual(["2027-01-25", "2027-01-28", "2027-02-01", "2027-02-02", "2027-02-03"]);
    const dec = simulate({ from: "2026-12-28", to: "2027-01-02", dueDate: "2026-12-30", escalateAfter: 30 });
    expect(dec.log.map((l) => l.date)).toEqual(["2026-12-28", "2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02"]);
    expect(addDays("2027-01-31", 1)).toBe("2027-02-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
  });

  it("the store-local date decides: 09:00 Monday in Shanghai is still Sunday in Los Angeles", () => {
    const now = new Date("2026-11-30T01:00:00Z"); // 09:00 Mon in Shanghai, 17:00 Sun in Los Angeles
    const sh = storeDay(now, "Asia/Shanghai");
    const la = storeDay(now, "America/Los_Angeles");
    expect(sh).toEqual({ today: "2026-11-30", weekday: 1 });
    expect(la).toEqual({ today: "2026-11-29", weekday: 0 });
    const input = { dueDate: "2026-12-09", ignored: 0, escalateAfter: 3 };
    expect(dunningAction({ ...input, ...sh })).toEqual({ action: "remind", phase: "before_due" });
    expect(dunningAction({ ...input, ...la })).toEqual({ action: "none" });
    // Los Angeles' own Monday 09:00 is Tuesday 01:00 in Shanghai (not a reminder day there before the due date)
    const laMonday = new Date("2026-11-30T17:00:00Z");
    expect(dunningAction({ ...input, ...storeDay(laMonday, "America/Los_Angeles") })).toEqual({
      action: "remind",
      phase: "before_due",
    });
    expect(dunningAction({ ...input, ...storeDay(laMonday, "Asia/Shanghai") })).toEqual({ action: "none" });
    // the due date is reached at local midnight: overdue in Shanghai, not yet in Los Angeles
    const due = { dueDate: "2026-12-03", ignored: 0, escalateAfter: 3 };
    const t = new Date("2026-12-02T17:00:00Z"); // Thu 01:00 Shanghai, Wed 09:00 Los Angeles
    expect(dunningAction({ ...due, ...storeDay(t, "Asia/Shanghai") })).toEqual({ action: "remind", phase: "overdue" });
    expect(dunningAction({ ...due, ...storeDay(t, "America/Los_Angeles") })).toEqual({ action: "none" });
  });

  it("is idempotent: a second run on the same day does nothing", () => {
    const once = simulate({ from: "2026-11-30", to: "2026-12-13", dueDate: "2026-12-09" });
    const twice = simulate({ from: "2026-11-30", to: "2026-12-13", dueDate: "2026-12-09", twice: true });
    expect(twice.log).toEqual(once.log);
    expect(
      dunningAction({
        dueDate: "2026-12-01",
        today: "2026-12-02",
        weekday: 3,
        lastRemindedOn: "2026-12-02",
        ignored: 5,
        escalateAfter: 3,
      }),
    ).toEqual({ action: "none" });
  });

  it("escalates exactly when N reminders were ignored, and only once", () => {
    const base = { dueDate: "2026-12-01", today: "2026-12-05", weekday: 6, escalateAfter: 3 };
    expect(dunningAction({ ...base, ignored: 2 })).toEqual({ action: "remind", phase: "overdue" });
    expect(dunningAction({ ...base, ignored: 3 })).toEqual({ action: "remind_escalate", phase: "overdue" });
    expect(dunningAction({ ...base, ignored: 4, escalatedAt: "2026-12-04T01:00:00Z" })).toEqual({
      action: "remind",
      phase: "overdue",
    });
    // over a run: N = 3 → the 4th reminder escalates, none after it
    const { log, state } = simulate({ from: "2026-12-01", to: "2026-12-10", dueDate: "2026-12-01" });
    expect(log.filter((l) => l.escalate).map((l) => l.date)).toEqual(["2026-12-04"]);
    expect(state).toMatchObject({ reminders: 10, ignored: 10, escalatedAt: "2026-12-04T01:00:00.000Z" });
  });

  it("a payment starts the count again (and a new escalation becomes possible)", () => {
    const { log, state } = simulate({
      from: "2026-12-01",
      to: "2026-12-12",
      dueDate: "2026-12-01",
      payments: { "2026-12-06": 100_00 },
    });
    // escalated on the 4th (after 3 ignored); paid on the 6th → ignored 0 → the next escalation on the 9th
    expect(log.filter((l) => l.escalate).map((l) => l.date)).toEqual(["2026-12-04", "2026-12-09"]);
    expect(state).toMatchObject({ reminders: 12, ignored: 7, paidFen: 100_00 });
    const reset = currentDunning({ reminders: 5, ignored: 5, escalatedAt: "x", paidFen: 0, lastRemindedOn: "d" }, 1);
    expect(reset).toEqual({ reminders: 5, ignored: 0, paidFen: 0, lastRemindedOn: "d" });
    expect(currentDunning({ reminders: 5, ignored: 5, paidFen: 10 }, 10)).toMatchObject({ ignored: 5 });
    expect(currentDunning(undefined, 0)).toEqual({ reminders: 0, ignored: 0 });
  });
});

describe("the post-delivery call", () => {
  it("is due 3 days after the handover", () => {
    expect(postDeliveryCallDue("2026-11-30T07:15:00.000Z")).toBe("2026-12-03T07:15:00.000Z");
    expect(postDeliveryCallDue("2027-01-30T10:00:00.000Z")).toBe("2027-02-02T10:00:00.000Z");
  });

  it("counts calls made within 3 days per consultant and store", () => {
    const now = new Date("2026-12-10T00:00:00Z");
    const call = (ownerId: string, dueAt: string, doneAt?: string) => ({
      ownerId,
      ownerName: ownerId === "u1" ? "王芳" : "李强",
      dueAt,
      status: (doneAt ? "done" : "open") as "open" | "done",
      ...(doneAt ? { doneAt } : {}),
    });
    const calls = [
      call("u1", "2026-12-05T00:00:00Z", "2026-12-04T00:00:00Z"), // in time
      call("u1", "2026-12-05T00:00:00Z", "2026-12-05T00:00:00Z"), // exactly at the due time: in time
      call("u1", "2026-12-05T00:00:00Z", "2026-12-06T00:00:00Z"), // late
      call("u2", "2026-12-08T00:00:00Z"), // overdue
      call("u2", "2026-12-12T00:00:00Z"), // open
    ];
    expect(callFigures(calls, now)).toEqual({ deliveries: 5, inTime: 2, late: 1, open: 1, overdue: 1, rate: 40 });
    const c = callCompletion(calls, now);
    expect(c.store.rate).toBe(40);
    expect(c.consultants.map((x) => [x.ownerId, x.deliveries, x.inTime, x.rate])).toEqual([
      ["u2", 2, 0, 0],
      ["u1", 3, 2, 67],
    ]);
    expect(callFigures([], now).rate).toBeNull();
  });
});

describe("delivery input", () => {
  const ok = {
    version: 3,
    checklist: { documents: true, keys: true, functions: true, accessories: true, photos: true },
    keysHandedOver: 2,
    customerSigned: true,
  };
  it("needs every checklist item, the keys counted and the customer's signature", () => {
    expect(deliveryCompleteSchema.safeParse(ok).success).toBe(true);
    const r = deliveryCompleteSchema.safeParse({ ...ok, checklist: { ...ok.checklist, accessories: false } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe("Accessories fitted: tick it when it is done.");
    expect(deliveryCompleteSchema.safeParse({ ...ok, customerSigned: false }).error?.issues[0]?.message).toBe(
      "The customer must sign the delivery confirmation.",
    );
    expect(deliveryCompleteSchema.safeParse({ ...ok, keysHandedOver: 0 }).success).toBe(false);
    expect(deliveryCompleteSchema.safeParse({ ...ok, extra: 1 }).success).toBe(false);
  });
  it("takes the appointment as an instant or as a store-local date and time, not both", () => {
    expect(deliveryAppointmentSchema.safeParse({ version: 1, at: "2026-12-01T10:00:00+08:00" }).success).toBe(true);
    expect(deliveryAppointmentSchema.safeParse({ version: 1, date: "2026-12-01", time: "10:30" }).success).toBe(true);
    expect(deliveryAppointmentSchema.safeParse({ version: 1, date: "2026-12-01" }).success).toBe(false);
    expect(
      deliveryAppointmentSchema.safeParse({ version: 1, at: "2026-12-01T10:00:00+08:00", date: "2026-12-01" }).success,
    ).toBe(false);
    expect(deliveryAppointmentSchema.safeParse({ version: 1, date: "2026-02-30", time: "10:30" }).success).toBe(false);
    expect(deliveryAppointmentSchema.safeParse({ version: 1, date: "2026-12-01", time: "25:00" }).success).toBe(false);
  });
  it("checks photos by their bytes and call outcomes", () => {
    expect(deliveryPhotoProblem(new Uint8Array())).toBe("Take or choose a photo of the handover.");
    expect(deliveryPhotoProblem(new Uint8Array([1, 2, 3]))).toBe("The photo must be a JPEG, PNG or WebP image.");
    expect(deliveryPhotoProblem(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBeNull();
    expect(postDeliveryCallSchema.safeParse({ outcome: "satisfied" }).success).toBe(true);
    expect(postDeliveryCallSchema.safeParse({ outcome: "unsatisfied" }).success).toBe(false);
    expect(postDeliveryCallSchema.safeParse({ outcome: "unsatisfied", note: "刹车异响" }).success).toBe(true);
    expect(callRateQuerySchema.safeParse({ from: "2026-12-02", to: "2026-12-01" }).success).toBe(false);
  });
});

describe("the refusal says exactly what is missing", () => {
  const dues: Due[] = [
    { kind: "deposit", amountFen: 2_000_000, dueDate: "2026-11-20" },
    { kind: "balance", amountFen: 12_345_00, dueDate: "2026-12-01" },
  ];
  const base = {
    state: "signed" as const,
    dues,
    dueFen: 2_000_000 + 12_345_00,
    paidFen: 2_000_000,
    allocation: { vehicleId: "v", vin: "LRWYGDEE1PC010116" },
    invoiceNo: "FP20261130",
    stockReleasedAt: "2026-11-30T01:00:00Z",
  };
  it("an unpaid balance", () => {
    expect(deliveryRefusal(deliveryBlockers(base), base)).toBe(
      "Delivery refused: the contract has ¥12,345.00 unpaid (balance due 2026-12-01) — record the payment, have finance confirm it, or get the loan approved.",
    );
  });
  it("everything missing at once, in the order of the order flow", () => {
    const c = { ...base, paidFen: 0, allocation: undefined, invoiceNo: undefined, stockReleasedAt: undefined };
    expect(deliveryRefusal(deliveryBlockers(c), c)).toBe(
      "Delivery refused: no vehicle is allocated to the contract — allocate a stock vehicle first; the contract has ¥32,345.00 unpaid (deposit due 2026-11-20) — record the payment, have finance confirm it, or get the loan approved; no invoice number is recorded — the sales admin records the invoice; the stock release (出库) is not recorded — the sales admin records it with the invoice.",
    );
  });
});
