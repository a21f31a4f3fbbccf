/**
 * XLSX export of a report table (exceljs). Every report page offers its tables
 * as a workbook: one sheet per table, a bold header row, numbers as numbers
 * (money in yuan with two decimals, ratios as percentages), so finance can sum
 * and filter them in Excel or WPS.
 */
import ExcelJS from "exceljs";

export type ColumnKind = "text" | "int" | "fen" | "ratio";

export interface SheetColumn {
  header: string;
  key: string;
  /** text (default); int; fen: an integer fen amount shown as yuan; ratio: 0..1 shown as a percentage */
  kind?: ColumnKind;
  width?: number;
}

export interface SheetSpec {
  /** sheet name (Excel allows 31 characters; longer names are cut) */
  name: string;
  columns: SheetColumn[];
  rows: Record<string, string | number | null | undefined>[];
}

const FORMATS: Record<ColumnKind, string | undefined> = {
  text: undefined,
  int: "#,##0",
  fen: "#,##0.00",
  ratio: "0.0%",
};

/** Excel forbids []:*?/\ in sheet names and allows at most 31 characters. */
export function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, " ").slice(0, 31) || "Sheet";
}

export async function workbookBuffer(sheets: SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "DealerOS";
  const used = new Set<string>();
  for (const spec of sheets) {
    let name = sheetName(spec.name);
    for (let n = 2; used.has(name); n++) name = `${sheetName(spec.name).slice(0, 28)} ${n}`;
    used.add(name);
    const ws = wb.addWorksheet(name);
    ws.columns = spec.columns.map((c) => ({
      header: c.header,
      key: c.key,
      width: c.width ?? Math.max(10, Math.min(40, c.header.length + 4)),
      style: FORMATS[c.kind ?? "text"] ? { numFmt: FORMATS[c.kind ?? "text"] } : {},
    }));
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: "frozen", ySplit: 1 }];
    for (const row of spec.rows) {
      const values: Record<string, string | number | null> = {};
      for (const c of spec.columns) {
        const v = row[c.key];
        if (v === undefined || v === null || v === "") values[c.key] = null;
        else if (c.kind === "fen") values[c.key] = Number(v) / 100;
        else if (c.kind === "int" || c.kind === "ratio") values[c.key] = Number(v);
        else values[c.key] = String(v);
      }
      ws.addRow(values);
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A download response for a loader: `?format=xlsx` on a report page returns this. */
export async function xlsxResponse(filename: string, sheets: SheetSpec[]): Promise<Response> {
  const body = await workbookBuffer(sheets);
  const safe = filename.replace(/[^\w.-]+/g, "_");
  return new Response(new Uint8Array(body), {
    status: 200,
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${safe}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
