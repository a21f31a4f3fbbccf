import { describe, expect, it } from "vitest";
import {
  IMPORT_FIELDS,
  importDate,
  importGender,
  importGrade,
  importKeySource,
  importSource,
  mapImportHeaders,
  matchImportOwner,
  normaliseHeader,
  prospectImportChunkSchema,
  validateImportRow,
} from "./prospect-import.ts";

describe("import header mapping", () => {
  it("maps English headers, whatever their case, blanks and dashes", () => {
    const m = mapImportHeaders([
      "Name",
      "Mobile",
      "Gender",
      "City",
      "Source",
      "Sub-source",
      "Intended model",
      "Owner",
      "Grade",
      "Created date",
      "Note",
    ]);
    expect(m.columns).toEqual(IMPORT_FIELDS);
    expect(m.missing).toEqual([]);
    expect(m.ignored).toEqual([]);
  });

  it("maps Chinese headers, with notes in (full-width) brackets, asterisks and a BOM", () => {
    const m = mapImportHeaders([
      "\uFEFF姓名",
      "手机号码（必填）",
      "性别",
      "城市",
      "客户来源*",
      "来源细分",
      "意向车型",
      "销售顾问",
      "客户级别",
      "建卡日期",
      "备注",
      "身份证号",
    ]);
    expect(m.columns).toEqual([...IMPORT_FIELDS, null]);
    expect(m.ignored).toEqual(["身份证号"]);
    expect(normaliseHeader("手机号码（必填）")).toBe("手机号码");
  });

  it("names missing required columns and uses the first of two columns for one field", () => {
    const m = mapImportHeaders(["姓名", "手机", "电话", "备注"]);
    expect(m.missing).toEqual(["source", "owner"]);
    expect(m.columns).toEqual(["name", "mobile", null, "note"]);
    expect(m.repeated).toEqual(["mobile"]);
  });
});

describe("import values", () => {
  it("understands sources in Chinese and English", () => {
    expect(importSource("来店")).toBe("walk_in");
    expect(importSource("自然到店")).toBe("walk_in");
    expect(importSource("来电")).toBe("phone");
    expect(importSource("网络")).toBe("internet");
    expect(importSource("汽车之家")).toBe("internet");
    expect(importSource("外展")).toBe("exhibition");
    expect(importSource("外拓")).toBe("outbound");
    expect(importSource("转介绍")).toBe("referral");
    expect(importSource("厂家下发")).toBe("oem_assigned");
    expect(importSource("经纪人")).toBe("broker");
    expect(importSource("Walk-in")).toBe("walk_in");
    expect(importSource("oem_assigned")).toBe("oem_assigned");
    expect(importSource("电视广告")).toBeNull();
  });

  it("understands genders, grades and created dates as spreadsheets write them", () => {
    expect(importGender("男")).toBe("male");
    expect(importGender("女士")).toBe("female");
    expect(importGender("F")).toBe("female");
    expect(importGender("")).toBe("unknown");
    expect(importGender("其他")).toBeNull();
    expect(importGrade("h")).toBe("H");
    expect(importGrade("A级")).toBe("A");
    expect(importGrade("")).toBeNull();
    expect(importGrade("O")).toBe("closed");
    expect(importGrade("Z")).toBe("invalid");
    expect(importDate("2025-03-01")).toEqual({ date: "2025-03-01", time: "00:00" });
    expect(importDate("2025/3/1 14:30")).toEqual({ date: "2025-03-01", time: "14:30" });
    expect(importDate("2025.3.1 9:05:10")).toEqual({ date: "2025-03-01", time: "09:05" });
    expect(importDate("2025年3月1日")).toEqual({ date: "2025-03-01", time: "00:00" });
    expect(importDate("45717")).toEqual({ date: "2025-03-01", time: "00:00" });
    expect(importDate("2025-02-30")).toBeNull();
    expect(importDate("1/3/2025")).toBeNull();
  });
});

