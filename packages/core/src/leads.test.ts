import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  ADF_MAX_BYTES,
  CONTACT_REQUIRED_MESSAGE,
  type LeadInput,
  leadJsonSchema,
  parseAdf,
  parseAdfDate,
} from "./leads.ts";

// CI runs in a fresh clone with shared/ beside the repo folder.
const FIXTURES = new URL("../../../../shared/fixtures/adf/", import.meta.url);
const BAD = new URL("bad/", FIXTURES);
const xmlFiles = (dir: URL) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".xml"))
    .sort();
const fixture = (name: string, dir = FIXTURES) => readFileSync(new URL(name, dir), "utf8");

/** Parses and returns the single lead (fails the test when refused). */
function oneLead(xml: string): LeadInput {
  const r = parseAdf(xml);
  if (!r.ok) throw new Error(`refused: ${r.error.message}`);
  expect(r.leads).toHaveLength(1);
  return r.leads[0]!;
}
function refused(xml: string) {
  const r = parseAdf(xml);
  if (r.ok) throw new Error(`accepted: ${JSON.stringify(r.leads)}`);
  return r.error;
}

const BLAZER = { year: 1999, make: "Chevrolet", model: "Blazer" };

/** Facts from shared/fixtures/adf/SOURCES.md, as LeadInput. */
const VALID: Record<string, LeadInput> = {
  "01-adfrb-spec-minimal.xml": {
    provider: "ADF",
    name: "John Doe",
    phone: "393-999-3922", // the vendor contact's email is not the customer's
    vehicle: BLAZER,
    intendedModel: "Chevrolet Blazer",
    requestedAt: "2000-03-30T15:30:20-08:00",
  },
  "02-sendadf-basic-oneline.xml": {
    provider: "ADF",
    name: "John Doe",
    phone: "393-999-3922",
    vehicle: BLAZER,
    intendedModel: "Chevrolet Blazer",
    requestedAt: "2020-02-09T18:26:00-05:00",
  },
  "03-adfrb-complex-trade-in.xml": {
    provider: "ADF",
    name: "John Doe", // first + last parts
    email: "jdoe@hotmail.com",
    phone: "393-999-3922", // first of three phones
    vehicle: { ...BLAZER, trim: "LT" }, // the "buy" vehicle, not the trade-in
    intendedModel: "Chevrolet Blazer",
    comments: "Can you deliver my new car by next Thursday?",
    requestedAt: "2006-03-30T15:30:20-08:00",
  },
  "04-adfrb-provider.xml": {
    provider: "CarPoint", // not the provider's own phone / email
    name: "John Doe",
    phone: "393-999-3922",
    vehicle: BLAZER,
    intendedModel: "Chevrolet Blazer",
    requestedAt: "2000-03-30T15:30:20-08:00",
  },
  "05-adfrb-vendor.xml": {
    provider: "ADF", // vendorname is the dealer, not the lead provider
    name: "John Doe",
    phone: "393-999-3922", // not the vendor contact's 333-999-2222
    vehicle: BLAZER,
    intendedModel: "Chevrolet Blazer",
    requestedAt: "2000-03-30T15:30:20-08:00",
  },
  "06-wikipedia-validated-example.xml": {
    provider: "ADF",
    name: "First Last",
    phone: "323-223-3322",
    // "emailaddress" is not an email: dropped and quoted in the comments, the lead is kept.
    comments: "Email as sent (not a valid address): emailaddress",
    vehicle: { year: 2008, make: "Make", model: "Model" },
    intendedModel: "Make Model",
    // requestdate "2000-03-30T15:30:20-08:0" has a truncated offset: not guessed, omitted.
  },
  "07-mygoaltracking-multi-phone.xml": {
    // the <id> is empty: no providerLeadId; provider from the id's source
    provider: "name of promotion",
    name: "Johnny Customer",
    email: "johnny@customer.com",
    phone: "857-485-7485", // first of home / work / mobile (none is a China mobile)
    vehicle: { year: 1995, make: "BUICK", model: "Regal" },
    intendedModel: "BUICK Regal",
    comments: "What is your best price?",
    requestedAt: "2008-06-25T08:47:50+08:00", // one-digit hour, no zone → assumed Beijing time
  },
  "08-launchlabs-cdata-provider.xml": {
    providerLeadId: "Example:Example",
    provider: "Example",
    name: "Example", // the full part wins over first + last
    phone: "(000) 000-0000",
    comments: [
      "Click for full customer profile: https://example.com/profile",
      "Customer converted using Example 1 Tap Lead Button: Request Information",
      "Customer has been sent the following message:",
      "We will be in touch with you soon with the information you requested.",
      "Thank you for choosing Example Dealer.",
    ].join("\n"),
    requestedAt: "2025-09-22T18:07:00+08:00", // no seconds, no zone
    // self-closing <vehicle/>: no vehicle, no intended model
  },
};

