/**
 * Internet lead intake, parsing layer only (no database, no HTTP).
 *
 * Leads arrive either as JSON (`leadJsonSchema`) or as ADF 1.0 XML (`parseAdf`), the
 * Auto-lead Data Format used by lead providers and CRMs. Both paths end in the same
 * `LeadInput`, validated by the same schema, so the same rules apply to XML and JSON.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { z } from "zod";
import { normalizeCnMobile } from "./phone.ts";
import { emailSchema, mobileSchema } from "./schemas.ts";

const text = (max: number, label: string) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `${label} must be at most ${max} characters.`);
/** Blank → undefined; `.optional()` last so the key is optional in the output type too. */
const optionalText = (max: number, label: string) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .max(max, `${label} must be at most ${max} characters.`)
    .transform((v) => (v === "" ? undefined : v))
    .optional();

export const leadVehicleSchema = z
  .object({
    year: z
      .number({ error: "Year must be a number." })
      .int("Year must be a whole number.")
      .min(1950, "Year must be 1950 or later.")
      .max(2100, "Year must be 2100 or earlier.")
      .optional(),
    make: optionalText(40, "Make"),
    model: optionalText(60, "Model"),
    trim: optionalText(60, "Trim"),
  })
  .strict();

export const CONTACT_REQUIRED_MESSAGE = "Give a mobile, a phone or an email so the consultant can call back.";

export const leadJsonSchema = z
  .object({
    providerLeadId: optionalText(100, "Provider lead id"),
    provider: text(60, "Provider"),
    name: text(60, "Name"),
    mobile: mobileSchema.optional(),
    phone: optionalText(30, "Phone"),
    email: emailSchema.optional(),
    intendedModel: optionalText(60, "Intended model"),
    vehicle: leadVehicleSchema.optional(),
    comments: optionalText(1000, "Comments"),
    requestedAt: z.iso
      .datetime({ offset: true, error: "requestedAt must be a date-time like 2026-11-26T09:30:00+08:00." })
      .optional(),
  })
  .strict()
  .refine((l) => !!(l.mobile || l.phone || l.email), { message: CONTACT_REQUIRED_MESSAGE, path: ["mobile"] })
  .meta({ id: "LeadInput" });

export type LeadInput = z.infer<typeof leadJsonSchema>;

export type AdfError = { message: string; line?: number; field?: string };
export type ParseAdfResult = { ok: true; leads: LeadInput[] } | { ok: false; error: AdfError };
export type ParseAdfOptions = {
  /**
   * UTC offset assumed for a `<requestdate>` without a zone (e.g. "2024-01-15 10:30:00").
   * Default "+08:00": this product serves mainland-China dealerships, whose lead platforms send Beijing time.
   */
  assumeUtcOffset?: string;
};

/** Refuse documents larger than this many UTF-8 bytes. */
export const ADF_MAX_BYTES = 256 * 1024;

const fail = (message: string, extra: Omit<AdfError, "message"> = {}): ParseAdfResult => ({
  ok: false,
  error: { message, ...extra },
});

/** Keeps only the line breaks of `s`, so text we blank out does not shift line numbers. */
const newlinesOf = (s: string) => s.replace(/[^\n]/g, "");
const lineAt = (s: string, index: number) => newlinesOf(s.slice(0, index)).length + 1;

