import { describe, expect, it } from "vitest";
import { translateServerMessage } from "../lib/server-messages";
import { en, zh } from "./roster";

describe("roster and attendance messages in Chinese", () => {
  it("translates field messages of the roster and attendance rules", () => {
    expect(translateServerMessage("zh", "consultants.0.days.mon.0.end: A shift must end after it starts.")).toBe(
      "班次结束时间必须晚于开始时间。",
    );
    expect(translateServerMessage("zh", "consultants.1.days: Shifts overlap on Friday.")).toBe("周五的班次有重叠。");
    expect(translateServerMessage("zh", "The store is closed on Sundays.")).toBe("本店周日休息，不能排班。");
    expect(translateServerMessage("zh", "Already signed in.")).toBe("已经签到。");
    expect(translateServerMessage("zh", "destination is required.")).toBe("请填写去向。");
  });

  it("has every UI string in both languages", () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(zh)) expect(v, k).not.toBe("");
  });
});