describe("parseAdf: published valid fixtures", () => {
  it("covers every fixture file", () => {
    expect(xmlFiles(FIXTURES)).toEqual(Object.keys(VALID).sort());
  });

  for (const [file, expected] of Object.entries(VALID)) {
    it(file, () => {
      const lead = oneLead(fixture(file));
      expect(lead).toStrictEqual(expected);
      expect(leadJsonSchema.safeParse(lead).success).toBe(true); // the output is itself a valid JSON lead
    });
  }

  it("03: CRLF line endings do not leak into values", () => {
    const xml = fixture("03-adfrb-complex-trade-in.xml");
    expect(xml).toContain("\r\n");
    expect(JSON.stringify(oneLead(xml))).not.toContain("\\r");
  });
});

describe("parseAdf: published bad fixtures (decided per case)", () => {
  const DECISIONS: Record<string, (xml: string) => void> = {
    // Spec's <?ADF VERSION "1.0"?> then <?XML VERSION “1.0”?> (reserved target, curly quotes): both stripped.
    "published-01-spec-minimal-reserved-xml-pi.xml": (xml) => {
      expect(oneLead(xml)).toStrictEqual({
        provider: "ADF",
        name: "John Doe",
        phone: "393-999-3922",
        vehicle: BLAZER,
        intendedModel: "Chevrolet Blazer",
        requestedAt: "2000-03-30T15:30:20-08:00",
      });
    },
    // <id sequence=1 source=”Cobalt”>: unquoted / curly-quoted attribute values are refused with the line.
    "published-02-spec-resend-unquoted-attr.xml": (xml) => {
      const error = refused(xml);
      expect(error.line).toBe(5);
      expect(error.message).toMatch(/^Line 5: Attribute 'sequence' has an unquoted value/);
      expect(error.message).toContain("Curly quotes");
    },
    // <?ADF version="1.0"?> before <?xml version="1.0"?>: the header is normalised, the lead is kept.
    "published-03-adfbuilder-pi-before-xmldecl.xml": (xml) => {
      expect(oneLead(xml)).toStrictEqual({
        provider: "ADF",
        name: "New Guy",
        phone: "(555)-444-3333",
        requestedAt: "2021-08-08T18:44:45+04:00",
      });
    },
    // <optionname>Sport</name>: mismatched tags are refused with the line.
    "published-04-adfrb-vehicle-mismatched-tag.xml": (xml) => {
      const error = refused(xml);
      expect(error.line).toBe(29);
      expect(error.message).toMatch(/^Line 29: .*'optionname'.*'name'/);
    },
  };

  it("has a decision for every file in bad/", () => {
    expect(xmlFiles(BAD)).toEqual(Object.keys(DECISIONS).sort());
  });
  for (const [file, check] of Object.entries(DECISIONS)) {
    it(file, () => check(fixture(file, BAD)));
  }
});

const CHINESE_LEAD = `\uFEFF<?xml version="1.0" encoding="UTF-8"?>
<?adf version="1.0"?>
<adf>
  <prospect status="new">
    <id sequence="1" source="Autohome">AH-20240115-0001</id>
    <requestdate>2024-01-15 10:30:00</requestdate>
    <vehicle interest="trade-in" status="used"><make>丰田</make><model>卡罗拉</model></vehicle>
    <vehicle interest="buy" status="new">
      <year>2024</year><make>大众</make><model>帕萨特</model><trim>380TSI 豪华版</trim>
    </vehicle>
    <customer>
      <contact>
        <name part="first">小明</name>
        <name part="last">王</name>
        <phone type="voice">010-6552 9988</phone>
        <phone type="cellphone">+86 138 0013 8000</phone>
      </contact>
      <comments><![CDATA[周末到店试驾 <帕萨特> & 询问置换补贴]]> &#29579;先生</comments>
    </customer>
    <provider><name part="full">汽车之家</name><service>询价</service></provider>
  </prospect>
</adf>`;

