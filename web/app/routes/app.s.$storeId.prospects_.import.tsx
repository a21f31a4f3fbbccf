/**
 * Import existing prospects from a CSV file: choose the file → the server checks
 * every row (nothing written) → import in chunks with a progress bar → summary.
 * Without JavaScript the import runs in one form post (the server still writes
 * chunk by chunk); with it, the page posts each chunk to the API and shows progress.
 */
import {
  IMPORT_CHUNK_ROWS,
  IMPORT_MAX_ROWS,
  type ImportField,
  PROSPECT_IMPORTERS,
  ValidationError,
} from "@dealeros/core";
import { prospectImport } from "@dealeros/services";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { attempt, str } from "../lib/forms.server";
import { useT } from "../lib/i18n";
import { ErrorBanner, isFormError, useServerMessage } from "../lib/ui";
import styles from "../styles/prospectlist.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const MAX_FILE_BYTES = 1024 * 1024;
/** a chunk stays well under the API's 64 KB body limit, whatever the rows hold */
const MAX_CHUNK_BYTES = 48 * 1024;

type PreviewRow = prospectImport.PreviewRow;
type RowResult = prospectImport.ImportRowResult;

interface NotCreated {
  row: number;
  name?: string;
  status: "skipped" | "failed";
  reason?: prospectImport.SkipReason;
  existingOwner?: string;
  duplicateOf?: number;
  errors?: Partial<Record<ImportField, string>>;
}

interface Summary {
  created: number;
  skipped: number;
  failed: number;
  notCreated: NotCreated[];
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return {
    storeId: params.storeId!,
    canImport: ctx.actor.roles.some((r) => PROSPECT_IMPORTERS.includes(r)),
  };
}

/** Rows the preview found wrong: they are not sent, but they count as failed in the summary. */
function previewFailures(rows: PreviewRow[]): NotCreated[] {
  return rows
    .filter((r) => r.status === "error")
    .map((r) => ({ row: r.row, name: r.values.name, status: "failed" as const, errors: r.errors }));
}

