/**
 * A quote: every line, the totals and monthly payment, its status and approval,
 * the audit trail. Managers approve or reject a pending discount (with a
 * reason); the consultant or a manager cancels; an open or approved quote can
 * become an order. A quote never changes: "copy to a new quote" pre-fills the
 * form with it. (An index route, so /q/:quoteId/order can be its sibling.)
 */
import { localDate } from "@dealeros/core";
import { quotes } from "@dealeros/services";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { QuoteLinesTable, QuoteStatusPill, useYuan, vehicleLabel } from "../components/quote-ui";
import { AuditList } from "../lib/audit";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { orDenied } from "../lib/deals.server";
import { attempt, formValues, str } from "../lib/forms.server";
import { useFormatTime, useT } from "../lib/i18n";
import { ErrorBanner, Field, isFormError } from "../lib/ui";
import styles from "../styles/deals.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orDenied(() => quotes.getQuote(ctx, params.storeId!, params.quoteId!));
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const intent = str(form, "intent");
  const version = Number(str(form, "version"));
  const reason = str(form, "reason") || undefined;
  const r = await attempt(() => {
    if (intent === "cancel") return quotes.cancelQuote(ctx, params.storeId!, params.quoteId!, { version, reason });
    return quotes.decideApproval(ctx, params.storeId!, params.quoteId!, {
      version,
      decision: intent === "reject" ? "reject" : "approve",
      reason,
    });
  }, formValues(form));
  if (!r.ok) return r.error;
  return { ok: true as const, intent };
}

export default function QuotePage() {
  const { quote: q, audit, store, can } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const form = isFormError(result) ? result : undefined;
  const t = useT();
  const yuan = useYuan();
  const time = useFormatTime();
  const busy = useNavigation().state !== "idle";
  const stamp = (iso: string) => `${localDate(iso, store.timeZone)} ${time(iso, store.timeZone)}`;
  const base = `/app/s/${store.storeId}`;
  const a = q.approval;
  return (
    <>
      <p>
        <Link to={`${base}/p/${q.prospectId}`}>← {t("deals.backToCard")}</Link>
      </p>
      <div className="spread">
        <h2 style={{ margin: 0 }}>{t("deals.quoteTitle", { date: localDate(q.createdAt, store.timeZone) })}</h2>
        <QuoteStatusPill status={q.status} expired={q.expired} />
      </div>
      {result && !isFormError(result) ? <div className="banner ok">{t("saved")}</div> : null}
      <ErrorBanner data={result} />
      <div className="card">
        <p style={{ marginTop: 0 }}>
          <strong data-testid="quote-vehicle">
            {q.vehicle.brand} · {vehicleLabel(q.vehicle)}
          </strong>
        </p>
        <ul className="plain">
          <li>
            {t("deals.customer")}: <strong>{q.customerName}</strong>
            {q.customerMobile ? ` · ${q.customerMobile}` : ""} · {t("deals.consultant")}: {q.consultantName}
          </li>
          <li className="muted">
            {t("deals.madeBy", { name: q.createdByName, at: stamp(q.createdAt) })} ·{" "}
            {t("deals.validUntil", { date: q.validUntil })}
          </li>
          {q.note ? (
            <li>
              {t("deals.note")}: {q.note}
            </li>
          ) : null}
        </ul>
        <QuoteLinesTable q={q} />
        <div className="row" style={{ marginTop: 12 }}>
          {can.order ? (
            <Link className="button" to={`${base}/q/${q.quoteId}/order`} data-testid="make-order">
              {t("deals.makeOrder")}
            </Link>
          ) : null}
          <Link className="button secondary" to={`${base}/q/${q.quoteId}/print`} data-testid="print-quote">
            {t("deals.print")}
          </Link>
          <Link className="button secondary" to={`${base}/p/${q.prospectId}/quote?from=${q.quoteId}`}>
            {t("deals.copy")}
          </Link>
        </div>
      </div>

      {a ? (
        <div className="card" data-testid="approval">
          <h2 style={{ marginTop: 0 }}>{t("deals.approval")}</h2>
          <p>
            {t("deals.approvalWaiting", {
              discount: yuan(q.discountFen),
              limit: a.limitFen === null ? t("deals.none") : yuan(a.limitFen),
            })}
          </p>
          {a.decision && a.decidedByName && a.decidedAt ? (
            <p>
              <strong>
                {t(a.decision === "approved" ? "deals.approvedBy" : "deals.rejectedBy", {
                  name: a.decidedByName,
                  at: stamp(a.decidedAt),
                })}
              </strong>
              {a.reason ? ` — ${a.reason}` : ""}
            </p>
          ) : null}
          {can.decide ? (
            <Form method="post" className="stack">
              <input type="hidden" name="version" value={q.version} />
              <Field name="reason" label={t("deals.reason")} maxLength={300} form={form} />
              <div className="row">
                <button type="submit" name="intent" value="approve" disabled={busy} data-testid="approve">
                  {t("deals.approve")}
                </button>
                <button type="submit" name="intent" value="reject" className="secondary" disabled={busy}>
                  {t("deals.reject")}
                </button>
              </div>
            </Form>
          ) : null}
        </div>
      ) : null}

      {can.cancel ? (
        <div className="card">
          <Form method="post" className="row">
            <input type="hidden" name="intent" value="cancel" />
            <input type="hidden" name="version" value={q.version} />
            <input
              name="reason"
              aria-label={t("deals.cancelReason")}
              placeholder={t("deals.cancelReason")}
              maxLength={300}
              style={{ width: "auto", flex: 1 }}
            />
            <button type="submit" className="secondary" disabled={busy} data-testid="cancel-quote">
              {t("deals.cancel")}
            </button>
          </Form>
        </div>
      ) : null}

      <AuditList audit={audit} timeZone={store.timeZone} />
    </>
  );
}