describe("parseAdf: mapping", () => {
  it("maps a Chinese lead: name family-first without a space, +86 mobile normalised, local time", () => {
    expect(oneLead(CHINESE_LEAD)).toStrictEqual({
      providerLeadId: "Autohome:AH-20240115-0001",
      provider: "汽车之家",
      name: "王小明",
      mobile: "13800138000", // the cellphone, not the Beijing landline; no `phone` when there is a mobile
      vehicle: { year: 2024, make: "大众", model: "帕萨特", trim: "380TSI 豪华版" }, // not the trade-in
      intendedModel: "大众 帕萨特",
      comments: "周末到店试驾 <帕萨特> & 询问置换补贴 王先生", // CDATA kept as text, &#29579; decoded
      requestedAt: "2024-01-15T10:30:00+08:00",
    });
  });

  it("prefers a cellphone-typed mobile, but finds a mobile written as a voice phone too", () => {
    const doc = (phones: string) =>
      `<adf><prospect><customer><contact><name part="full">李雷</name>${phones}</contact></customer></prospect></adf>`;
    expect(
      oneLead(doc('<phone type="voice">139-1234-5678</phone><phone type="cellphone">13800138000</phone>')).mobile,
    ).toBe("13800138000");
    expect(oneLead(doc('<phone type="voice">(+86)139 1234 5678</phone>')).mobile).toBe("13912345678");
    // A fax is never the mobile; a US number with a leading 1 is not a China mobile.
    const us = oneLead(doc('<phone type="fax">13800138000</phone><phone>1-393-999-3922</phone>'));
    expect(us).toMatchObject({ phone: "1-393-999-3922" });
    expect(us.mobile).toBeUndefined();
  });

  it("joins Western first / middle / last / suffix with spaces", () => {
    const lead = oneLead(
      `<adf><prospect><customer><contact><name part="last">Doe</name><name part="first">John</name><name part="middle">Q</name><name part="suffix">Jr.</name><email>J.Doe@Example.com</email></contact></customer></prospect></adf>`,
    );
    expect(lead.name).toBe("John Q Doe Jr.");
    expect(lead.email).toBe("j.doe@example.com");
  });

  it("returns one lead per prospect; upper-case tags are accepted", () => {
    const r = parseAdf(
      `<ADF><PROSPECT><CUSTOMER><CONTACT><NAME PART="FULL">A</NAME><EMAIL>a@example.com</EMAIL></CONTACT></CUSTOMER></PROSPECT><prospect><customer><contact><name part="full">B</name><phone>020-1234 5678</phone></contact></customer></prospect></ADF>`,
    );
    expect(r).toEqual({
      ok: true,
      leads: [
        { provider: "ADF", name: "A", email: "a@example.com" },
        { provider: "ADF", name: "B", phone: "020-1234 5678" },
      ],
    });
  });

  it("refuses a prospect that fails the lead schema, naming the prospect, its line and the field", () => {
    const error = refused(`<adf>
<prospect><customer><contact><name part="full">A</name><email>a@example.com</email></contact></customer></prospect>
<prospect>
  <customer><contact><name part="full">No Contact</name></contact></customer>
</prospect>
</adf>`);
    expect(error).toEqual({
      message: `Prospect 2 (line 3): mobile: ${CONTACT_REQUIRED_MESSAGE}`,
      field: "mobile",
      line: 3,
    });
    expect(
      refused("<adf><prospect><customer><contact><phone>123</phone></contact></customer></prospect></adf>"),
    ).toMatchObject({ field: "name", message: "Prospect 1 (line 1): name: Name is required." });
    expect(
      refused(
        '<adf><prospect><customer><contact><name part="full">A</name><email>not-an-email</email></contact></customer></prospect></adf>',
      ),
    ).toMatchObject({ field: "email", message: expect.stringContaining("Enter a valid email address.") });
  });

  it("decodes only the XML entities and numeric references, once", () => {
    const lead = oneLead(
      `<adf><prospect><id source="A&amp;B">x&#x4E2D;</id><customer><contact><name part="full">Smith &amp; Sons &#29579;</name><phone>1</phone></contact><comments>&amp;lt; &nbsp; &#0; &lt;b&gt;</comments></customer></prospect></adf>`,
    );
    expect(lead).toMatchObject({
      providerLeadId: "A&B:x中",
      provider: "A&B",
      name: "Smith & Sons 王",
      comments: "&lt; &nbsp; &#0; <b>",
    });
  });

  it("truncates over-long comments instead of refusing the lead", () => {
    const lead = oneLead(
      `<adf><prospect><customer><contact><name part="full">A</name><phone>1</phone></contact><comments>${"很".repeat(1500)}</comments></customer></prospect></adf>`,
    );
    expect(lead.comments).toHaveLength(1000);
    expect(lead.comments?.endsWith("…")).toBe(true);
  });
});

