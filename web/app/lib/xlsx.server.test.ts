import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { sheetName, workbookBuffer, xlsxResponse } from "./xlsx.server.ts";

describe("xlsx export", () => {
  it("writes numbers as numbers: fen as yuan, ratios as fractions, empty cells empty", async () => {
    const buf = await workbookBuffer([
      {
        name: "Funnel",
        columns: [
          { header: "Consultant", key: "name" },
          { header: "Orders", key: "orders", kind: "int" },
          { header: "Amount", key: "amount", kind: "fen" },
          { header: "Close rate", key: "rate", kind: "ratio" },
        ],
        rows: [
          { name: "李娜", orders: 3, amount: 12345678, rate: 0.25 },
          { name: "Wang", orders: 0, amount: undefined, rate: null },
        ],
      },
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("Funnel")!;
    expect(ws.getRow(1).values).toEqual([undefined, "Consultant", "Orders", "Amount", "Close rate"]);
    expect(ws.getCell("A2").value).toBe("李娜");
    expect(ws.getCell("C2").value).toBe(123456.78);
    expect(ws.getCell("C2").numFmt).toBe("#,##0.00");
    expect(ws.getCell("D2").value).toBe(0.25);
    expect(ws.getCell("C3").value).toBeNull();
  });

  it("keeps sheet names legal and distinct", async () => {
    expect(sheetName("Q1/Q2 [draft]: a very long report title indeed")).toHaveLength(31);
    expect(sheetName("Q1/Q2")).toBe("Q1 Q2");
    const buf = await workbookBuffer([
      { name: "Day", columns: [{ header: "a", key: "a" }], rows: [] },
      { name: "Day", columns: [{ header: "a", key: "a" }], rows: [] },
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Day", "Day 2"]);
  });

  it("answers a download with the spreadsheet content type and a UTF-8 file name", async () => {
    const res = await xlsxResponse("日报 2026-11-26.xlsx", []);
    expect(res.headers.get("Content-Type")).toContain("spreadsheetml");
    expect(res.headers.get("Content-Disposition")).toContain("filename*=UTF-8''%E6%97%A5");
  });
});
