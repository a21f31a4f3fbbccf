import { describe, expect, it } from "vitest";
import { detailText } from "./audit";

describe("audit details", () => {
  it("shows money kept in fen as yuan, other values as they are", () => {
    expect(detailText("payableFen", 26285000)).toBe("payable: ¥262,850.00");
    expect(detailText("amountFen", 5)).toBe("amount: ¥0.05");
    expect(detailText("invoiceNo", "26110099887766")).toBe("invoiceNo: 26110099887766");
    expect(detailText("photo", 1)).toBe("photo: 1");
  });
});