describe("parseAdf: security and robustness", () => {
  it("refuses DOCTYPE (XXE)", () => {
    const error = refused(`<?xml version="1.0"?>
<!DOCTYPE adf [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<adf><prospect><customer><contact><name part="full">&xxe;</name></contact></customer></prospect></adf>`);
    expect(error.line).toBe(2);
    expect(error.message).toMatch(/^Line 2: DOCTYPE declarations are not allowed/);
    expect(error.message).toContain("XXE");
  });

  it("refuses ENTITY declarations (billion laughs)", () => {
    const error = refused(`<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;"><adf>&lol1;</adf>`);
    expect(error.message).toMatch(/ENTITY declarations are not allowed/);
  });

  it("does not mistake a DOCTYPE quoted in CDATA or a comment for a declaration", () => {
    const lead = oneLead(
      `<!-- <!DOCTYPE x> --><adf><prospect><customer><contact><name part="full">A</name><phone>1</phone></contact><comments><![CDATA[<!DOCTYPE html><p>hi</p>]]></comments></customer></prospect></adf>`,
    );
    expect(lead.comments).toBe("<!DOCTYPE html><p>hi</p>");
  });

  it("refuses a document over 256 KB, counting UTF-8 bytes", () => {
    const body = (s: string) =>
      `<adf><prospect><customer><contact><name part="full">A</name><phone>1</phone></contact><comments>${s}</comments></customer></prospect></adf>`;
    expect(refused(body("x".repeat(ADF_MAX_BYTES))).message).toBe("The ADF document is larger than 256 KB.");
    // 90 000 characters but 270 000 bytes
    expect(refused(body("汽".repeat(90_000))).message).toBe("The ADF document is larger than 256 KB.");
    expect(parseAdf(body("x".repeat(200_000))).ok).toBe(true);
  });

  it("refuses a root that is not <adf>, and an <adf> without prospects", () => {
    expect(refused('<?xml version="1.0"?><lead><name>A</name></lead>').message).toBe(
      "The document root must be <adf>, not <lead>.",
    );
    expect(refused("<adf></adf>").message).toBe("The ADF document has no <prospect>.");
    expect(refused("   \n").message).toBe("The ADF document is empty.");
    expect(refused("just text").message).toMatch(/^Line 1: /);
  });

  it("reports the line of a syntax error", () => {
    const error = refused(`<?xml version="1.0"?>
<adf>
  <prospect>
    <customer>
      <contact>
        <name part="full">A</name>
        <phone>1</phone
      </contact>
    </customer>
  </prospect>
</adf>`);
    expect(error.line).toBe(7);
    expect(error.message).toMatch(/^Line 7: /);
  });

  it("keeps line numbers right when the header is normalised (ADF PI before the XML declaration, CRLF)", () => {
    const error = refused('<?ADF VERSION "1.0"?>\r\n\r\n<?xml version="1.0"?>\r\n<adf>\r\n<prospect>\r\n</adf>');
    expect(error.line).toBe(6);
  });

  it("refuses prototype-polluting names without throwing", () => {
    expect(refused("<adf><prospect><__proto__><x>1</x></__proto__></prospect></adf>").message).toMatch(
      /could not be read/,
    );
  });
});