function summarise(results: RowResult[], invalid: NotCreated[]): Summary {
  const notCreated: NotCreated[] = [
    ...invalid,
    ...results.filter((r) => r.status !== "created").map((r) => ({ ...r, status: r.status as NotCreated["status"] })),
  ].sort((a, b) => a.row - b.row);
  return {
    created: results.filter((r) => r.status === "created").length,
    skipped: notCreated.filter((r) => r.status === "skipped").length,
    failed: notCreated.filter((r) => r.status === "failed").length,
    notCreated,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const storeId = params.storeId!;
  const form = await request.formData();
  if (str(form, "intent") === "import") {
    // the no-JavaScript path: the server writes chunk by chunk, the same way the page does
    const r = await attempt(async () => {
      const parse = (name: string): unknown[] => {
        try {
          const v = JSON.parse(str(form, name) ?? "[]");
          if (Array.isArray(v)) return v;
        } catch {
          // fall through
        }
        throw new ValidationError("Choose a CSV file.", { file: "Choose a CSV file." });
      };
      const rows = parse("rows");
      const invalid = parse("invalid") as NotCreated[];
      const results: RowResult[] = [];
      for (let i = 0; i < rows.length; i += IMPORT_CHUNK_ROWS) {
        const chunk = await prospectImport.importProspects(ctx, storeId, {
          rows: rows.slice(i, i + IMPORT_CHUNK_ROWS),
        });
        results.push(...chunk.results);
      }
      return summarise(results, invalid);
    });
    if (!r.ok) return r.error;
    return { kind: "summary" as const, summary: r.value };
  }
  const file = form.get("file");
  const r = await attempt(async () => {
    if (!(file instanceof File) || file.size === 0)
      throw new ValidationError("Choose a CSV file.", { file: "Choose a CSV file." });
    if (file.size > MAX_FILE_BYTES)
      throw new ValidationError("The file is larger than 1 MB; split it.", { file: "Larger than 1 MB." });
    return prospectImport.previewImport(ctx, storeId, { bytes: new Uint8Array(await file.arrayBuffer()) });
  });
  if (!r.ok) return r.error;
  return { kind: "preview" as const, preview: r.value, fileName: file instanceof File ? file.name : "" };
}

/** What the import sends for a row: its number and its raw values. */
const toSend = (r: PreviewRow) => ({ row: r.row, ...r.values });

/** Chunks of at most IMPORT_CHUNK_ROWS rows and MAX_CHUNK_BYTES of JSON. */
function chunked(rows: PreviewRow[]) {
  const out: ReturnType<typeof toSend>[][] = [];
  let current: ReturnType<typeof toSend>[] = [];
  const enc = new TextEncoder();
  for (const r of rows) {
    const next = [...current, toSend(r)];
    if (
      current.length &&
      (next.length > IMPORT_CHUNK_ROWS || enc.encode(JSON.stringify({ rows: next })).length > MAX_CHUNK_BYTES)
    ) {
      out.push(current);
      current = [toSend(r)];
    } else current = next;
  }
  if (current.length) out.push(current);
  return out;
}

interface Progress {
  done: number;
  total: number;
  results: RowResult[];
  /** the index of the next chunk to send */
  next: number;
  error?: string;
  finished?: boolean;
}

export default function ImportProspects() {
  const t = useT();
  const msg = useServerMessage();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [hydrated, setHydrated] = useState(false);
  const [state, setState] = useState<{ of: unknown; progress: Progress } | null>(null);
  useEffect(() => setHydrated(true), []);
  const preview = result && !isFormError(result) && result.kind === "preview" ? result : undefined;
  // progress belongs to one preview: checking another file starts afresh
  const progress = state && state.of === preview ? state.progress : null;
  const setProgress = (p: Progress) => setState({ of: preview, progress: p });
  const list = `/app/s/${data.storeId}/prospects`;
  const busy = navigation.state !== "idle";

  if (!data.canImport)
    return (
      <div className="banner err" role="alert">
        {t("prospectlist.importNotAllowed")}
      </div>
    );

  const toImport = preview ? preview.preview.rows.filter((r) => r.status !== "error") : [];
  const invalid = preview ? previewFailures(preview.preview.rows) : [];
  const chunks = chunked(toImport);

  async function run(from: number, prior: RowResult[]) {
    let results = prior;
    let done = chunks.slice(0, from).reduce((n, c) => n + c.length, 0);
    setProgress({ done, total: toImport.length, results, next: from });
    for (let i = from; i < chunks.length; i++) {
      const send = () =>
        fetch(`/api/stores/${data.storeId}/prospects/import`, {
          method: "POST",
          credentials: "same-origin",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ rows: chunks[i] }),
        });
      let res: Response | undefined;
      let error: string | undefined;
      // a chunk is idempotent: one retry after a failure is safe
      for (let attempt = 0; attempt < 2 && !res?.ok; attempt++) {
        try {
          res = await send();
          if (!res.ok) error = ((await res.json()) as { error?: { message?: string } }).error?.message;
        } catch (e) {
          error = (e as Error).message;
        }
      }
      if (!res?.ok) {
        setProgress({ done, total: toImport.length, results, next: i, error: error ?? `HTTP ${res?.status}` });
        return;
      }
      const body = (await res.json()) as { results: RowResult[] };
      results = [...results, ...body.results];
      done += chunks[i]!.length;
      setProgress({ done, total: toImport.length, results, next: i + 1 });
    }
    setProgress({ done, total: toImport.length, results, next: chunks.length, finished: true });
  }

  const summary =
    result && !isFormError(result) && result.kind === "summary"
      ? result.summary
      : progress?.finished
        ? summarise(progress.results, invalid)
        : undefined;

  return (
    <>
      <p>
        <Link to={list}>← {t("prospects")}</Link>
      </p>
      <h2>{t("prospectlist.importTitle")}</h2>
      {summary ? (
        <ImportSummary summary={summary} list={list} />
      ) : (
        <>
          <p className="muted">{t("prospectlist.importIntro")}</p>
          <p className="muted">{t("prospectlist.importLimit", { max: IMPORT_MAX_ROWS })}</p>
          <ErrorBanner data={result} />
          {isFormError(result) && result.fields.file && result.fields.file !== result.message ? (
            <p className="pl-err">{msg(result.fields.file)}</p>
          ) : null}
          <Form method="post" encType="multipart/form-data" className="card stack" key={preview?.fileName}>
            <label htmlFor="f-file">
              {t("prospectlist.importFile")}
              <input
                id="f-file"
                name="file"
                type="file"
                accept=".csv,text/csv,.txt"
                required
                data-testid="import-file"
              />
            </label>
            <div>
              <button type="submit" name="intent" value="preview" disabled={busy}>
                {t("prospectlist.importCheck")}
              </button>
            </div>
          </Form>
        </>
      )}

      {preview && !summary ? (
        <section data-testid="import-preview">
          <div className="pl-counts">
            <div>
              <b>{preview.preview.counts.ready}</b>
              {t("prospectlist.state.ready")}
            </div>
            <div>
              <b>{preview.preview.counts.skip}</b>
              {t("prospectlist.state.skip")}
            </div>
            <div className={preview.preview.counts.error ? "pl-err" : undefined}>
              <b>{preview.preview.counts.error}</b>
              {t("prospectlist.state.error")}
            </div>
          </div>
          <p>
            {t("prospectlist.importCounts", preview.preview.counts)}{" "}
            <span className="muted">
              {t("prospectlist.importRead", { encoding: preview.preview.encoding.toUpperCase() })}
            </span>
          </p>
          {preview.preview.ignored.length ? (
            <p className="muted">{t("prospectlist.importIgnored", { columns: preview.preview.ignored.join(", ") })}</p>
          ) : null}

          {progress ? (
            <div className="card" role="status" aria-live="polite">
              <progress
                className="pl-progress"
                max={Math.max(progress.total, 1)}
                value={progress.done}
                data-testid="import-progress"
              />
              <p>{t("prospectlist.importing", { done: progress.done, total: progress.total })}</p>
              {progress.error ? (
                <>
                  <p className="pl-err">{t("prospectlist.importStopped", { message: msg(progress.error) ?? "" })}</p>
                  <button type="button" onClick={() => run(progress.next, progress.results)}>
                    {t("prospectlist.importContinue")}
                  </button>
                </>
              ) : null}
            </div>
          ) : preview.preview.counts.ready > 0 ? (
            <Form
              method="post"
              onSubmit={(e) => {
                if (!hydrated) return;
                e.preventDefault();
                void run(0, []);
              }}
            >
              <input type="hidden" name="intent" value="import" />
              <input type="hidden" name="rows" value={JSON.stringify(toImport.map(toSend))} />
              <input type="hidden" name="invalid" value={JSON.stringify(invalid)} />
              <button type="submit" disabled={busy} data-testid="import-go">
                {t("prospectlist.importGo", { n: preview.preview.counts.ready })}
              </button>
            </Form>
          ) : (
            <p className="pl-err">{t("prospectlist.importNothing")}</p>
          )}

          <table className="responsive" data-testid="import-rows">
            <thead>
              <tr>
                <th>{t("prospectlist.importRow")}</th>
                <th>{t("name")}</th>
                <th>{t("mobile")}</th>
                <th>{t("owner")}</th>
                <th>{t("source")}</th>
                <th>{t("grade")}</th>
                <th>{t("prospectlist.importState")}</th>
                <th>{t("prospectlist.importDetail")}</th>
              </tr>
            </thead>
            <tbody>
              {preview.preview.rows.map((r) => (
                <tr
                  key={r.row}
                  className={r.status === "error" ? "pl-error" : r.status === "skip" ? "pl-skip" : undefined}
                >
                  <td data-label={t("prospectlist.importRow")}>{r.row}</td>
                  <td data-label={t("name")} className="pl-nowrap">
                    {r.values.name || "—"}
                  </td>
                  <td data-label={t("mobile")}>{r.mobile ?? r.values.mobile ?? "—"}</td>
                  <td data-label={t("owner")}>{r.ownerName ?? r.values.owner ?? "—"}</td>
                  <td data-label={t("source")}>{r.source ? t(`source.${r.source}`) : (r.values.source ?? "—")}</td>
                  <td data-label={t("grade")}>{r.grade ?? r.values.grade ?? "—"}</td>
                  <td data-label={t("prospectlist.importState")}>
                    <span className={r.status === "ready" ? "pill ok" : r.status === "skip" ? "pill off" : "pill warn"}>
                      {t(`prospectlist.state.${r.status}`)}
                    </span>
                  </td>
                  <td data-label={t("prospectlist.importDetail")}>
                    <RowDetail
                      r={{ ...r, status: r.status === "error" ? "failed" : "skipped" }}
                      show={r.status !== "ready"}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}

function RowDetail({ r, show }: { r: NotCreated; show: boolean }) {
  const t = useT();
  const msg = useServerMessage();
  if (!show) return null;
  if (r.errors && Object.keys(r.errors).length)
    return (
      <ul className="plain pl-err">
        {Object.entries(r.errors).map(([f, e]) => (
          <li key={f} style={{ padding: 0, border: 0 }}>
            {t(`prospectlist.field.${f}`)}: {msg(e)}
          </li>
        ))}
      </ul>
    );
  if (r.reason === "exists") return <>{t("prospectlist.reason.exists", { owner: r.existingOwner ?? "—" })}</>;
  if (r.reason === "duplicate") return <>{t("prospectlist.reason.duplicate", { row: r.duplicateOf ?? "—" })}</>;
  if (r.reason === "imported") return <>{t("prospectlist.reason.imported")}</>;
  return null;
}

function ImportSummary({ summary, list }: { summary: Summary; list: string }) {
  const t = useT();
  return (
    <section className="card" data-testid="import-summary">
      <h2>{t("prospectlist.importDone")}</h2>
      <div className="pl-counts">
        <div>
          <b data-testid="import-created">{summary.created}</b>
          {t("prospectlist.result.created")}
        </div>
        <div>
          <b data-testid="import-skipped">{summary.skipped}</b>
          {t("prospectlist.result.skipped")}
        </div>
        <div className={summary.failed ? "pl-err" : undefined}>
          <b data-testid="import-failed">{summary.failed}</b>
          {t("prospectlist.result.failed")}
        </div>
      </div>
      <p className="row">
        <Link to={list} className="button">
          {t("prospectlist.importToList")}
        </Link>
        <a href={`${list}/import`} className="button secondary">
          {t("prospectlist.importAnother")}
        </a>
      </p>
      {summary.notCreated.length ? (
        <>
          <h2>{t("prospectlist.importNotCreated")}</h2>
          <table className="responsive">
            <thead>
              <tr>
                <th>{t("prospectlist.importRow")}</th>
                <th>{t("name")}</th>
                <th>{t("prospectlist.importState")}</th>
                <th>{t("prospectlist.importDetail")}</th>
              </tr>
            </thead>
            <tbody>
              {summary.notCreated.map((r) => (
                <tr key={r.row} className={r.status === "failed" ? "pl-error" : "pl-skip"}>
                  <td data-label={t("prospectlist.importRow")}>{r.row}</td>
                  <td data-label={t("name")}>{r.name ?? "—"}</td>
                  <td data-label={t("prospectlist.importState")}>{t(`prospectlist.result.${r.status}`)}</td>
                  <td data-label={t("prospectlist.importDetail")}>
                    <RowDetail r={r} show />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
