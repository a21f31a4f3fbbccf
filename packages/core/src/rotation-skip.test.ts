/** The rotation skip (brief rule 6): consultants with too many overdue follow-ups are passed over. */
import { describe, expect, it } from "vitest";
import { applyOverdueSkip, chooseConsultant, type DutyEntry, explainAssignment } from "./rotation.ts";

const liNa: DutyEntry = { userId: "u-li", name: "Li Na", checkedInAt: "2026-11-26T01:00:00.000Z" };
const wangWei: DutyEntry = { userId: "u-wang", name: "Wang Wei", checkedInAt: "2026-11-26T01:05:00.000Z" };
const zhaoLei: DutyEntry = { userId: "u-zhao", name: "Zhao Lei", checkedInAt: "2026-11-26T01:10:00.000Z" };
const onDuty = [liNa, wangWei, zhaoLei];
const afterLi = { lastUserId: "u-li", lastCheckedInAt: liNa.checkedInAt };

describe("rotation skip", () => {
  it("passes over a consultant with MORE than the limit and says so", () => {
    const d = chooseConsultant({ onDuty, pointer: afterLi, skip: { counts: { "u-wang": 7 }, limit: 5 } });
    expect(d).toMatchObject({ userId: "u-zhao", reasonCode: "next_in_rotation", advancesRotation: true });
    expect(d.reasonParams).toEqual({ previous: "Li Na", skipped: "Wang Wei: 7", overdueLimit: "5" });
    expect(explainAssignment(d)).toBe("next in rotation after Li Na; skipped Wang Wei: 7 overdue follow-ups");
  });

  it("does not skip at exactly the limit", () => {
    const d = chooseConsultant({ onDuty, pointer: afterLi, skip: { counts: { "u-wang": 5 }, limit: 5 } });
    expect(d.userId).toBe("u-wang");
    expect(d.reasonParams).toEqual({ previous: "Li Na" });
    expect(explainAssignment(d)).toBe("next in rotation after Li Na");
  });

  it("only names those actually passed over, and wraps round the queue", () => {
    // Zhao Lei is over the limit but it is Wang Wei's turn: nobody is skipped
    const d = chooseConsultant({ onDuty, pointer: afterLi, skip: { counts: { "u-zhao": 9 }, limit: 5 } });
    expect(d.userId).toBe("u-wang");
    expect(d.reasonParams.skipped).toBeUndefined();
    // after Wang Wei: Zhao Lei (9) and wrapped-round Li Na (6) are both passed over → Wang Wei again
    const e = chooseConsultant({
      onDuty,
      pointer: { lastUserId: "u-zhao", lastCheckedInAt: zhaoLei.checkedInAt },
      skip: { counts: { "u-li": 6, "u-wang": 0 }, limit: 5 },
    });
    expect(e.userId).toBe("u-wang");
    expect(explainAssignment(e)).toBe("next in rotation after Zhao Lei; skipped Li Na: 6 overdue follow-ups");
    const f = chooseConsultant({
      onDuty,
      pointer: { lastUserId: "u-wang", lastCheckedInAt: wangWei.checkedInAt },
      skip: { counts: { "u-li": 6, "u-zhao": 1 + 5 }, limit: 5 },
    });
    expect(f.userId).toBe("u-wang");
    expect(f.reasonParams.skipped).toBe("Zhao Lei: 6, Li Na: 6");
  });

  it("skips nobody when everyone on duty would be skipped, and says so", () => {
    const d = chooseConsultant({
      onDuty,
      pointer: afterLi,
      skip: { counts: { "u-li": 6, "u-wang": 8, "u-zhao": 12 }, limit: 5 },
    });
    expect(d.userId).toBe("u-wang");
    expect(d.reasonParams).toEqual({ previous: "Li Na", everyoneOverdue: "5" });
    expect(explainAssignment(d)).toBe(
      "next in rotation after Li Na; nobody skipped: everyone on duty has more than 5 overdue follow-ups",
    );
  });

  it("applies to the first visitor of the day too", () => {
    const d = chooseConsultant({ onDuty, pointer: null, skip: { counts: { "u-li": 1 }, limit: 0 } });
    expect(d).toMatchObject({ userId: "u-wang", reasonCode: "first_in_rotation" });
    expect(explainAssignment(d)).toBe("first in rotation today; skipped Li Na: 1 overdue follow-up");
  });

  it("never takes a returning customer away from his consultant", () => {
    const d = chooseConsultant({
      onDuty,
      pointer: afterLi,
      returningConsultantId: "u-wang",
      skip: { counts: { "u-wang": 20 }, limit: 5 },
    });
    expect(d).toMatchObject({ userId: "u-wang", reasonCode: "returning_customer", advancesRotation: false });
  });

  it("a skipped consultant comes back into turn once he catches up", () => {
    let pointer = afterLi;
    const served: string[] = [];
    const counts: Record<string, number> = { "u-wang": 7 };
    for (let i = 0; i < 6; i++) {
      if (i === 3) counts["u-wang"] = 2; // he cleared his overdue follow-ups
      const d = chooseConsultant({ onDuty, pointer, skip: { counts, limit: 5 } });
      served.push(d.name!);
      pointer = { lastUserId: d.userId!, lastCheckedInAt: onDuty.find((x) => x.userId === d.userId)!.checkedInAt };
    }
    expect(served).toEqual(["Zhao Lei", "Li Na", "Zhao Lei", "Li Na", "Wang Wei", "Zhao Lei"]);
  });

  it("the pure rule: walk from whose turn it is", () => {
    expect(applyOverdueSkip([wangWei, zhaoLei, liNa], undefined)).toEqual({
      chosen: wangWei,
      skipped: [],
      everyoneOver: false,
    });
    expect(applyOverdueSkip([wangWei, zhaoLei, liNa], { counts: { "u-wang": 3, "u-zhao": 4 }, limit: 2 })).toEqual({
      chosen: liNa,
      skipped: [
        { name: "Wang Wei", count: 3 },
        { name: "Zhao Lei", count: 4 },
      ],
      everyoneOver: false,
    });
  });
});