describe("parseAdfDate", () => {
  it.each([
    ["2000-03-30T15:30:20-08:00", "2000-03-30T15:30:20-08:00"],
    ["2024-01-15 10:30:00", "2024-01-15T10:30:00+08:00"],
    ["2008-06-25T8:47:50", "2008-06-25T08:47:50+08:00"],
    ["2025-09-22T18:07", "2025-09-22T18:07:00+08:00"],
    ["2024-01-15T10:30:00.123Z", "2024-01-15T10:30:00.123Z"],
    ["2024-01-15T10:30:00+0530", "2024-01-15T10:30:00+05:30"],
    ["2024-01-15", "2024-01-15T00:00:00+08:00"],
  ])("%s → %s", (input, iso) => {
    expect(parseAdfDate(input)).toBe(iso);
    expect(leadJsonSchema.shape.requestedAt.safeParse(iso).success).toBe(true);
  });
  it.each([["2000-03-30T15:30:20-08:0"], ["2024-02-30 10:00"], ["2024-01-15 24:00"], ["yesterday"], [""]])(
    "%s → undefined",
    (input) => expect(parseAdfDate(input)).toBeUndefined(),
  );
  it("uses the given offset for zone-less dates", () => {
    expect(parseAdfDate("2024-01-15 10:30:00", "-05:00")).toBe("2024-01-15T10:30:00-05:00");
  });
});

describe("leadJsonSchema", () => {
  const BASE = { provider: "Dongchedi", name: "张伟" };

  it("accepts a JSON lead and normalises the mobile", () => {
    const r = leadJsonSchema.safeParse({
      ...BASE,
      providerLeadId: "dcd-889",
      mobile: "+86 138 0013 8000",
      intendedModel: "ID.4 CROZZ",
      vehicle: { year: 2025, make: "FAW-Volkswagen", model: "ID.4 CROZZ" },
      requestedAt: "2026-11-26T09:30:00+08:00",
    });
    expect(r.success && r.data.mobile).toBe("13800138000");
  });

  it("accepts a foreign phone as free text", () => {
    expect(leadJsonSchema.safeParse({ ...BASE, phone: "+1 555 123 4567" }).success).toBe(true);
  });

  it("requires a mobile, a phone or an email, reported on mobile", () => {
    const r = leadJsonSchema.safeParse({ ...BASE, phone: "  " });
    expect(r.success).toBe(false);
    expect(r.error?.issues).toEqual([
      expect.objectContaining({
        path: ["mobile"],
        message: "Give a mobile, a phone or an email so the consultant can call back.",
      }),
    ]);
  });

  it("rejects unknown fields", () => {
    const r = leadJsonSchema.safeParse({ ...BASE, email: "a@example.com", budget: 200000 });
    expect(r.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["budget"] });
    const v = leadJsonSchema.safeParse({ ...BASE, email: "a@example.com", vehicle: { color: "red" } });
    expect(v.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", path: ["vehicle"] });
  });

  it("explains a bad mobile", () => {
    const r = leadJsonSchema.safeParse({ ...BASE, mobile: "12345" });
    expect(r.error?.issues[0]).toMatchObject({
      path: ["mobile"],
      message: "Enter an 11-digit mainland China mobile number (e.g. 13812345678).",
    });
  });

  it("checks lengths, the vehicle year and the date offset", () => {
    const issue = (data: object) =>
      leadJsonSchema.safeParse({ ...BASE, email: "a@example.com", ...data }).error?.issues[0];
    expect(issue({ name: "x".repeat(61) })).toMatchObject({ path: ["name"] });
    expect(issue({ provider: "" })).toMatchObject({ path: ["provider"], message: "Provider is required." });
    expect(issue({ vehicle: { year: 1949 } })).toMatchObject({ path: ["vehicle", "year"] });
    expect(issue({ requestedAt: "2026-11-26T09:30:00" })).toMatchObject({ path: ["requestedAt"] });
    expect(issue({ comments: "x".repeat(1001) })).toMatchObject({ path: ["comments"] });
  });
});
