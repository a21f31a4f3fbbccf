/** Aged receivables (应收账龄): open money by days overdue — not yet due, 1–30, 31–60, 61–90, over 90 — and the overdue contracts. */
import { isAppError, RECEIVABLE_BUCKETS } from "@dealeros/core";
import { contracts } from "@dealeros/services";
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireCtx } from "../lib/auth.server";
import { useCny } from "../lib/contracts";
import { orNotFound } from "../lib/http.server";
import { useT } from "../lib/i18n";
import styles from "../styles/contracts.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orNotFound(async () => {
    try {
      return { view: await contracts.agedReceivables(ctx, params.storeId!), storeId: params.storeId! };
    } catch (e) {
      if (!isAppError(e) || e.status !== 403) throw e;
      return { view: null, storeId: params.storeId! };
    }
  });
}

const BUCKET_CLASS: Record<string, string | undefined> = {
  "0-30": "ct-late",
  "31-60": "ct-late",
  "61-90": "ct-very-late",
  "90+": "ct-very-late",
};

export default function Receivables() {
  const { view, storeId } = useLoaderData<typeof loader>();
  const t = useT();
  const cny = useCny();
  const base = `/app/s/${storeId}`;
  if (!view) return <p className="muted">{t("contracts.forbidden")}</p>;
  const overdue = view.rows.filter((r) => r.daysOverdue > 0);
  return (
    <>
      <div className="spread">
        <h2 style={{ margin: 0 }}>{t("contracts.aging.title")}</h2>
        <Link to={`${base}/contracts`}>← {t("contracts.ledgerTitle")}</Link>
      </div>
      <p className="muted">{t("contracts.aging.asOf", { date: view.today })}</p>
      <div className="stats">
        <div>
          <b data-testid="aging-open">{cny(view.totalOpenFen)}</b>
          {t("contracts.aging.total")}
        </div>
        <div>
          <b className={view.overdueFen > 0 ? "err-text" : undefined} data-testid="aging-overdue">
            {cny(view.overdueFen)}
          </b>
          {t("contracts.aging.overdue")}
        </div>
      </div>
      <div className="ct-buckets" data-testid="aging-buckets">
        {RECEIVABLE_BUCKETS.map((b) => (
          <div
            key={b}
            className={view.buckets[b].amountFen > 0 ? BUCKET_CLASS[b] : undefined}
            data-testid={`bucket-${b}`}
          >
            {t(`contracts.aging.bucket.${b}`)}
            <b>{cny(view.buckets[b].amountFen)}</b>
            <span className="muted">{t("contracts.aging.count", { n: view.buckets[b].count })}</span>
          </div>
        ))}
      </div>
      <h3>{t("contracts.aging.list")}</h3>
      {overdue.length === 0 ? (
        <p className="empty">{t("contracts.aging.none")}</p>
      ) : (
        <table className="responsive" data-testid="aging-rows">
          <thead>
            <tr>
              <th>{t("contracts.col.number")}</th>
              <th>{t("contracts.col.customer")}</th>
              <th>{t("contracts.col.consultant")}</th>
              <th className="ct-num">{t("contracts.aging.days")}</th>
              <th>{t("contracts.aging.oldest")}</th>
              <th className="ct-num">{t("contracts.aging.overdue")}</th>
              <th className="ct-num">{t("contracts.aging.total")}</th>
              <th className="ct-num">{t("contracts.aging.ignored")}</th>
            </tr>
          </thead>
          <tbody>
            {overdue.map((r) => (
              <tr key={r.contractId} className={r.daysOverdue > 60 ? "late" : undefined}>
                <td data-label={t("contracts.col.number")}>
                  <Link to={`${base}/k/${r.contractId}`}>
                    <strong>{r.contractNo}</strong>
                  </Link>
                </td>
                <td data-label={t("contracts.col.customer")}>{r.customerName}</td>
                <td data-label={t("contracts.col.consultant")}>{r.consultantName}</td>
                <td data-label={t("contracts.aging.days")} className="ct-num">
                  {r.daysOverdue}
                </td>
                <td data-label={t("contracts.aging.oldest")}>
                  {t(`contracts.due.${r.oldestDue.kind}`)} · {r.oldestDue.dueDate} · {cny(r.oldestDue.openFen)}
                </td>
                <td data-label={t("contracts.aging.overdue")} className="ct-num">
                  {cny(r.overdueFen)}
                </td>
                <td data-label={t("contracts.aging.total")} className="ct-num">
                  {cny(r.openFen)}
                </td>
                <td data-label={t("contracts.aging.ignored")} className="ct-num">
                  {r.remindersIgnored}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