describe("import row validation", () => {
  const today = "2026-11-26";
  const good = {
    name: " 张伟 ",
    mobile: "+86 138 0013 8000",
    gender: "男",
    city: "上海",
    source: "来店",
    subSource: "",
    intendedModel: "帕萨特",
    owner: "李娜",
    grade: "H",
    createdAt: "2025/3/1",
    note: "老客户, 想置换",
  };

  it("normalises a good row", () => {
    const r = validateImportRow(2, good, today);
    expect(r).toEqual({
      ok: true,
      value: {
        row: 2,
        name: "张伟",
        mobile: "13800138000",
        gender: "male",
        city: "上海",
        source: "walk_in",
        subSource: undefined,
        intendedModel: "帕萨特",
        owner: "李娜",
        grade: "H",
        created: { date: "2025-03-01", time: "00:00" },
        note: "老客户, 想置换",
      },
    });
  });

  it("keeps a row without a mobile, and a foreign number as a phone", () => {
    const none = validateImportRow(3, { ...good, mobile: "" }, today);
    expect(none.ok && none.value.mobile).toBeUndefined();
    const hk = validateImportRow(4, { ...good, mobile: "+852 9123 4567" }, today);
    expect(hk.ok && hk.value.phone).toBe("+852 9123 4567");
  });

  it("reports every problem of a row, field by field", () => {
    const r = validateImportRow(
      5,
      {
        name: "",
        mobile: "12345",
        gender: "?",
        source: "电视",
        owner: "",
        grade: "F",
        createdAt: "2027-01-01",
        note: "x".repeat(501),
      },
      today,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      name: "Name is required.",
      mobile: "Enter an 11-digit mainland China mobile number (e.g. 13812345678).",
      gender: "Gender must be 男 / 女 (or male / female), or left blank.",
      source: expect.stringMatching(/^Unknown source\. Use 来店, 来电/),
      owner: "Name the consultant who owns this card (name or email).",
      grade: expect.stringMatching(/Only open cards/),
      createdAt: "The created date cannot be in the future.",
      note: "Note must be at most 500 characters.",
    });
  });

  it("explains a mobile Excel turned into a number", () => {
    const r = validateImportRow(6, { ...good, mobile: "1.38001E+10" }, today);
    expect(!r.ok && r.errors.mobile).toMatch(/format the mobile column as text/);
  });

  it("gives the same import key to the same row however it is spelt", () => {
    const a = validateImportRow(2, good, today);
    const b = validateImportRow(9, { ...good, name: "张伟", mobile: "13800138000", createdAt: "2025-03-01" }, today);
    const c = validateImportRow(2, { ...good, note: "another note" }, today);
    if (!a.ok || !b.ok || !c.ok) throw new Error("rows should be valid");
    expect(importKeySource(a.value)).toBe(importKeySource(b.value));
    expect(importKeySource(a.value)).not.toBe(importKeySource(c.value));
  });
});

describe("import owner", () => {
  const staff = [
    { userId: "u1", name: "李娜", email: "li.na@example.com" },
    { userId: "u2", name: "Wang Lei", email: "wang.lei@example.com" },
    { userId: "u3", name: "Wang Lei", email: "wang.lei2@example.com" },
  ];
  it("matches an email or a unique name; refuses an unknown or ambiguous one", () => {
    expect(matchImportOwner("LI.NA@example.com", staff)).toMatchObject({ ok: true, consultant: { userId: "u1" } });
    expect(matchImportOwner(" 李娜 ", staff)).toMatchObject({ ok: true, consultant: { userId: "u1" } });
    expect(matchImportOwner("wang.lei2@example.com", staff)).toMatchObject({ ok: true, consultant: { userId: "u3" } });
    expect(matchImportOwner("wang lei", staff)).toMatchObject({ ok: false, error: expect.stringMatching(/email/) });
    expect(matchImportOwner("赵六", staff)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Not an active consultant/),
    });
  });
});

describe("import chunk schema", () => {
  it("takes 1 to 25 rows of text values, strictly", () => {
    expect(prospectImportChunkSchema.safeParse({ rows: [{ row: 2, name: "A" }] }).success).toBe(true);
    expect(prospectImportChunkSchema.safeParse({ rows: [] }).success).toBe(false);
    const many = Array.from({ length: 26 }, (_, i) => ({ row: i + 2, name: "A" }));
    expect(prospectImportChunkSchema.safeParse({ rows: many }).success).toBe(false);
    expect(prospectImportChunkSchema.safeParse({ rows: [{ row: 2, colour: "red" }] }).success).toBe(false);
    expect(prospectImportChunkSchema.safeParse({ rows: [{ row: 2, name: 5 }] }).success).toBe(false);
  });
});
