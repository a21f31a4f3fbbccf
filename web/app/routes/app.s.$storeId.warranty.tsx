/**
 * Warranty claims (保修索赔): warranty lines of settled repair orders, billed to
 * the OEM, and what the warranty admin (索赔员) does with them — approve (maybe
 * less than claimed, with the OEM's claim number), reject with a reason,
 * resubmit after correction, mark paid. Filter by status with counts; totals
 * claimed / approved / paid / outstanding. One Query.
 */
import { WARRANTY_STATES, type WarrantyAction, type WarrantyState } from "@dealeros/core";
import { warranty } from "@dealeros/services";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { useCny, yuanToFen } from "../lib/contracts";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useFormatDateTime, useT } from "../lib/i18n";
import { ErrorBanner, Field, type FormErrorData, isFormError, useServerMessage } from "../lib/ui";
import styles from "../styles/warranty.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const isState = (s: string | null): s is WarrantyState => !!s && (WARRANTY_STATES as readonly string[]).includes(s);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const status = new URL(request.url).searchParams.get("status");
  return orNotFound(async () => ({
    ...(await warranty.listClaims(ctx, params.storeId!, isState(status) ? { status } : {})),
    storeId: params.storeId!,
    timeZone: ctx.store?.timeZone ?? "Asia/Shanghai",
  }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const action = str(form, "action") ?? "";
  const claimId = str(form, "claimId") ?? "";
  const version = Number(str(form, "version"));
  const opt = (k: string) => str(form, k)?.trim() || undefined;
  const body = (() => {
    switch (action) {
      case "approve":
        return {
          action,
          version,
          approvedFen: yuanToFen(str(form, "amount")),
          oemClaimNo: opt("oemClaimNo"),
          note: opt("note"),
        };
      case "reject":
        return { action, version, reason: str(form, "reason") ?? "" };
      case "resubmit":
        return { action, version, note: str(form, "note") ?? "" };
      case "paid":
        return { action, version, paidFen: yuanToFen(str(form, "amount")), paidDate: str(form, "paidDate") ?? "" };
      default:
        throw new Response("Unknown action.", { status: 400 });
    }
  })();
  const r = await attempt(() => warranty.decide(ctx, params.storeId!, claimId, body), formValues(form));
  if (!r.ok) return r.error;
  return { ok: true as const, claimId, roNumber: r.value.roNumber, status: r.value.status };
}

/** A labelled input of one claim's form (ids unique per claim and action). */
function WField({
  id,
  field,
  err,
  ...rest
}: Omit<Parameters<typeof Field>[0], "form" | "idPrefix" | "errorField"> & {
  id: string;
  field?: string;
  err?: FormErrorData;
}) {
  // after a refused decision the value typed stays (before the prefilled one)
  const typed = err?.values?.[rest.name];
  return (
    <Field
      {...rest}
      {...(typed !== undefined ? { defaultValue: typed } : {})}
      idPrefix={id}
      {...(field ? { errorField: field } : {})}
      {...(err ? { form: err } : {})}
    />
  );
}

const PILL: Record<WarrantyState, string> = {
  submitted: "pill",
  approved: "pill ok",
  rejected: "pill warn",
  paid: "pill ok",
};

export default function WarrantyClaims() {
  const t = useT();
  const cny = useCny();
  const fmt = useFormatDateTime();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const msg = useServerMessage();
  const busy = useNavigation().state !== "idle";
  const err = isFormError(result) ? result : undefined;
  const base = `/app/s/${d.storeId}`;
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: d.timeZone }).format(new Date());
  const errFor = (claimId: string, a: WarrantyAction) =>
    err?.values?.claimId === claimId && err.values.action === a ? err : undefined;
  const yuan = (fen: number) => (fen / 100).toFixed(2);

  const decisionForm = (c: (typeof d.claims)[number], a: WarrantyAction) => {
    const e = errFor(c.claimId, a);
    const id = `wc-${c.claimId}-${a}`;
    return (
      <Form method="post" className="wc-form" key={a} data-testid={`warranty-${a}`}>
        <input type="hidden" name="action" value={a} />
        <input type="hidden" name="claimId" value={c.claimId} />
        <input type="hidden" name="version" value={c.version} />
        {e?.fields.action ? <span className="field-error">{msg(e.fields.action)}</span> : null}
        {a === "approve" ? (
          <>
            <WField
              id={id}
              name="amount"
              field="approvedFen"
              label={t("warranty.field.approvedAmount")}
              err={e}
              inputMode="decimal"
              defaultValue={yuan(c.totalFen)}
              required
            />
            <WField id={id} name="oemClaimNo" label={t("warranty.field.oemClaimNo")} err={e} maxLength={40} />
            <WField id={id} name="note" label={t("warranty.field.note")} err={e} maxLength={500} />
          </>
        ) : null}
        {a === "reject" ? (
          <WField id={id} name="reason" label={t("warranty.field.reason")} err={e} maxLength={500} required />
        ) : null}
        {a === "resubmit" ? (
          <WField id={id} name="note" label={t("warranty.field.correction")} err={e} maxLength={500} required />
        ) : null}
        {a === "paid" ? (
          <>
            <WField
              id={id}
              name="amount"
              field="paidFen"
              label={t("warranty.field.paidAmount")}
              err={e}
              inputMode="decimal"
              defaultValue={yuan(c.approvedFen ?? 0)}
              required
            />
            <WField
              id={id}
              name="paidDate"
              label={t("warranty.field.paidDate")}
              err={e}
              type="date"
              defaultValue={today}
              max={today}
              required
            />
          </>
        ) : null}
        <button type="submit" className={a === "reject" ? "secondary" : undefined} disabled={busy}>
          {t(`warranty.action.${a}`)}
        </button>
      </Form>
    );
  };

  return (
    <>
      <p>
        <Link to={`${base}/ro`}>← {t("ro.back")}</Link>
      </p>
      <h2 style={{ marginTop: 0 }}>{t("ro.warranty.title")}</h2>
      {result && !isFormError(result) ? (
        <div className="banner ok" role="status">
          {t("warranty.saved", { ro: result.roNumber, status: t(`warranty.status.${result.status}`) })}
        </div>
      ) : null}
      <ErrorBanner data={result} />
      <nav className="chips" aria-label={t("warranty.filterLabel")} data-testid="warranty-filters">
        <Link to="?" className={d.status ? "chip" : "chip on"}>
          {t("warranty.filter.all", { n: d.counts.all })}
        </Link>
        {WARRANTY_STATES.map((s) => (
          <Link key={s} to={`?status=${s}`} className={d.status === s ? "chip on" : "chip"}>
            {t("warranty.filter.status", { status: t(`warranty.status.${s}`), n: d.counts[s] })}
          </Link>
        ))}
      </nav>
      <dl className="wc-totals" data-testid="warranty-totals">
        <dt>{t("warranty.totals.claimed")}</dt>
        <dd>{cny(d.totals.claimedFen)}</dd>
        <dt>{t("warranty.totals.approved")}</dt>
        <dd>{cny(d.totals.approvedFen)}</dd>
        <dt>{t("warranty.totals.paid")}</dt>
        <dd>{cny(d.totals.paidFen)}</dd>
        <dt className="strong">{t("warranty.totals.outstanding")}</dt>
        <dd className="strong" data-testid="warranty-outstanding">
          {cny(d.totals.outstandingFen)}
        </dd>
      </dl>
      <p className="muted" data-testid="warranty-total">
        {t("ro.warranty.total", { amount: cny(d.totalFen) })}
      </p>
      {d.claims.length === 0 ? (
        <p className="empty">{d.counts.all ? t("warranty.none") : t("ro.warranty.empty")}</p>
      ) : (
        <table className="responsive wc-table" data-testid="warranty-claims">
          <thead>
            <tr>
              <th>{t("ro.parts.forRo")}</th>
              <th>{t("ro.vehicle")}</th>
              <th>{t("warranty.col.amounts")}</th>
              <th>{t("warranty.col.status")}</th>
              <th>{t("warranty.col.work")}</th>
            </tr>
          </thead>
          <tbody>
            {d.claims.map((c) => (
              <tr key={c.claimId} data-testid="warranty-claim" data-claim={c.claimId}>
                <td data-label={t("ro.parts.forRo")}>
                  <div>
                    <Link to={`${base}/ro/${c.repairOrderId}`}>{c.roNumber}</Link>
                    <div className="muted">{c.customerName}</div>
                    <div className="muted">
                      {t("ro.warranty.settledAt")} {fmt(c.settledAt, d.timeZone)}
                    </div>
                  </div>
                </td>
                <td data-label={t("ro.vehicle")}>
                  <div>
                    {c.vehicleLabel}
                    <div className="muted wc-wrap">
                      {c.vin} · {c.mileageKm} km
                    </div>
                    <div className="muted">
                      {c.lines
                        .map((l) => (l.kind === "part" ? `${l.partNo} × ${l.qty}` : `${l.description} ${l.hours} h`))
                        .join(", ")}
                    </div>
                  </div>
                </td>
                <td data-label={t("warranty.col.amounts")}>
                  <div>
                    {cny(c.totalFen)}
                    <div className="muted">
                      {t("ro.labour")} {cny(c.labourFen)} · {t("ro.partsTotal")} {cny(c.partsFen)}
                    </div>
                    {c.status === "approved" || c.status === "paid" ? (
                      <div>{t("warranty.approvedAmount", { amount: cny(c.approvedFen ?? 0) })}</div>
                    ) : null}
                    {c.cutFen > 0 ? <div className="muted">{t("warranty.cut", { amount: cny(c.cutFen) })}</div> : null}
                    {c.status === "paid" ? (
                      <div>{t("warranty.paidAmount", { amount: cny(c.paidFen ?? 0), date: c.paidAt ?? "" })}</div>
                    ) : null}
                    {c.outstandingFen > 0 ? (
                      <div className="err-text" data-testid="warranty-claim-outstanding">
                        {t("warranty.short", { amount: cny(c.outstandingFen) })}
                      </div>
                    ) : null}
                  </div>
                </td>
                <td data-label={t("warranty.col.status")}>
                  <div>
                    <span className={PILL[c.status]} data-testid="warranty-status">
                      {t(`warranty.status.${c.status}`)}
                    </span>
                    {c.oemClaimNo ? <div className="muted">{t("warranty.oemNo", { no: c.oemClaimNo })}</div> : null}
                    {c.rejectReason ? (
                      <div className="err-text">{t("warranty.rejectReason", { reason: c.rejectReason })}</div>
                    ) : null}
                    <details className="wc-history">
                      <summary>{t("warranty.history", { n: c.history.length })}</summary>
                      <ol data-testid="warranty-history">
                        {c.history.map((h) => (
                          <li key={`${h.at}-${h.state}`}>
                            <strong>{t(`warranty.status.${h.state}`)}</strong> · {h.byName} · {fmt(h.at, d.timeZone)}
                            {h.amountFen !== undefined ? ` · ${cny(h.amountFen)}` : ""}
                            {h.note ? <div className="muted">{h.note}</div> : null}
                          </li>
                        ))}
                      </ol>
                    </details>
                  </div>
                </td>
                <td data-label={t("warranty.col.work")}>
                  <div className="wc-forms">
                    {c.actions.length ? (
                      c.actions.map((a) => decisionForm(c, a))
                    ) : (
                      <span className="muted">{t("warranty.final")}</span>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
