import { describe, expect, it } from "vitest";
import { prospectListQuerySchema, prospectSearch } from "./prospect-list.ts";

const parse = (q: Record<string, string>) => prospectListQuerySchema.safeParse(q);
const issue = (q: Record<string, string>) => {
  const r = parse(q);
  return r.success ? undefined : { path: r.error.issues[0]!.path.join("."), message: r.error.issues[0]!.message };
};

describe("prospect list query", () => {
  it("parses filters, flags and numbers; blank means not given", () => {
    const r = parse({ grade: "H", source: "internet", overdue: "1", limit: "20", from: "2026-11-01", q: " 王 " });
    expect(r.success && r.data).toEqual({
      grade: "H",
      source: "internet",
      overdue: true,
      limit: 20,
      from: "2026-11-01",
      q: "王",
    });
    const blank = parse({ grade: "", sort: "", q: "  ", overdue: "" });
    expect(blank.success && blank.data).toEqual({});
    expect(parse({ overdue: "false" }).success && parse({ overdue: "false" }).data).toEqual({ overdue: false });
  });

  it("refuses unknown parameters and impossible combinations with a message per field", () => {
    expect(issue({ colour: "red" })).toMatchObject({ message: expect.stringMatching(/colour/) });
    expect(issue({ from: "2026-11-10", to: "2026-11-01" })).toEqual({
      path: "to",
      message: "The end date must be on or after the start date.",
    });
    expect(issue({ q: "wang", sort: "newest" })).toMatchObject({ path: "sort" });
    expect(issue({ overdue: "true", sort: "oldest" })).toMatchObject({ path: "sort" });
    expect(issue({ overdue: "true", sort: "due" })).toBeUndefined();
    expect(issue({ status: "closed", sort: "due" })).toMatchObject({ path: "status" });
    expect(issue({ from: "2026-13-01" })).toEqual({ path: "from", message: "Use a date like 2026-11-26." });
    expect(issue({ grade: "X" })).toMatchObject({ path: "grade", message: expect.stringMatching(/^grade must be/) });
    expect(issue({ limit: "many" })).toMatchObject({ path: "limit" });
  });
});

describe("prospect search", () => {
  it("digits search mobiles (a +86 prefix and blanks dropped); text searches lower-cased names", () => {
    expect(prospectSearch("138 1234")).toEqual({ kind: "mobile", prefix: "1381234" });
    expect(prospectSearch("+86 138-1234")).toEqual({ kind: "mobile", prefix: "1381234" });
    expect(prospectSearch("0086138")).toEqual({ kind: "mobile", prefix: "138" });
    expect(prospectSearch("Wang Lei")).toEqual({ kind: "name", prefix: "wang lei" });
    expect(prospectSearch("王")).toEqual({ kind: "name", prefix: "王" });
    expect(prospectSearch("+86")).toEqual({ kind: "name", prefix: "+86" });
  });
});
