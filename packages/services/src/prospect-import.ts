/**
 * Importing existing prospects from a CSV file (an Excel export or an old DMS).
 *
 * Preview: the whole file is parsed and every row validated — phone, source,
 * owner (an active consultant of the store), duplicates within the file, a
 * mobile that already has an active card ("exists, will be skipped"), a row
 * imported before — without writing anything.
 *
 * Import: the browser sends the rows back in chunks (IMPORT_CHUNK_ROWS per
 * request, so it can show progress). Each row is validated again and created
 * like a manual card: card + mobile claim + import key + audit in one
 * transaction. The import key (sha256 of the normalised row, attribute_not_exists)
 * makes a row without a mobile idempotent too: importing the same file twice
 * creates nothing new, and a chunk retried after a failure is safe.
 */
import { createHash } from "node:crypto";
import {
  ForbiddenError,
  IMPORT_CHUNK_ROWS,
  type ImportConsultant,
  type ImportField,
  type ImportRow,
  type ImportRowValues,
  importKeySource,
  localDate,
  matchImportOwner,
  newId,
  nextFollowUp,
  PROSPECT_IMPORTERS,
  parseInput,
  prospectImportChunkSchema,
  prospectImportPreviewSchema,
  UnprocessableError,
  ValidationError,
  validateImportRow,
  zonedToUtc,
} from "@dealeros/core";
import {
  type AuditEntry,
  cancelledConditions,
  identity,
  type Prospect,
  prospectList,
  prospects,
  type Store,
  stores,
} from "@dealeros/db";
import { type Ctx, db, hasRole, requireStore } from "./context.ts";
import { type CsvEncoding, decodeCsvBytes, parseProspectCsv } from "./prospect-import-csv.ts";
import { getShowroomSettings } from "./settings.ts";

export type RowErrors = Partial<Record<ImportField, string>>;
/** why a row is skipped: its mobile has an active card, it was imported before, or it repeats an earlier row */
export type SkipReason = "exists" | "imported" | "duplicate";

export interface PreviewRow {
  row: number;
  status: "ready" | "skip" | "error";
  reason?: SkipReason;
  errors?: RowErrors;
  /** the raw values: what the browser sends back to import */
  values: ImportRowValues;
  /** the normalised mobile, the matched consultant and the source, for the table */
  mobile?: string;
  ownerName?: string;
  source?: string;
  grade?: string | null;
  /** for "exists": who owns the active card */
  existingOwner?: string;
  /** for "duplicate": the row it repeats */
  duplicateOf?: number;
}

export interface ImportPreview {
  encoding: CsvEncoding;
  columns: { header: string; field: ImportField | null }[];
  ignored: string[];
  rows: PreviewRow[];
  counts: { rows: number; ready: number; skip: number; error: number };
  chunkSize: number;
}

export interface ImportRowResult {
  row: number;
  status: "created" | "skipped" | "failed";
  prospectId?: string;
  name?: string;
  reason?: SkipReason;
  existingOwner?: string;
  errors?: RowErrors;
}

async function importStore(ctx: Ctx, storeId: string): Promise<Store> {
  const store = await requireStore(ctx, storeId);
  if (!hasRole(ctx.actor, ...PROSPECT_IMPORTERS))
    throw new ForbiddenError("Only the receptionist, a sales manager or the group admin can import prospects.");
  return store;
}

/** The store's active consultants (one Query: the tenant's staff). */
async function storeConsultants(ctx: Ctx, storeId: string): Promise<ImportConsultant[]> {
  return (await identity.listUsers(db(ctx), ctx.actor.tenantId))
    .filter((u) => u.active && u.roles.includes("sales_consultant") && u.storeIds.includes(storeId))
    .map((u) => ({ userId: u.userId, name: u.name, email: u.email }));
}

const hashOf = (r: ImportRow) => createHash("sha256").update(importKeySource(r)).digest("hex");

interface Evaluated {
  row: number;
  values: ImportRowValues;
  ok?: { value: ImportRow; owner: ImportConsultant; key: string };
  errors?: RowErrors;
}

/** Validate rows and match owners: no database (the consultants are read once by the caller). */
function evaluate(
  rows: { row: number; values: ImportRowValues }[],
  consultants: ImportConsultant[],
  today: string,
): Evaluated[] {
  return rows.map(({ row, values }) => {
    const r = validateImportRow(row, values, today);
    const owner = values.owner?.trim() ? matchImportOwner(values.owner, consultants) : undefined;
    const errors: RowErrors = r.ok ? {} : { ...r.errors };
    if (owner && !owner.ok) errors.owner = owner.error;
    if (!r.ok || (owner && !owner.ok) || !owner) return { row, values, errors };
    return { row, values, ok: { value: r.value, owner: owner.consultant, key: hashOf(r.value) } };
  });
}

