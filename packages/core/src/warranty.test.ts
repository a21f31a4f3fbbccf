import { describe, expect, it } from "vitest";
import { UnprocessableError } from "./errors.ts";
import { parseInput } from "./schemas.ts";
import {
  nextWarrantyState,
  WARRANTY_ACTIONS,
  WARRANTY_STATES,
  WARRANTY_TRANSITIONS,
  warrantyActions,
  warrantyDecisionSchema,
  warrantyListQuerySchema,
  warrantyStateMessage,
  warrantyTotals,
} from "./warranty.ts";

describe("warranty claim transitions", () => {
  it("allows exactly submitted → approved | rejected, approved → paid, rejected → submitted", () => {
    const legal = WARRANTY_STATES.flatMap((s) =>
      WARRANTY_ACTIONS.filter((a) => WARRANTY_TRANSITIONS[s][a]).map((a) => `${s} -${a}-> ${nextWarrantyState(s, a)}`),
    );
    expect(legal).toEqual([
      "submitted -approve-> approved",
      "submitted -reject-> rejected",
      "approved -paid-> paid",
      "rejected -resubmit-> submitted",
    ]);
    expect(warrantyActions("submitted")).toEqual(["approve", "reject"]);
    expect(warrantyActions("approved")).toEqual(["paid"]);
    expect(warrantyActions("rejected")).toEqual(["resubmit"]);
    expect(warrantyActions("paid")).toEqual([]);
  });

  it("refuses every other decision with a 422 that names the current state", () => {
    let refused = 0;
    for (const s of WARRANTY_STATES)
      for (const a of WARRANTY_ACTIONS) {
        if (WARRANTY_TRANSITIONS[s][a]) continue;
        refused++;
        try {
          nextWarrantyState(s, a);
          expect.unreachable(`${s} ${a}`);
        } catch (e) {
          expect(e).toBeInstanceOf(UnprocessableError);
          expect((e as UnprocessableError).message).toBe(warrantyStateMessage(s, a));
          expect((e as UnprocessableError).message).toContain(`is ${s}`);
          expect((e as UnprocessableError).fields).toEqual({ action: `Not possible while the claim is ${s}.` });
        }
      }
    expect(refused).toBe(12);
    expect(warrantyStateMessage("paid", "approve")).toBe("This claim is paid: it cannot be approved.");
  });
});

describe("warranty totals", () => {
  it("sums claimed over all claims, approved over approved and paid ones, paid over paid ones; outstanding = approved − paid", () => {
    expect(
      warrantyTotals([
        { status: "submitted", totalFen: 10_000 },
        { status: "rejected", totalFen: 5_000 },
        { status: "approved", totalFen: 20_000, approvedFen: 18_000 },
        { status: "paid", totalFen: 30_000, approvedFen: 30_000, paidFen: 29_000 },
      ]),
    ).toEqual({ claimedFen: 65_000, approvedFen: 48_000, paidFen: 29_000, outstandingFen: 19_000 });
    expect(warrantyTotals([])).toEqual({ claimedFen: 0, approvedFen: 0, paidFen: 0, outstandingFen: 0 });
  });
});

describe("warranty decision input", () => {
  const fail = (input: unknown) => {
    try {
      parseInput(warrantyDecisionSchema, input);
    } catch (e) {
      return (e as { fields: Record<string, string> }).fields;
    }
    throw new Error("accepted");
  };

  it("accepts each action with its own fields", () => {
    expect(
      parseInput(warrantyDecisionSchema, { action: "approve", version: 1, approvedFen: 100, oemClaimNo: " FV-1 " }),
    ).toEqual({ action: "approve", version: 1, approvedFen: 100, oemClaimNo: "FV-1" });
    expect(parseInput(warrantyDecisionSchema, { action: "reject", version: 2, reason: "缺照片" })).toMatchObject({
      reason: "缺照片",
    });
    expect(
      parseInput(warrantyDecisionSchema, { action: "paid", version: 3, paidFen: 1, paidDate: "2026-11-26" }),
    ).toMatchObject({ paidDate: "2026-11-26" });
  });

  it("refuses bad input field by field", () => {
    expect(fail({})).toEqual({ action: "Action must be one of: approve, reject, resubmit, paid." });
    expect(fail({ action: "approve", version: 1, approvedFen: 0 })).toEqual({
      approvedFen: "Approved amount must be more than 0.",
    });
    expect(fail({ action: "approve", version: 1, approvedFen: 1, oemClaimNo: "x".repeat(41) })).toEqual({
      oemClaimNo: "OEM claim number must be at most 40 characters.",
    });
    expect(fail({ action: "reject", version: 1, reason: "  " })).toEqual({ reason: "Reject reason is required." });
    expect(fail({ action: "resubmit", version: 1 })).toEqual({ note: "note is required." });
    expect(fail({ action: "paid", version: 0, paidFen: 1.5, paidDate: "26/11/2026" })).toEqual({
      version: "version must be at least 1.",
      paidFen: "Paid amount must be a whole number of fen.",
      paidDate: "Use a date like 2026-11-26.",
    });
    expect(fail({ action: "reject", version: 1, reason: "x", approvedFen: 1 })).toEqual({
      _: "Unknown field(s): approvedFen.",
    });
  });

  it("filters the list by a known status only", () => {
    expect(parseInput(warrantyListQuerySchema, { status: "paid" })).toEqual({ status: "paid" });
    expect(parseInput(warrantyListQuerySchema, {})).toEqual({});
    expect(() => parseInput(warrantyListQuerySchema, { status: "lost" })).toThrow(
      "Status must be one of: submitted, approved, rejected, paid.",
    );
  });
});
