/**
 * The printed quote (报价单): outside the app layout (no header, no tabs — the
 * `app_` prefix keeps it out of app.tsx), with its own sign-in and store check.
 * Store, customer, every line, totals, loan, trade-in, deposit, valid-until and
 * signature lines; A4 print CSS; the Print button calls window.print().
 */
import { localDate } from "@dealeros/core";
import { quotes } from "@dealeros/services";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { QuoteLinesTable, useYuan, vehicleLabel } from "../components/quote-ui";
import { requireCtx } from "../lib/auth.server";
import { orDenied } from "../lib/deals.server";
import { useT } from "../lib/i18n";
import styles from "../styles/deals.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `报价单 Quotation · ${data.quote.customerName} · ${data.store.name}` : "报价单 Quotation" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orDenied(() => quotes.getQuote(ctx, params.storeId!, params.quoteId!));
}

export default function PrintQuote() {
  const { quote: q, store } = useLoaderData<typeof loader>();
  const t = useT();
  const yuan = useYuan();
  const live = q.status === "open" || q.status === "approved" || q.status === "pending_approval";
  return (
    <main className="deals-print" data-testid="quote-print">
      <div className="spread no-print" style={{ marginBottom: 12 }}>
        <Link to={`/app/s/${store.storeId}/q/${q.quoteId}`}>← {t("deals.backToQuote")}</Link>
        <button type="button" onClick={() => window.print()} data-testid="print-button">
          {t("deals.print")}
        </button>
      </div>
      <h1>{t("deals.printTitle")}</h1>
      <p style={{ textAlign: "center", margin: 0 }}>
        <strong>{store.name}</strong>
      </p>
      <div className="deals-meta">
        <div>
          {t("deals.quoteNo")}: {q.quoteId.slice(-10)}
        </div>
        <div>
          {t("deals.date")}: {localDate(q.createdAt, store.timeZone)}
        </div>
        <div>
          {t("deals.customer")}: <strong>{q.customerName}</strong>
        </div>
        <div>
          {t("deals.mobile")}: {q.customerMobile ?? "—"}
        </div>
        <div>
          {t("deals.consultant")}: {q.consultantName}
        </div>
        <div>{t("deals.validUntil", { date: q.validUntil })}</div>
        <div style={{ gridColumn: "1 / -1" }}>
          {t("deals.vehicle")}:{" "}
          <strong>
            {q.vehicle.brand} · {vehicleLabel(q.vehicle)}
          </strong>
        </div>
      </div>
      {!live ? (
        <p className="pill off">{t(`deals.status.${q.status}`)}</p>
      ) : q.status === "pending_approval" ? (
        <p className="pill warn">{t("deals.printPending")}</p>
      ) : null}
      <QuoteLinesTable q={q} />
      {q.note ? (
        <p>
          {t("deals.note")}: {q.note}
        </p>
      ) : null}
      <p className="muted">{t("deals.printNote", { date: q.validUntil })}</p>
      <p className="muted">
        {t("deals.t.payable")}: {yuan(q.totals.payableFen)}
        {q.finance ? ` · ${t("deals.t.monthly")}: ${yuan(q.totals.monthlyPaymentFen)}` : ""}
      </p>
      <div className="deals-signatures">
        <div>
          {t("deals.signCustomer")}
          <br />
          <span className="muted">{t("deals.date")}:</span>
        </div>
        <div>
          {t("deals.signConsultant")}
          <br />
          <span className="muted">{t("deals.date")}:</span>
        </div>
      </div>
    </main>
  );
}
