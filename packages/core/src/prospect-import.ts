/**
 * Importing existing prospects from a spreadsheet (an Excel export or an old DMS):
 * header mapping (English and Chinese headers), value normalisation and per-row
 * validation. Pure: the CSV text itself is parsed in packages/services
 * (prospect-import-csv.ts) and the database checks happen there too.
 */
import { z } from "zod";
import { normalizeCnMobile } from "./phone.ts";
import type { Grade } from "./prospects.ts";
import type { Role } from "./roles.ts";
import { WALK_IN_SOURCES, type WalkInSource } from "./schemas.ts";
import { isValidDate } from "./time.ts";

/** Who may import: the receptionist, the sales manager and the group admin (the GM reads only). */
export const PROSPECT_IMPORTERS: readonly Role[] = ["group_admin", "sales_manager", "receptionist"];
/** A file holds at most this many data rows (split bigger exports). */
export const IMPORT_MAX_ROWS = 2000;
/** Rows written per import request (the browser shows progress between requests). */
export const IMPORT_CHUNK_ROWS = 25;

export const IMPORT_FIELDS = [
  "name",
  "mobile",
  "gender",
  "city",
  "source",
  "subSource",
  "intendedModel",
  "owner",
  "grade",
  "createdAt",
  "note",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/** Columns a file must have (a row may still leave the mobile blank). */
export const IMPORT_REQUIRED_COLUMNS: readonly ImportField[] = ["name", "source", "owner"];

/** Header spellings, compared after normaliseHeader (lower case, no blanks, no "(…)" notes). */
const HEADER_ALIASES: Record<ImportField, readonly string[]> = {
  name: ["name", "customer", "customername", "fullname", "姓名", "客户姓名", "客户名称", "客户名", "名字", "客户"],
  mobile: [
    "mobile",
    "mobilephone",
    "mobilenumber",
    "cell",
    "cellphone",
    "phone",
    "phonenumber",
    "tel",
    "手机",
    "手机号",
    "手机号码",
    "移动电话",
    "联系电话",
    "电话",
    "联系方式",
  ],
  gender: ["gender", "sex", "性别"],
  city: ["city", "城市", "所在城市", "所在地", "地区"],
  source: ["source", "leadsource", "来源", "客户来源", "信息来源", "线索来源", "渠道", "来源渠道"],
  subSource: [
    "subsource",
    "sourcedetail",
    "channel",
    "子来源",
    "来源细分",
    "二级来源",
    "来源明细",
    "细分来源",
    "具体来源",
  ],
  intendedModel: ["intendedmodel", "model", "vehicle", "意向车型", "车型", "意向车系", "关注车型"],
  owner: [
    "owner",
    "consultant",
    "salesconsultant",
    "salesperson",
    "顾问",
    "销售顾问",
    "所属顾问",
    "负责顾问",
    "负责人",
    "跟进人",
    "跟进顾问",
  ],
  grade: ["grade", "level", "rating", "级别", "客户级别", "意向级别", "等级", "客户等级"],
  createdAt: [
    "created",
    "createddate",
    "createdat",
    "createdon",
    "date",
    "创建日期",
    "创建时间",
    "建卡日期",
    "建卡时间",
    "建档日期",
    "登记日期",
    "登记时间",
    "日期",
  ],
  note: ["note", "notes", "remark", "remarks", "comment", "comments", "备注", "说明", "备注信息"],
};

const ALIAS_TO_FIELD = new Map<string, ImportField>(
  (Object.entries(HEADER_ALIASES) as [ImportField, readonly string[]][]).flatMap(([f, list]) =>
    list.map((a) => [a, f] as [string, ImportField]),
  ),
);

/** "手机号码（必填）" → "手机号码", "Sub-source" → "subsource", "Intended Model *" → "intendedmodel". */
export function normaliseHeader(h: string): string {
  return h
    .normalize("NFKC")
    .replace(/^\uFEFF/, "")
    .replace(/\([^)]*\)/g, "")
    .replace(/[\s_\-*:.#/]/g, "")
    .toLowerCase();
}

export interface HeaderMapping {
  /** the field of each column (null: a column we do not import) */
  columns: (ImportField | null)[];
  /** headers we do not know (their values are ignored) */
  ignored: string[];
  /** required columns the file lacks */
  missing: ImportField[];
  /** a field named by two columns (the first one is used) */
  repeated: ImportField[];
}

export function mapImportHeaders(headers: readonly string[]): HeaderMapping {
  const seen = new Set<ImportField>();
  const repeated: ImportField[] = [];
  const ignored: string[] = [];
  const columns = headers.map((h) => {
    const f = ALIAS_TO_FIELD.get(normaliseHeader(h));
    if (!f) {
      if (h.trim()) ignored.push(h.trim());
      return null;
    }
    if (seen.has(f)) {
      repeated.push(f);
      return null;
    }
    seen.add(f);
    return f;
  });
  return { columns, ignored, missing: IMPORT_REQUIRED_COLUMNS.filter((f) => !seen.has(f)), repeated };
}

/** A row as read from the file (or sent back by the browser): raw text per field. */
export type ImportRowValues = Partial<Record<ImportField, string>>;

const SOURCE_WORDS: Record<WalkInSource, readonly string[]> = {
  walk_in: ["walkin", "walk_in", "showroom", "自然到店", "到店", "来店", "展厅", "进店", "自然进店"],
  phone: ["phone", "call", "来电", "电话", "电话咨询", "来电咨询"],
  internet: ["internet", "online", "web", "网络", "网销", "互联网", "线上", "网络线索", "汽车之家", "懂车帝", "易车"],
  exhibition: ["exhibition", "autoshow", "外展", "车展", "展会"],
  outbound: ["outbound", "外拓", "外拓活动", "陌拜"],
  referral: ["referral", "转介绍", "介绍", "老客户介绍", "老带新"],
  oem_assigned: ["oemassigned", "oem_assigned", "oem", "厂家下发", "厂家", "主机厂", "厂家线索"],
  broker: ["broker", "经纪人", "二网经纪人"],
};
const SOURCE_LOOKUP = new Map<string, WalkInSource>(
  (Object.entries(SOURCE_WORDS) as [WalkInSource, readonly string[]][]).flatMap(([s, words]) =>
    words.map((w) => [normaliseHeader(w), s] as [string, WalkInSource]),
  ),
);
export const IMPORT_SOURCE_HINT =
  "Use 来店, 来电, 网络, 外展, 外拓, 转介绍, 厂家下发 or 经纪人 (or walk_in, phone, internet …).";

export function importSource(v: string): WalkInSource | null {
  const key = normaliseHeader(v);
  if ((WALK_IN_SOURCES as readonly string[]).includes(v.trim())) return v.trim() as WalkInSource;
  return SOURCE_LOOKUP.get(key) ?? null;
}

export function importGender(v: string): "male" | "female" | "unknown" | null {
  const k = normaliseHeader(v);
  if (!k || ["unknown", "未知", "不详", "-", "—"].includes(k)) return "unknown";
  if (["male", "m", "man", "男", "男士", "先生"].includes(k)) return "male";
  if (["female", "f", "woman", "女", "女士", "小姐"].includes(k)) return "female";
  return null;
}

export type ImportGrade = Exclude<Grade, "O" | "F">;

/** "H", "h级", "A 级" → the grade; O (ordered) and F (lost) are not imported as open cards. */
export function importGrade(v: string): ImportGrade | null | "closed" | "invalid" {
  const k = normaliseHeader(v).replace(/级$/, "").toUpperCase();
  if (!k) return null;
  if (k === "H" || k === "A" || k === "B" || k === "C") return k;
  if (k === "O" || k === "F") return "closed";
  return "invalid";
}

/**
 * A created date as spreadsheets write it: 2025-03-01, 2025/3/1, 2025.3.1, 2025年3月1日,
 * optionally with a time (14:30 or 14:30:15), or an Excel serial day number (45717).
 */
export function importDate(v: string): { date: string; time: string } | null {
  const s = v.trim().normalize("NFKC");
  if (/^\d{5}(\.\d+)?$/.test(s)) {
    const serial = Number(s);
    const ms = Date.UTC(1899, 11, 30) + Math.round(serial * 86_400_000);
    const iso = new Date(ms).toISOString();
    return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
  }
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?$/.exec(s);
  if (!m) return null;
  const date = `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
  if (!isValidDate(date)) return null;
  const hh = Number(m[4] ?? 0);
  if (hh > 23) return null;
  return { date, time: `${String(hh).padStart(2, "0")}:${m[5] ?? "00"}` };
}

const OTHER_PHONE = /^\+\d[\d\s-]{6,20}$/;

/** A row after validation: what a card is made from (the owner still to be matched to a consultant). */
export interface ImportRow {
  row: number;
  name: string;
  mobile?: string;
  phone?: string;
  gender: "male" | "female" | "unknown";
  city?: string;
  source: WalkInSource;
  subSource?: string;
  intendedModel?: string;
  owner: string;
  grade: ImportGrade | null;
  created?: { date: string; time: string };
  note?: string;
}

export type ImportRowResult =
  | { ok: true; value: ImportRow }
  | { ok: false; errors: Partial<Record<ImportField, string>> };

const LIMITS: Partial<Record<ImportField, [number, string]>> = {
  name: [60, "Name"],
  city: [40, "City"],
  subSource: [60, "Sub-source"],
  intendedModel: [60, "Intended model"],
  owner: [100, "Owner"],
  note: [500, "Note"],
};

/**
 * Validate one row. `today` is the store-local date (a created date after it is refused).
 * Every problem of the row is reported, field by field.
 */
export function validateImportRow(row: number, raw: ImportRowValues, today: string): ImportRowResult {
  const errors: Partial<Record<ImportField, string>> = {};
  const v = (f: ImportField) => (raw[f] ?? "").trim();
  for (const [f, [max, label]] of Object.entries(LIMITS) as [ImportField, [number, string]][]) {
    if (v(f).length > max) errors[f] = `${label} must be at most ${max} characters.`;
  }
  if (!v("name")) errors.name = "Name is required.";
  if (!v("owner")) errors.owner = "Name the consultant who owns this card (name or email).";

  let mobile: string | undefined;
  let phone: string | undefined;
  const m = v("mobile");
  if (m) {
    const n = normalizeCnMobile(m.replace(/[-()（）]/g, ""));
    if (n) mobile = n;
    else if (OTHER_PHONE.test(m)) phone = m;
    else if (/^\d(\.\d+)?E\+\d+$/i.test(m))
      errors.mobile = "Excel shortened this number (like 1.38E+10); format the mobile column as text and export again.";
    else errors.mobile = "Enter an 11-digit mainland China mobile number (e.g. 13812345678).";
  }

  const gender = importGender(v("gender"));
  if (!gender) errors.gender = "Gender must be 男 / 女 (or male / female), or left blank.";

  const source = v("source") ? importSource(v("source")) : null;
  if (!v("source")) errors.source = "Source is required.";
  else if (!source) errors.source = `Unknown source. ${IMPORT_SOURCE_HINT}`;

  const grade = importGrade(v("grade"));
  if (grade === "closed")
    errors.grade =
      "Only open cards (H, A, B or C) are imported; ordered (O) and lost (F) cards stay in the old system.";
  else if (grade === "invalid") errors.grade = "Grade must be H, A, B or C, or left blank.";

  let created: ImportRow["created"];
  if (v("createdAt")) {
    const d = importDate(v("createdAt"));
    if (!d) errors.createdAt = "Use a date like 2025-03-01 (or 2025/3/1).";
    else if (d.date > today) errors.createdAt = "The created date cannot be in the future.";
    else if (d.date < "2000-01-01") errors.createdAt = "The created date must be in 2000 or later.";
    else created = d;
  }

  if (Object.keys(errors).length) return { ok: false, errors };
  const opt = (f: ImportField) => v(f) || undefined;
  return {
    ok: true,
    value: {
      row,
      name: v("name"),
      ...(mobile ? { mobile } : {}),
      ...(phone ? { phone } : {}),
      gender: gender!,
      city: opt("city"),
      source: source!,
      subSource: opt("subSource"),
      intendedModel: opt("intendedModel"),
      owner: v("owner"),
      grade: grade as ImportGrade | null,
      created,
      note: opt("note"),
    },
  };
}

/**
 * The text an import key is hashed from: the row's normalised content, so the
 * same row imported again (from the same file or a re-export) is recognised.
 */
export function importKeySource(r: ImportRow): string {
  return JSON.stringify([
    r.name.toLowerCase(),
    r.mobile ?? "",
    r.phone ?? "",
    r.gender,
    r.city ?? "",
    r.source,
    r.subSource ?? "",
    r.intendedModel ?? "",
    r.owner.normalize("NFKC").toLowerCase(),
    r.grade ?? "",
    r.created?.date ?? "",
    r.note ?? "",
  ]);
}

export interface ImportConsultant {
  userId: string;
  name: string;
  email: string;
}

/** Match the owner column (an email or a name) to one active consultant of the store. */
export function matchImportOwner(
  owner: string,
  consultants: readonly ImportConsultant[],
): { ok: true; consultant: ImportConsultant } | { ok: false; error: string } {
  const key = owner.normalize("NFKC").trim().toLowerCase();
  const byEmail = consultants.find((c) => c.email.toLowerCase() === key);
  if (byEmail) return { ok: true, consultant: byEmail };
  const byName = consultants.filter((c) => c.name.normalize("NFKC").trim().toLowerCase() === key);
  if (byName.length === 1) return { ok: true, consultant: byName[0]! };
  if (byName.length > 1)
    return { ok: false, error: "More than one consultant has this name; use the consultant's email." };
  return { ok: false, error: "Not an active consultant of this store (use the consultant's name or email)." };
}

/** One row sent to the import endpoint: raw text per field, and its row number in the file. */
const cell = z
  .string({ error: "Each value must be text." })
  .max(1000, "A value is at most 1000 characters.")
  .optional();
export const importRowSchema = z
  .object({
    row: z
      .number({ error: "row must be the row number in the file." })
      .int("row must be a whole number.")
      .min(1, "row must be at least 1.")
      .max(1_000_000, "row is too large."),
    ...(Object.fromEntries(IMPORT_FIELDS.map((f) => [f, cell])) as Record<ImportField, typeof cell>),
  })
  .strict();

export const prospectImportChunkSchema = z
  .object({
    rows: z
      .array(importRowSchema, { error: "rows must be a list of rows." })
      .min(1, "Send at least one row.")
      .max(IMPORT_CHUNK_ROWS, `Send at most ${IMPORT_CHUNK_ROWS} rows per request.`),
  })
  .strict()
  .meta({ id: "ProspectImportChunk" });

export const prospectImportPreviewSchema = z
  .object({
    csv: z.string({ error: "csv must be the file's text." }).optional(),
    csvBase64: z.string({ error: "csvBase64 must be the file's bytes in base64." }).optional(),
  })
  .strict()
  .refine((b) => (b.csv === undefined) !== (b.csvBase64 === undefined), {
    message: "Send the file as csv (text) or as csvBase64 (bytes, for GBK files), not both.",
    path: ["csv"],
  })
  .meta({ id: "ProspectImportPreview" });
