/**
 * Reading a prospect spreadsheet saved as CSV: bytes → text (UTF-8 with or without
 * BOM, UTF-16 with BOM, or GBK/GB18030 as Chinese Excel saves it), then csv-parse
 * (quoted fields with commas, quotes and line breaks), then the header mapping.
 */
import {
  type HeaderMapping,
  IMPORT_MAX_ROWS,
  type ImportField,
  type ImportRowValues,
  mapImportHeaders,
  ValidationError,
} from "@dealeros/core";
import { CsvError, parse } from "csv-parse/sync";

export type CsvEncoding = "utf-8" | "gb18030" | "utf-16le" | "utf-16be";

/** Decode a file's bytes: a BOM decides; otherwise valid UTF-8 is UTF-8 and anything else is GB18030 (a GBK superset). */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: new TextDecoder("utf-8").decode(bytes.subarray(3)), encoding: "utf-8" };
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    return { text: new TextDecoder("gb18030").decode(bytes), encoding: "gb18030" };
  }
}

/** The delimiter of the header line: comma (Excel in China), tab or semicolon, whichever appears most outside quotes. */
function detectDelimiter(text: string): string {
  let counts = { ",": 0, "\t": 0, ";": 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted && ch in counts) counts = { ...counts, [ch]: counts[ch as keyof typeof counts] + 1 };
  }
  const best = (Object.entries(counts) as [string, number][]).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ",";
}

const FIELD_LABELS: Record<ImportField, string> = {
  name: "name (姓名)",
  mobile: "mobile (手机)",
  gender: "gender (性别)",
  city: "city (城市)",
  source: "source (来源)",
  subSource: "sub-source (子来源)",
  intendedModel: "intended model (意向车型)",
  owner: "owner (顾问)",
  grade: "grade (级别)",
  createdAt: "created date (创建日期)",
  note: "note (备注)",
};

export interface ParsedCsv {
  headers: string[];
  mapping: HeaderMapping;
  /** data rows that are not blank; `row` is the spreadsheet row number (the header is row 1) */
  rows: { row: number; values: ImportRowValues }[];
}

/** Parse the CSV text; a file we cannot read as a prospect list is a 400 that says why. */
export function parseProspectCsv(text: string): ParsedCsv {
  const body = text.replace(/^\uFEFF/, "");
  if (!body.trim()) throw new ValidationError("The file is empty.", { file: "The file is empty." });
  let records: string[][];
  try {
    records = parse(body, {
      delimiter: detectDelimiter(body),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch (e) {
    if (e instanceof CsvError) {
      const line = typeof e.lines === "number" ? ` near line ${e.lines}` : "";
      throw e.code === "CSV_QUOTE_NOT_CLOSED"
        ? new ValidationError("The file is not valid CSV: a quoted value is never closed.", {
            file: `A quoted value opened${line} is never closed.`,
          })
        : new ValidationError("The file is not valid CSV.", { file: `${e.message}${line}` });
    }
    throw e;
  }
  const headerIndex = records.findIndex((r) => r.some((c) => c.trim()));
  const headers = (records[headerIndex] ?? []).map((h) => h.trim());
  const mapping = mapImportHeaders(headers);
  if (mapping.missing.length) {
    throw new ValidationError(
      "The first row must name the columns; name (姓名), source (来源) and owner (顾问) are required.",
      { file: `Missing: ${mapping.missing.map((f) => FIELD_LABELS[f]).join(", ")}.` },
    );
  }
  const rows: ParsedCsv["rows"] = [];
  records.forEach((record, i) => {
    if (i <= headerIndex || !record.some((c) => c.trim())) return;
    const values: ImportRowValues = {};
    mapping.columns.forEach((f, col) => {
      if (f && record[col] !== undefined) values[f] = record[col];
    });
    rows.push({ row: i + 1, values });
  });
  if (rows.length === 0)
    throw new ValidationError("The file has a header row but no prospects.", { file: "No rows under the header." });
  if (rows.length > IMPORT_MAX_ROWS) {
    throw new ValidationError(`A file holds at most ${IMPORT_MAX_ROWS} rows; split it and import the parts.`, {
      file: `The file has ${rows.length} rows.`,
    });
  }
  return { headers, mapping, rows };
}