/**
 * Parses an ADF 1.0 document: one `LeadInput` per `<prospect>`.
 * Never throws; a refused document gives a message fit for a 400 answer.
 *
 * Decisions on documents strict XML parsers reject (fixtures in shared/fixtures/adf/bad/):
 * - The ADF processing instruction in any spelling (`<?ADF VERSION "1.0"?>` from the spec, no `=`;
 *   `<?adf version="1.0"?>`; upper or lower case) and the XML declaration in any spelling, including the
 *   spec's `<?XML VERSION “1.0”?>` with curly quotes, are STRIPPED when they appear before the root element,
 *   in any order (published-01, published-03: the ADF PI before `<?xml?>`). They carry nothing we use (the
 *   string is already decoded, and there is only one ADF version), the intent is obvious, and dropping them
 *   cannot change the meaning of the lead. Other PIs (e.g. xml-stylesheet) are left to the parser.
 * - Unquoted or curly-quoted attribute values (`<id sequence=1 source=”Cobalt”>`, published-02) are REFUSED
 *   with the line number: repairing them means guessing where each value ends (”…” uses the closing quote on
 *   both sides) and a regex rewrite of markup can silently misassign values. (That spec example has no
 *   customer either, so it could not become a lead anyway.)
 * - Mismatched tags (`<optionname>Sport</name>`, published-04) are REFUSED with the line number: we cannot
 *   know which of the two names was meant, and guessing structure is how lead data gets silently corrupted.
 * - DOCTYPE / ENTITY (and any other `<!…>` markup declaration) are REFUSED: XXE and "billion laughs".
 *   CDATA sections and comments are masked before that check, so a comment quoting HTML is not refused.
 * - Tag and attribute names are matched case-insensitively (`<ADF>`, `part="First"`): ADF's vocabulary is all
 *   lower case, so this is unambiguous. Mismatched case between an open and its close tag is still refused.
 */
