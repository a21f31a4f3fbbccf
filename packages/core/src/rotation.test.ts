import { describe, expect, it } from "vitest";
import { type AssignmentDecision, chooseConsultant, type DutyEntry, explainAssignment } from "./rotation.ts";

const liNa: DutyEntry = { userId: "u-li", name: "Li Na", checkedInAt: "2026-11-26T01:00:00.000Z" };
const wangWei: DutyEntry = { userId: "u-wang", name: "Wang Wei", checkedInAt: "2026-11-26T01:05:00.000Z" };
const zhangMin: DutyEntry = { userId: "u-zhang", name: "Zhang Min", checkedInAt: "2026-11-26T01:10:00.000Z" };

/** Serve `n` first-time visitors one after the other, moving the pointer as the service does. */
function serve(onDuty: DutyEntry[], n: number, start: { lastUserId?: string; lastCheckedInAt?: string } = {}) {
  let pointer = start;
  const served: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = chooseConsultant({ onDuty, pointer });
    served.push(d.name ?? "-");
    if (d.advancesRotation && d.userId) {
      pointer = { lastUserId: d.userId, lastCheckedInAt: onDuty.find((e) => e.userId === d.userId)?.checkedInAt };
    }
  }
  return served;
}

describe("chooseConsultant — fair rotation", () => {
  it("gives the first visitor of the day to whoever checked in first", () => {
    // listed out of order on purpose: the check-in time decides, not the array order
    const d = chooseConsultant({ onDuty: [zhangMin, wangWei, liNa], pointer: null });
    expect(d).toMatchObject({ userId: "u-li", name: "Li Na", reasonCode: "first_in_rotation", advancesRotation: true });
    expect(explainAssignment(d)).toBe("first in rotation today");
  });

  it("goes round robin in check-in order", () => {
    const d = chooseConsultant({
      onDuty: [zhangMin, liNa, wangWei],
      pointer: { lastUserId: "u-li", lastCheckedInAt: liNa.checkedInAt },
    });
    expect(d).toMatchObject({ userId: "u-wang", reasonCode: "next_in_rotation", advancesRotation: true });
    expect(d.reasonParams).toEqual({ previous: "Li Na" });
    expect(serve([zhangMin, liNa, wangWei], 6)).toEqual([
      "Li Na",
      "Wang Wei",
      "Zhang Min",
      "Li Na",
      "Wang Wei",
      "Zhang Min",
    ]);
  });

  it("wraps around from the last checked-in consultant to the first", () => {
    const d = chooseConsultant({
      onDuty: [liNa, wangWei, zhangMin],
      pointer: { lastUserId: "u-zhang", lastCheckedInAt: zhangMin.checkedInAt },
    });
    expect(d.userId).toBe("u-li");
    expect(explainAssignment(d)).toBe("next in rotation after Zhang Min");
  });

  it("orders consultants who checked in at the same instant by id, deterministically", () => {
    const a: DutyEntry = { userId: "a", name: "A", checkedInAt: liNa.checkedInAt };
    const b: DutyEntry = { userId: "b", name: "B", checkedInAt: liNa.checkedInAt };
    expect(serve([b, a], 4)).toEqual(["A", "B", "A", "B"]);
  });

  it("continues with whoever checked in after the last served consultant when that one went off duty", () => {
    // Wang Wei served last and then went off duty: Zhang Min (checked in after him) is next, not Li Na
    const d = chooseConsultant({
      onDuty: [liNa, zhangMin],
      pointer: { lastUserId: "u-wang", lastCheckedInAt: wangWei.checkedInAt },
    });
    expect(d).toMatchObject({ userId: "u-zhang", reasonCode: "next_in_rotation", advancesRotation: true });
    // the person who left is not named as "previous" (the UI cannot show someone who is gone)
    expect(explainAssignment(d)).toBe("next in rotation");
  });

  it("wraps to the first on duty when the last served consultant went off duty and nobody checked in after them", () => {
    const d = chooseConsultant({
      onDuty: [liNa, wangWei],
      pointer: { lastUserId: "u-zhang", lastCheckedInAt: zhangMin.checkedInAt },
    });
    expect(d.userId).toBe("u-li");
  });

  it("puts a consultant who checks in again at the end of the queue", () => {
    // Li Na went off duty and came back after Zhang Min: order is now Wang Wei, Zhang Min, Li Na
    const back: DutyEntry = { ...liNa, checkedInAt: "2026-11-26T02:00:00.000Z" };
    expect(serve([back, wangWei, zhangMin], 3)).toEqual(["Wang Wei", "Zhang Min", "Li Na"]);
  });

  it("sends a returning customer back to their consultant without using up a turn", () => {
    const pointer = { lastUserId: "u-li", lastCheckedInAt: liNa.checkedInAt };
    const d = chooseConsultant({ onDuty: [liNa, wangWei, zhangMin], pointer, returningConsultantId: "u-zhang" });
    expect(d).toMatchObject({
      userId: "u-zhang",
      name: "Zhang Min",
      reasonCode: "returning_customer",
      advancesRotation: false,
    });
    expect(explainAssignment(d)).toBe("returning customer of Zhang Min");
    // the next new visitor is still Wang Wei's turn
    expect(chooseConsultant({ onDuty: [liNa, wangWei, zhangMin], pointer }).userId).toBe("u-wang");
  });

  it("sends a returning customer whose consultant is off duty to the rotation", () => {
    const d = chooseConsultant({
      onDuty: [liNa, zhangMin],
      pointer: { lastUserId: "u-li", lastCheckedInAt: liNa.checkedInAt },
      returningConsultantId: "u-wang",
    });
    expect(d).toMatchObject({ userId: "u-zhang", reasonCode: "next_in_rotation", advancesRotation: true });
    expect(explainAssignment(d)).toBe("next in rotation after Li Na");
  });

  it("leaves the visitor unassigned when nobody is on duty (and does not move the pointer)", () => {
    const d = chooseConsultant({
      onDuty: [],
      pointer: { lastUserId: "u-li", lastCheckedInAt: liNa.checkedInAt },
      returningConsultantId: "u-li",
    });
    expect(d).toEqual({
      userId: null,
      name: null,
      reasonCode: "no_one_on_duty",
      reasonParams: {},
      advancesRotation: false,
    } satisfies AssignmentDecision);
    expect(explainAssignment(d)).toMatch(/no consultant on duty/);
  });

  it("does not mutate the on-duty list it is given", () => {
    const list = [zhangMin, liNa, wangWei];
    chooseConsultant({ onDuty: list, pointer: null });
    expect(list.map((d) => d.userId)).toEqual(["u-zhang", "u-li", "u-wang"]);
  });
});

describe("explainAssignment", () => {
  it("explains every reason in plain words", () => {
    expect(explainAssignment({ reasonCode: "next_in_rotation", reasonParams: { previous: "Li Na" } })).toBe(
      "next in rotation after Li Na",
    );
    expect(explainAssignment({ reasonCode: "returning_customer", reasonParams: { consultant: "Wang Wei" } })).toBe(
      "returning customer of Wang Wei",
    );
    expect(explainAssignment({ reasonCode: "first_in_rotation", reasonParams: {} })).toBe("first in rotation today");
    expect(
      explainAssignment({ reasonCode: "reassigned", reasonParams: { by: "Manager Zhou", reason: "speaks Cantonese" } }),
    ).toBe("reassigned by Manager Zhou: speaks Cantonese");
  });
});
