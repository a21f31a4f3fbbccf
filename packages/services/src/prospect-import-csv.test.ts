import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeCsvBytes, parseProspectCsv } from "./prospect-import-csv.ts";

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/${name}`, import.meta.url));

describe("decoding a CSV file", () => {
  it("reads UTF-8 with a BOM (Excel's 'CSV UTF-8') and without", () => {
    const withBom = decodeCsvBytes(fixture("prospects-import.csv"));
    expect(withBom.encoding).toBe("utf-8");
    expect(withBom.text.startsWith("姓名,手机")).toBe(true);
    expect(decodeCsvBytes(new TextEncoder().encode("姓名,手机")).text).toBe("姓名,手机");
  });

  it("reads GBK (Chinese Excel's plain 'CSV') and UTF-16 with a BOM", () => {
    const gbk = decodeCsvBytes(fixture("prospects-import-gbk.csv"));
    expect(gbk.encoding).toBe("gb18030");
    expect(gbk.text).toContain("钱进,13900139001,男,来店");
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("姓名,来源", "utf16le")]);
    expect(decodeCsvBytes(utf16)).toEqual({ text: "姓名,来源", encoding: "utf-16le" });
  });
});

describe("parsing a prospect CSV", () => {
  it("maps Chinese headers and keeps quoted commas, quotes and line breaks in one value", () => {
    const { text } = decodeCsvBytes(fixture("prospects-import.csv"));
    const csv = parseProspectCsv(text);
    expect(csv.mapping.missing).toEqual([]);
    expect(csv.rows).toHaveLength(12);
    expect(csv.rows[0]).toEqual({
      row: 2,
      values: {
        name: "张伟",
        mobile: "138 0013 8000",
        gender: "男",
        city: "上海",
        source: "来店",
        subSource: "",
        intendedModel: "帕萨特",
        owner: "Consultant 1",
        grade: "H",
        createdAt: "2025-03-01",
        note: "老客户, 想置换",
      },
    });
    expect(csv.rows[2]!.values.note).toBe('第一行\r\n第二行 "加急"');
    // a value over two lines is still one spreadsheet row: the next row is row 5
    expect(csv.rows[3]).toMatchObject({ row: 5, values: { name: "赵强", mobile: "" } });
  });

  it("skips blank lines but keeps spreadsheet row numbers; reads tab- and semicolon-separated files", () => {
    const csv = parseProspectCsv("Name,Source,Owner\n\nA,来店,X\n,,\nB,来电,Y\n");
    expect(csv.rows.map((r) => [r.row, r.values.name])).toEqual([
      [3, "A"],
      [5, "B"],
    ]);
    expect(parseProspectCsv("姓名\t来源\t顾问\n张三\t来店\t李娜").rows[0]!.values).toEqual({
      name: "张三",
      source: "来店",
      owner: "李娜",
    });
    expect(parseProspectCsv("name;source;owner;note\nA;phone;X;a, b").rows[0]!.values.note).toBe("a, b");
  });

  it("refuses a file it cannot import, saying why", () => {
    expect(() => parseProspectCsv("")).toThrow("The file is empty.");
    expect(() => parseProspectCsv("姓名,手机\n张三,13800138000")).toThrow(
      "The first row must name the columns; name (姓名), source (来源) and owner (顾问) are required.",
    );
    try {
      parseProspectCsv("姓名,手机\n张三,13800138000");
    } catch (e) {
      expect((e as { fields: Record<string, string> }).fields.file).toBe("Missing: source (来源), owner (顾问).");
    }
    expect(() => parseProspectCsv("name,source,owner\n")).toThrow("The file has a header row but no prospects.");
    expect(() => parseProspectCsv('name,source,owner\nA,"phone,X\nB,phone,Y\n')).toThrow(
      "The file is not valid CSV: a quoted value is never closed.",
    );
    const big = `name,source,owner\n${"A,phone,X\n".repeat(2001)}`;
    expect(() => parseProspectCsv(big)).toThrow(/at most 2000 rows/);
  });
});