/** The preview request's body: the CSV as text (text/csv), or JSON {csv} / {csvBase64} (bytes, e.g. a GBK file). */
export function csvFromRequest(contentType: string, rawBody: string): { text: string; encoding: CsvEncoding } {
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  if (type === "text/csv" || type === "text/plain") return { text: rawBody, encoding: "utf-8" };
  if (type === "application/json") {
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      throw new ValidationError("The request body is not valid JSON.");
    }
    const body = parseInput(prospectImportPreviewSchema, json);
    if (body.csv !== undefined) return { text: body.csv, encoding: "utf-8" };
    const b64 = body.csvBase64!.replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64))
      throw new ValidationError("csvBase64 is not valid base64.", { csvBase64: "Not valid base64." });
    return decodeCsvBytes(Buffer.from(b64, "base64"));
  }
  throw new ValidationError("Send the file as text/csv, or as JSON {csv} or {csvBase64}.", undefined, 415);
}

/**
 * Parse and check a whole file without writing anything. Reads: the tenant's staff
 * (one Query) and the mobiles' claims + the rows' import keys (one BatchGet per 100 keys).
 */
type CsvFile = { text: string; encoding: CsvEncoding } | { bytes: Uint8Array };

export async function previewImport(
  ctx: Ctx,
  storeId: string,
  input: CsvFile | (() => CsvFile),
): Promise<ImportPreview> {
  const store = await importStore(ctx, storeId);
  // the file is read only once the store is known to be the caller's (another tenant's store is a 404 first)
  const file = typeof input === "function" ? input() : input;
  const { text, encoding } = "bytes" in file ? decodeCsvBytes(file.bytes) : file;
  const csv = parseProspectCsv(text);
  const consultants = await storeConsultants(ctx, storeId);
  const evaluated = evaluate(csv.rows, consultants, localDate(new Date(), store.timeZone));
  const valid = evaluated.filter((e) => e.ok).map((e) => e.ok!);
  const state = await prospectList.getImportState(
    db(ctx),
    ctx.actor.tenantId,
    storeId,
    valid.flatMap((v) => (v.value.mobile ? [v.value.mobile] : [])),
    valid.map((v) => v.key),
  );
  const firstByMobile = new Map<string, number>();
  const firstByKey = new Map<string, number>();
  const rows: PreviewRow[] = evaluated.map((e) => {
    if (!e.ok) return { row: e.row, status: "error", errors: e.errors, values: e.values };
    const { value, owner, key } = e.ok;
    const base = {
      row: e.row,
      values: e.values,
      mobile: value.mobile ?? value.phone,
      ownerName: owner.name,
      source: value.source,
      grade: value.grade,
    };
    const earlier = (value.mobile && firstByMobile.get(value.mobile)) || firstByKey.get(key);
    if (value.mobile && !firstByMobile.has(value.mobile)) firstByMobile.set(value.mobile, e.row);
    if (!firstByKey.has(key)) firstByKey.set(key, e.row);
    if (state.imported.has(key)) return { ...base, status: "skip", reason: "imported" };
    const claim = value.mobile ? state.claims.get(value.mobile) : undefined;
    if (claim) return { ...base, status: "skip", reason: "exists", existingOwner: claim.ownerName };
    if (earlier) return { ...base, status: "skip", reason: "duplicate", duplicateOf: earlier };
    return { ...base, status: "ready" };
  });
  const count = (s: PreviewRow["status"]) => rows.filter((r) => r.status === s).length;
  return {
    encoding,
    columns: csv.headers.map((header, i) => ({ header, field: csv.mapping.columns[i] ?? null })),
    ignored: csv.mapping.ignored,
    rows,
    counts: { rows: rows.length, ready: count("ready"), skip: count("skip"), error: count("error") },
    chunkSize: IMPORT_CHUNK_ROWS,
  };
}

function audit(ctx: Ctx, action: string, detail: Record<string, unknown>, at: string): AuditEntry {
  return { at, by: ctx.actor.userId, byName: ctx.actor.name, action, detail };
}

/**
 * Import one chunk of rows (at most IMPORT_CHUNK_ROWS). Reads: staff (one Query),
 * claims + import keys (one BatchGet), the grading settings (one Get, only when a
 * row has a grade); then one transaction per created card and one tenant audit entry.
 */