export function parseAdf(xml: string, options: ParseAdfOptions = {}): ParseAdfResult {
  if (typeof xml !== "string") return fail("Send the lead as ADF XML text.");
  // Cheap check first: a UTF-16 code unit is at least one UTF-8 byte.
  if (xml.length > ADF_MAX_BYTES || new TextEncoder().encode(xml).length > ADF_MAX_BYTES) {
    return fail(`The ADF document is larger than ${ADF_MAX_BYTES / 1024} KB.`);
  }
  const source = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml; // UTF-8 BOM
  if (source.trim() === "") return fail("The ADF document is empty.");

  // Markup declarations: blank out CDATA and comments first (keeping line breaks), then look for `<!NAME`.
  const masked = source.replace(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g, newlinesOf);
  const decl = /<!([A-Za-z]+)/.exec(masked);
  if (decl) {
    const line = lineAt(masked, decl.index);
    return fail(
      `Line ${line}: ${decl[1]!.toUpperCase()} declarations are not allowed in ADF leads (DOCTYPE and ENTITY can be used for XXE and entity-expansion attacks).`,
      { line },
    );
  }

  const doc = normaliseProlog(source);

  const valid = XMLValidator.validate(doc);
  if (valid !== true) {
    const { line, msg } = valid.err;
    return fail(`Line ${line}: ${explainSyntaxError(msg, doc.split("\n")[line - 1] ?? "")}`, { line });
  }

  let parsed: unknown;
  try {
    parsed = parser.parse(doc);
  } catch (e) {
    // fast-xml-parser throws on names such as __proto__ / constructor (prototype pollution guard).
    return fail(`The ADF XML could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  const roots = isNode(parsed) ? Object.keys(parsed) : [];
  if (roots.length !== 1 || roots[0] !== "adf") {
    return fail(`The document root must be <adf>${roots[0] ? `, not <${roots[0]}>` : ""}.`);
  }
  const prospects = kids(child(parsed as XNode, "adf"), "prospect");
  if (prospects.length === 0) return fail("The ADF document has no <prospect>.");

  const leads: LeadInput[] = [];
  for (const [i, prospect] of prospects.entries()) {
    const r = leadJsonSchema.safeParse(mapProspect(prospect, options.assumeUtcOffset ?? "+08:00"));
    if (!r.success) {
      // Line of the <prospect> (computed only here: per prospect it would be quadratic on big batches).
      const meta = (prospect as Record<symbol, unknown>)[META] as { startIndex?: number } | undefined;
      const line = meta?.startIndex === undefined ? undefined : lineAt(doc, meta.startIndex);
      const issue = r.error.issues[0]!;
      const field = issue.path.length ? issue.path.join(".") : undefined;
      const where = `Prospect ${i + 1}${line ? ` (line ${line})` : ""}`;
      return fail(`${where}: ${field ? `${field}: ` : ""}${issue.message}`, {
        ...(field ? { field } : {}),
        ...(line ? { line } : {}),
      });
    }
    leads.push(r.data);
  }
  return { ok: true, leads };
}

/** Strips the XML declaration and the ADF PI (any spelling, any order) before the root element. */
function normaliseProlog(s: string): string {
  const item = /\s+|<!--[\s\S]*?-->|<\?([A-Za-z_][\w.:-]*)[\s\S]*?\?>/y;
  let out = "";
  let i = 0;
  for (;;) {
    item.lastIndex = i;
    const m = item.exec(s);
    if (!m) break;
    const target = m[1]?.toLowerCase();
    out += target === "xml" || target === "adf" ? newlinesOf(m[0]) : m[0];
    i = item.lastIndex;
  }
  return out + s.slice(i);
}

function explainSyntaxError(msg: string, lineText: string): string {
  const attr = /^Attribute '([^']+)' is without value\.$/.exec(msg)?.[1];
  if (attr && lineText.includes(`${attr}=`)) {
    const curly = /[“”‘’]/.test(lineText) ? " Curly quotes (“ ”) are not XML quotes." : "";
    return `Attribute '${attr}' has an unquoted value; put attribute values in straight quotes, e.g. ${attr}="1".${curly}`;
  }
  return msg;
}

// ---------------------------------------------------------------------------------------------------------
// XML tree helpers. Every element is parsed into an array of objects: "#text" holds its text (CDATA merged,
// entities decoded), "@_name" its attributes, other keys its child elements.

type XNode = Record<string, unknown>;

const ENTITY_REF = /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos));/g;
const XML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
function decodeEntity(ref: string, dec?: string, hex?: string, name?: string): string {
  if (name) return XML_ENTITIES[name] ?? ref;
  const cp = dec ? Number(dec) : Number.parseInt(hex ?? "", 16);
  // XML 1.0 Char production: anything else (NUL, surrogates, …) stays as written.
  const isXmlChar =
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff);
  return isXmlChar ? String.fromCodePoint(cp) : ref;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false, // trimmed by textOf; trimming per text run would glue "]]> text" together
  alwaysCreateTextNode: true,
  isArray: (_tag, _path, _leaf, isAttribute) => !isAttribute,
  ignoreDeclaration: true,
  ignorePiTags: true,
  transformTagName: (t) => t.toLowerCase(),
  transformAttributeName: (a) => a.toLowerCase(),
  entityDecoder: {
    // Only the five XML entities and numeric references (&#29579; → 王), in one pass: nothing is expanded
    // twice, and DOCTYPE entities are ignored even if one got past the refusal above.
    decode: (s) => s.replace(ENTITY_REF, decodeEntity),
    setExternalEntities: () => {},
    addInputEntities: () => {},
    reset: () => {},
    setXmlVersion: () => {},
  },
  captureMetaData: true,
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

const isNode = (v: unknown): v is XNode => typeof v === "object" && v !== null && !Array.isArray(v);
function kids(node: XNode | undefined, tag: string): XNode[] {
  if (!node || !Object.hasOwn(node, tag)) return [];
  const v = node[tag];
  return Array.isArray(v) ? v.filter(isNode) : [];
}
const child = (node: XNode | undefined, tag: string): XNode | undefined => kids(node, tag)[0];
const attrOf = (node: XNode | undefined, name: string): string | undefined => {
  const v = node?.[`@_${name}`];
  return typeof v === "string" ? v.trim() : undefined;
};
/** Text of an element, trimmed, inner whitespace runs (line breaks, tabs) collapsed to one space. */
const textOf = (node: XNode | undefined): string => {
  const v = node?.["#text"];
  return typeof v === "string" ? v.replace(/\s+/g, " ").trim() : "";
};
/** Text of the first `tag` child with non-empty text. */
const firstText = (node: XNode | undefined, tag: string): string | undefined =>
  kids(node, tag).map(textOf).find(Boolean);

// ---------------------------------------------------------------------------------------------------------
// ADF → LeadInput mapping.

/** `<name part=…>` parts, in Chinese/Japanese/Korean script: joined without spaces, family name first. */
const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}·・]+$/u;

function personName(contact: XNode | undefined): string {
  const parts: Record<string, string> = {};
  for (const n of kids(contact, "name")) {
    const t = textOf(n);
    const part = attrOf(n, "part")?.toLowerCase() || "full"; // ADF requires part; a bare <name> is a full name
    if (t && !parts[part]) parts[part] = t;
  }
  if (parts.full) return parts.full;
  const { first, middle, last, suffix } = parts;
  const given = [first, middle, last].filter((p): p is string => !!p);
  if (given.length && given.every((p) => CJK.test(p.replace(/\s/g, "")))) {
    return [last, first, middle].filter(Boolean).join("").replace(/\s/g, ""); // 王 + 小明 → 王小明
  }
  return [first, middle, last, suffix].filter(Boolean).join(" "); // John Doe
}

/**
 * A China mobile as people write it: 13800138000, 138 0013 8000, 138-0013-8000, +86 138…, (+86)138…, 0086….
 * Separators are only accepted in the Chinese 3-4-4 grouping, so a US "1-393-999-3922" (which is 11 digits
 * starting with 1) is not mistaken for a Chinese mobile.
 */
const CN_MOBILE_AS_WRITTEN = /^(?:\(?(?:\+|00)86\)?[\s-]*)?1\d{2}[\s-]?\d{4}[\s-]?\d{4}$/;
function cnMobile(written: string): string | null {
  return CN_MOBILE_AS_WRITTEN.test(written) ? normalizeCnMobile(written.replace(/[()\s-]/g, "")) : null;
}

/** ADF phone types (plus the off-spec "mobile"/"cell" seen in the wild) that are mobiles or cannot be called. */
const MOBILE_TYPES = new Set(["cellphone", "mobile", "cell"]);
const NOT_CALLABLE_TYPES = new Set(["fax", "pager"]);

/**
 * mobile: the first phone that is a China mobile, cellphone-typed ones first (never a fax/pager).
 * phone (only when there is no China mobile): the first callable phone as written, else the first phone.
 */
function pickPhones(contacts: XNode[]): { mobile?: string; phone?: string } {
  const phones = contacts
    .flatMap((c) => kids(c, "phone"))
    .map((p) => ({ type: attrOf(p, "type")?.toLowerCase() ?? "", value: textOf(p) }))
    .filter((p) => p.value);
  const callable = phones.filter((p) => !NOT_CALLABLE_TYPES.has(p.type));
  const byPreference = [
    ...callable.filter((p) => MOBILE_TYPES.has(p.type)),
    ...callable.filter((p) => !MOBILE_TYPES.has(p.type)),
  ];
  for (const p of byPreference) {
    const mobile = cnMobile(p.value);
    if (mobile) return { mobile };
  }
  const phone = (callable[0] ?? phones[0])?.value;
  return phone ? { phone } : {};
}

/**
 * The vehicle the customer wants: the first one that is not a trade-in or a car they sell
 * (ADF interest buy / lease / test-drive, or none given). A lead with only a trade-in has no intended model.
 */
function pickVehicle(vehicles: XNode[]): XNode | undefined {
  return vehicles.find((v) => !["trade-in", "sell"].includes(attrOf(v, "interest")?.toLowerCase() ?? ""));
}

const ADF_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * ADF `<requestdate>` → ISO 8601 with offset, keeping the sender's offset. Accepts "2000-03-30T15:30:20-08:00",
 * "2024-01-15 10:30:00", a one-digit hour ("2008-06-25T8:47:50"), no seconds ("2025-09-22T18:07"), offsets
 * "Z" / "+08" / "+0800" / "+08:00". No zone → `assumeOffset`. Anything else, including the truncated offset
 * "-08:0" of the Wikipedia sample, is not guessed at: undefined (the caller stamps the receipt time instead).
 */
export function parseAdfDate(value: string, assumeOffset = "+08:00"): string | undefined {
  const m = ADF_DATE.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "00", s = "00", frac = "", zone] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as number[];
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth) return undefined;
  if (hour! > 23 || minute! > 59 || second! > 59) return undefined;
  let offset = assumeOffset;
  if (zone && zone.toUpperCase() === "Z") offset = "Z";
  else if (zone) {
    const digits = zone.slice(1).replace(":", "");
    const [oh, om] = [Number(digits.slice(0, 2)), Number(digits.slice(2) || "0")];
    if (oh > 14 || om > 59) return undefined;
    offset = `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2) || "00"}`;
  }
  return `${y}-${mo}-${d}T${h.padStart(2, "0")}:${mi}:${s}${frac}${offset}`;
}

const COMMENTS_MAX = 1000;

/** Maps one `<prospect>` to the JSON lead shape; `leadJsonSchema` then validates it. */
function mapProspect(prospect: XNode, assumeOffset: string): Record<string, unknown> {
  const customer = child(prospect, "customer");
  const contacts = kids(customer, "contact");
  const providerNode = child(prospect, "provider");
  const ids = kids(prospect, "id");

  const provider =
    textOf(kids(providerNode, "name").find((n) => (attrOf(n, "part")?.toLowerCase() ?? "full") === "full")) ||
    firstText(providerNode, "name") ||
    firstText(providerNode, "service") ||
    ids.map((id) => attrOf(id, "source")).find(Boolean) ||
    "ADF";
  const idNode = ids.find((id) => textOf(id));
  const idSource = attrOf(idNode, "source");
  const providerLeadId = idNode ? (idSource ? `${idSource}:${textOf(idNode)}` : textOf(idNode)) : undefined;

  const vehicleNode = pickVehicle(kids(prospect, "vehicle"));
  const yearText = firstText(vehicleNode, "year");
  const vehicle = compact({
    year: yearText && /^\d{4}$/.test(yearText) ? Number(yearText) : undefined, // "N/A" etc. → no year
    make: firstText(vehicleNode, "make"),
    model: firstText(vehicleNode, "model"),
    trim: firstText(vehicleNode, "trim"),
  });
  const makeModel = [vehicle.make, vehicle.model].filter(Boolean).join(" ");
  const intendedModel = makeModel.length > 60 ? vehicle.model : makeModel || undefined;

  const { mobile, phone } = pickPhones(contacts);

  // Customer comments keep their line breaks (CDATA is common here); CRLF → LF.
  const rawComments = kids(customer, "comments")
    .map((c) => (typeof c["#text"] === "string" ? c["#text"].replace(/\r\n?/g, "\n").trim() : ""))
    .find(Boolean);
  const notes: string[] = rawComments ? [rawComments] : [];

  // An unusable email (the Wikipedia sample sends "emailaddress") must not lose a lead that can be called
  // back: it is dropped and quoted in the comments. Without a phone it stays, so the email error is reported.
  let email = contacts.map((c) => firstText(c, "email")).find(Boolean);
  if (email && (mobile || phone) && !emailSchema.safeParse(email).success) {
    notes.push(`Email as sent (not a valid address): ${email}`);
    email = undefined;
  }
  let comments = notes.join("\n\n") || undefined;
  // Vendors paste long CRM text into comments; truncating beats refusing the lead.
  if (comments && comments.length > COMMENTS_MAX) comments = `${comments.slice(0, COMMENTS_MAX - 1)}…`;

  const requestText = firstText(prospect, "requestdate");
  return compact({
    providerLeadId,
    provider,
    name: personName(contacts.find((c) => kids(c, "name").length) ?? contacts[0]),
    mobile,
    phone,
    email,
    intendedModel,
    vehicle: Object.keys(vehicle).length ? vehicle : undefined,
    comments,
    requestedAt: requestText ? parseAdfDate(requestText, assumeOffset) : undefined,
  });
}

function compact<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
