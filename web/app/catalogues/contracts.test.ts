import { describe, expect, it } from "vitest";
import { yuanToFen } from "../lib/contracts";
import { translateServerMessage } from "../lib/server-messages";
import { en, server, zh } from "./contracts";

describe("contract strings", () => {
  it("has every UI string in both languages", () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(zh)) expect(v, k).not.toBe("");
  });

  it("shows the order flow's server messages in Chinese, field messages too", () => {
    expect(
      translateServerMessage("zh", "This quote is waiting for the sales manager's approval of the discount."),
    ).toBe("该报价的折扣正等待销售经理审批。");
    expect(translateServerMessage("zh", "invoiceNo: An invoice number is 8 to 20 letters or digits.")).toBe(
      "发票号为 8 到 20 位字母或数字。",
    );
    for (const [k, v] of Object.entries(server)) expect(translateServerMessage("zh", k), k).toBe(v);
  });
});

describe("yuan typed in a form → fen", () => {
  it("reads whole yuan, thousands separators, the yuan sign and up to 2 decimals exactly", () => {
    expect(yuanToFen("12000")).toBe(1_200_000);
    expect(yuanToFen("12,000.5")).toBe(1_200_050);
    expect(yuanToFen(" ¥212,700.00 ")).toBe(21_270_000);
    expect(yuanToFen("0.01")).toBe(1);
    // 1.10 yuan is 110 fen, not 110.00000000000001
    expect(yuanToFen("1.10")).toBe(110);
    expect(yuanToFen("19999999.99")).toBe(1_999_999_999);
  });

  it("passes anything else on unchanged for the server's message", () => {
    expect(yuanToFen("12.345")).toBe("12.345");
    expect(yuanToFen("-5")).toBe("-5");
    expect(yuanToFen("abc")).toBe("abc");
    expect(yuanToFen(undefined)).toBe("");
  });
});