export async function importProspects(
  ctx: Ctx,
  storeId: string,
  input: unknown,
): Promise<{ results: ImportRowResult[]; counts: { created: number; skipped: number; failed: number } }> {
  const store = await importStore(ctx, storeId);
  const { rows } = parseInput(prospectImportChunkSchema, input);
  const now = new Date();
  const at = now.toISOString();
  const consultants = await storeConsultants(ctx, storeId);
  if (consultants.length === 0)
    throw new UnprocessableError("This store has no active consultant to own the imported cards.");
  const evaluated = evaluate(
    rows.map(({ row, ...values }) => ({ row, values })),
    consultants,
    localDate(now, store.timeZone),
  );
  const valid = evaluated.filter((e) => e.ok).map((e) => e.ok!);
  const database = db(ctx);
  const state = await prospectList.getImportState(
    database,
    ctx.actor.tenantId,
    storeId,
    valid.flatMap((v) => (v.value.mobile ? [v.value.mobile] : [])),
    valid.map((v) => v.key),
  );
  const grading = valid.some((v) => v.value.grade) ? (await getShowroomSettings(ctx)).grading : undefined;
  const results: ImportRowResult[] = [];
  for (const e of evaluated) {
    if (!e.ok) {
      results.push({ row: e.row, status: "failed", errors: e.errors });
      continue;
    }
    const { value: r, owner, key } = e.ok;
    const skipped = (reason: SkipReason, existingOwner?: string) =>
      results.push({
        row: r.row,
        status: "skipped",
        name: r.name,
        reason,
        ...(existingOwner ? { existingOwner } : {}),
      });
    if (state.imported.has(key)) {
      skipped("imported");
      continue;
    }
    const claim = r.mobile ? state.claims.get(r.mobile) : undefined;
    if (claim) {
      skipped("exists", claim.ownerName);
      continue;
    }
    const card: Prospect = prospects.newCard(
      {
        tenantId: ctx.actor.tenantId,
        storeId,
        prospectId: newId(),
        name: r.name,
        mobile: r.mobile,
        phone: r.phone,
        gender: r.gender,
        city: r.city,
        source: r.source,
        subSource: r.subSource,
        intendedModel: r.intendedModel,
        note: r.note,
        ownerId: owner.userId,
        ownerName: owner.name,
        origin: { kind: "import", row: r.row },
        createdBy: ctx.actor.userId,
        createdByName: ctx.actor.name,
      },
      at,
    );
    if (r.created) {
      const createdAt = zonedToUtc(r.created.date, r.created.time, store.timeZone).toISOString();
      // the card keeps the old system's date (a time later today is clamped to now)
      if (createdAt < at) card.createdAt = createdAt;
    }
    const audits = [
      audit(ctx, "prospect.created", { owner: owner.name, imported: true, row: r.row, createdAt: card.createdAt }, at),
    ];
    if (r.grade && grading) {
      card.grade = r.grade;
      card.nextFollowUpAt = nextFollowUp(r.grade, now, grading) ?? undefined;
      audits.push(audit(ctx, "prospect.graded", { from: "—", to: r.grade }, at));
    }
    try {
      await prospects.createImportedProspect(database, card, audits, key);
    } catch (err) {
      const failed = cancelledConditions(err);
      const claimIndex = r.mobile ? 1 : -1;
      const keyIndex = r.mobile ? 2 : 1;
      if (failed?.includes(keyIndex)) {
        skipped("imported");
        continue;
      }
      if (failed?.includes(claimIndex)) {
        const c = await prospects.getMobileClaim(database, ctx.actor.tenantId, storeId, r.mobile!);
        skipped("exists", c?.ownerName);
        continue;
      }
      throw err;
    }
    // later rows of this chunk see this card (same mobile, or the very same row again)
    if (r.mobile)
      state.claims.set(r.mobile, { prospectId: card.prospectId, ownerId: owner.userId, ownerName: owner.name });
    state.imported.add(key);
    results.push({ row: r.row, status: "created", prospectId: card.prospectId, name: r.name });
  }
  const counts = {
    created: results.filter((r) => r.status === "created").length,
    skipped: results.filter((r) => r.status === "skipped").length,
    failed: results.filter((r) => r.status === "failed").length,
  };
  if (counts.created > 0)
    await stores.putAudit(
      database,
      ctx.actor.tenantId,
      audit(ctx, "prospects.imported", { storeId, store: store.name, ...counts }, at),
    );
  return { results, counts };
}
