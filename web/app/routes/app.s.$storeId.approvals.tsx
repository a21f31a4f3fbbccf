/**
 * Discount approvals (优惠审批) for the sales manager: every quote of the store
 * waiting, longest waiting first (one Query); one tap approves, a reject needs
 * a reason. Each row shows the discount against the maker's limit, the
 * customer, the consultant and the payable total.
 */
import { localDate } from "@dealeros/core";
import { quotes } from "@dealeros/services";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useYuan, vehicleLabel } from "../components/quote-ui";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { orDenied } from "../lib/deals.server";
import { attempt, formValues, str } from "../lib/forms.server";
import { useFormatTime, useT } from "../lib/i18n";
import { ErrorBanner, isFormError, useServerMessage } from "../lib/ui";
import styles from "../styles/deals.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orDenied(async () => {
    const page = await quotes.listApprovals(ctx, params.storeId!);
    return { ...page, storeId: params.storeId!, timeZone: ctx.store?.timeZone ?? "Asia/Shanghai" };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const intent = str(form, "intent");
  const quoteId = str(form, "quoteId") ?? "";
  const r = await attempt(
    () =>
      quotes.decideApproval(ctx, params.storeId!, quoteId, {
        version: Number(str(form, "version")),
        decision: intent === "reject" ? "reject" : "approve",
        reason: str(form, "reason") || undefined,
      }),
    formValues(form),
  );
  if (!r.ok) return r.error;
  return { ok: true as const, quoteId, decision: r.value.status };
}

export default function Approvals() {
  const { items, storeId, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failed = isFormError(result) ? result : undefined;
  const t = useT();
  const yuan = useYuan();
  const time = useFormatTime();
  const msg = useServerMessage();
  const busy = useNavigation().state !== "idle";
  const base = `/app/s/${storeId}`;
  return (
    <section>
      <h2>{t("deals.approvalsTitle")}</h2>
      {result && !isFormError(result) ? <div className="banner ok">{t(`deals.status.${result.decision}`)}</div> : null}
      <ErrorBanner data={result} />
      {items.length === 0 ? (
        <p className="empty" data-testid="no-approvals">
          {t("deals.noApprovals")}
        </p>
      ) : (
        <ul className="plain" data-testid="approvals">
          {items.map((q) => {
            const rowError = failed?.values?.quoteId === q.quoteId ? failed : undefined;
            return (
              <li key={q.quoteId} className="deals-approval-row" data-testid="approval-row">
                <div className="spread">
                  <strong>
                    {q.customerName} · {q.consultantName}
                  </strong>
                  <Link to={`${base}/q/${q.quoteId}`}>{t("deals.view")} →</Link>
                </div>
                <div>{vehicleLabel(q.vehicle)}</div>
                <div>
                  {t("deals.t.discount")}:{" "}
                  <strong className="err-text" data-testid="discount-vs-limit">
                    {t("deals.discountVsLimit", {
                      discount: yuan(q.discountFen),
                      limit: q.approval?.limitFen == null ? t("deals.none") : yuan(q.approval.limitFen),
                    })}
                  </strong>{" "}
                  · {t("deals.t.payable")} {yuan(q.totals.payableFen)}
                </div>
                <div className="muted">
                  {t("deals.waitingSince", {
                    at: `${localDate(q.approval?.requestedAt ?? q.createdAt, timeZone)} ${time(q.approval?.requestedAt ?? q.createdAt, timeZone)}`,
                  })}
                  {q.expired ? ` · ${t("deals.expired")}` : ""}
                </div>
                {q.ownQuote ? (
                  <p className="muted">{t("deals.ownQuote")}</p>
                ) : (
                  <Form method="post" className="row">
                    <input type="hidden" name="quoteId" value={q.quoteId} />
                    <input type="hidden" name="version" value={q.version} />
                    <button type="submit" name="intent" value="approve" disabled={busy} data-testid="approve">
                      {t("deals.approve")}
                    </button>
                    <input
                      name="reason"
                      aria-label={t("deals.reason")}
                      placeholder={t("deals.rejectReason")}
                      maxLength={300}
                      defaultValue={rowError?.values?.reason}
                      aria-invalid={rowError?.fields.reason ? true : undefined}
                      style={{ width: "auto", flex: 1, minWidth: 140 }}
                    />
                    <button type="submit" name="intent" value="reject" className="secondary" disabled={busy}>
                      {t("deals.reject")}
                    </button>
                    {rowError?.fields.reason ? (
                      <span className="field-error" style={{ flexBasis: "100%" }}>
                        {msg(rowError.fields.reason)}
                      </span>
                    ) : null}
                  </Form>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
