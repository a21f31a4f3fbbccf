/** The prospect card's "Quotes and contracts" section: its quotes, its contracts and a "New quote" link. */
import { localDate, type QuoteTotals } from "@dealeros/core";
import { Link } from "@remix-run/react";
import { useT } from "../lib/i18n";
import { QuoteStatusPill, useYuan, vehicleLabel } from "./quote-ui";

type V = { brand: string; modelName: string; trimName: string; colourName?: string; vin?: string };

export interface CardDeals {
  quotes: {
    quoteId: string;
    status: string;
    expired: boolean;
    vehicle: V;
    discountFen: number;
    totals: QuoteTotals;
    createdAt: string;
    validUntil: string;
  }[];
  contracts: { contractId: string; contractNo: string; state: string; vehicle: V; totals: QuoteTotals }[];
  canQuote: boolean;
}

/** Renders nothing for a reader who does not see the card's deals (deals = null). */
export function DealsSection(props: {
  deals: CardDeals | null;
  storeId: string;
  prospectId: string;
  timeZone: string;
}) {
  const t = useT();
  const yuan = useYuan();
  const d = props.deals;
  if (!d) return null;
  const base = `/app/s/${props.storeId}`;
  return (
    <div className="card" data-testid="deals-section">
      <div className="spread">
        <h2 style={{ margin: 0 }}>{t("deals.section")}</h2>
        {d.canQuote ? (
          <Link className="button" to={`${base}/p/${props.prospectId}/quote`} data-testid="new-quote">
            {t("deals.newQuote")}
          </Link>
        ) : null}
      </div>
      {d.contracts.length ? (
        <>
          <h3 className="muted">{t("deals.contracts")}</h3>
          <ul className="plain" data-testid="card-contracts">
            {d.contracts.map((c) => (
              <li key={c.contractId}>
                <Link to={`${base}/k/${c.contractId}`}>
                  <strong>{c.contractNo}</strong>
                </Link>{" "}
                <span className="pill">{t(`deals.contractState.${c.state}`)}</span>
                <div className="muted">
                  {vehicleLabel(c.vehicle)} · {yuan(c.totals.payableFen)}
                </div>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {d.quotes.length ? (
        <>
          <h3 className="muted">{t("deals.quotes")}</h3>
          <ul className="plain" data-testid="card-quotes">
            {d.quotes.map((q) => (
              <li key={q.quoteId} className="spread">
                <div>
                  <Link to={`${base}/q/${q.quoteId}`}>{vehicleLabel(q.vehicle)}</Link>
                  <div className="muted">
                    {localDate(q.createdAt, props.timeZone)} · {t("deals.t.payable")}{" "}
                    <strong>{yuan(q.totals.payableFen)}</strong>
                  </div>
                </div>
                <QuoteStatusPill status={q.status} expired={q.expired} />
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">{t("deals.noDeals")}</p>
      )}
    </div>
  );
}
