import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { maskMobile, normalizeCnMobile } from "./phone.ts";

interface Vector {
  number: string;
  form: string;
  library_says: string;
  libphonenumber_cn_mobile_pattern: boolean;
}

// shared/ is a sibling of the repository folder (CI clones the repo next to it)
const fixture = JSON.parse(
  readFileSync(new URL("../../../../shared/fixtures/phone/cn-mobile.json", import.meta.url), "utf8"),
) as Record<"valid" | "invalid" | "thirteen_digit_iot", Vector[]>;

const vectors = [...fixture.valid, ...fixture.invalid, ...fixture.thirteen_digit_iot];
/** A single trunk "0" (not the international "00") — libraries disagree, we refuse. */
const trunkPrefixed = (n: string) => n.startsWith("0") && !n.startsWith("00");

describe("normalizeCnMobile against the published vectors", () => {
  it("has the vectors it is meant to check", () => {
    expect(fixture.valid.length).toBeGreaterThan(20);
    expect(fixture.invalid.length).toBeGreaterThan(5);
    expect(fixture.thirteen_digit_iot.length).toBeGreaterThan(0);
    expect(vectors.some((v) => trunkPrefixed(v.number) && v.libphonenumber_cn_mobile_pattern)).toBe(true);
  });

  it.each(vectors.map((v) => [v.number, v] as const))("%s", (_n, v) => {
    const got = normalizeCnMobile(v.number);
    if (trunkPrefixed(v.number)) {
      expect(got).toBeNull();
      return;
    }
    expect(got !== null).toBe(v.libphonenumber_cn_mobile_pattern);
    if (got !== null) {
      // always the bare 11-digit national number, whatever the input form
      expect(got).toMatch(/^1\d{10}$/);
      expect(v.number.replace(/\s+/g, "").endsWith(got)).toBe(true);
    }
  });
});

describe("normalizeCnMobile on what receptionists type", () => {
  it("accepts blanks and the +86 / 0086 prefixes", () => {
    expect(normalizeCnMobile("+86 138 1234 5678")).toBe("13812345678");
    expect(normalizeCnMobile(" 0086 138 1234 5678 ")).toBe("13812345678");
    expect(normalizeCnMobile("138 1234 5678")).toBe("13812345678");
  });

  it("refuses a number with a trunk 0, a landline or too few/many digits", () => {
    expect(normalizeCnMobile("013812345678")).toBeNull();
    expect(normalizeCnMobile("021-62345678")).toBeNull();
    expect(normalizeCnMobile("1381234567")).toBeNull();
    expect(normalizeCnMobile("138123456789")).toBeNull();
    expect(normalizeCnMobile("+86")).toBeNull();
  });
});

describe("maskMobile", () => {
  it("hides the middle four digits of an 11-digit mobile", () => {
    expect(maskMobile("13838389438")).toBe("138****9438");
  });
  it("leaves anything else as it is", () => {
    expect(maskMobile("12345")).toBe("12345");
    expect(maskMobile("")).toBe("");
  });
});
