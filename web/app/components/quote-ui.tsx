/** Quote UI pieces shared by the card's deals section, the quote pages, the print page and the approvals list. */
import type { QuoteTotals } from "@dealeros/core";
import { useLang, useT } from "../lib/i18n";

/** fen → "¥123,456.78" (zh-CN) / "CN¥123,456.78" (en), always with the fen. */
export function useYuan() {
  const lang = useLang();
  const f = new Intl.NumberFormat(lang === "zh" ? "zh-CN" : "en-GB", {
    style: "currency",
    currency: "CNY",
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  return (fen: number) => f.format(fen / 100);
}

const PILL: Record<string, string> = {
  open: "ok",
  approved: "ok",
  pending_approval: "warn",
  rejected: "off",
  cancelled: "off",
  ordered: "",
};

export function QuoteStatusPill({ status, expired }: { status: string; expired?: boolean }) {
  const t = useT();
  return (
    <span className="row" style={{ gap: 4, display: "inline-flex" }}>
      <span className={`pill ${PILL[status] ?? ""}`} data-testid="quote-status">
        {t(`deals.status.${status}`)}
      </span>
      {expired ? <span className="pill off">{t("deals.expired")}</span> : null}
    </span>
  );
}

export interface QuoteLike {
  vehicle: { brand: string; modelName: string; trimName: string; colourName?: string; vin?: string };
  listPriceFen: number;
  discountFen: number;
  accessories: { name: string; priceFen: number }[];
  insurance: { name: string; priceFen: number }[];
  finance?: { lender: string; downPaymentFen: number; termMonths: number; annualRateBp: number };
  tradeIn?: { description: string; plate?: string; vin?: string; appraisalFen: number };
  depositFen: number;
  totals: QuoteTotals;
}

/** Every line of a quote and its totals, as a two-column table (fits 375 px; prints on A4). */
export function QuoteLinesTable({ q }: { q: QuoteLike }) {
  const t = useT();
  const yuan = useYuan();
  const row = (label: string, fen: number, opts: { strong?: boolean; minus?: boolean; testId?: string } = {}) => (
    <tr className={opts.strong ? "deals-strong" : undefined}>
      <td>{label}</td>
      <td className="deals-num" data-testid={opts.testId}>
        {opts.minus && fen ? `− ${yuan(fen)}` : yuan(fen)}
      </td>
    </tr>
  );
  const rate = (bp: number) => (bp / 100).toFixed(2);
  return (
    <table className="deals-lines">
      <tbody>
        {row(t("deals.t.listPrice"), q.listPriceFen)}
        {row(t("deals.t.discount"), q.discountFen, { minus: true })}
        {row(t("deals.t.vehicle"), q.totals.vehicleFen, { strong: true })}
        {q.accessories.map((a, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a quote's lines never change (quotes are immutable)
          <tr key={`a${i}`}>
            <td>
              {t("deals.t.accessories")} · {a.name}
            </td>
            <td className="deals-num">{yuan(a.priceFen)}</td>
          </tr>
        ))}
        {q.insurance.map((a, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a quote's lines never change (quotes are immutable)
          <tr key={`i${i}`}>
            <td>
              {t("deals.t.insurance")} · {a.name}
            </td>
            <td className="deals-num">{yuan(a.priceFen)}</td>
          </tr>
        ))}
        {row(t("deals.t.total"), q.totals.totalFen, { strong: true, testId: "quote-total" })}
        {q.tradeIn ? (
          <tr>
            <td>
              {t("deals.t.tradeIn")} · {q.tradeIn.description}
              {q.tradeIn.plate ? ` · ${q.tradeIn.plate}` : ""}
              {q.tradeIn.vin ? ` · ${q.tradeIn.vin}` : ""}
            </td>
            <td className="deals-num">− {yuan(q.totals.tradeInFen)}</td>
          </tr>
        ) : null}
        {row(t("deals.t.payable"), q.totals.payableFen, { strong: true, testId: "quote-payable" })}
        {q.finance ? (
          <>
            <tr>
              <td colSpan={2} className="muted">
                {t("deals.financeSummary", {
                  lender: q.finance.lender,
                  months: q.finance.termMonths,
                  rate: rate(q.finance.annualRateBp),
                })}
              </td>
            </tr>
            {row(t("deals.t.downPayment"), q.finance.downPaymentFen)}
            {row(t("deals.t.loan"), q.totals.loanFen)}
            {row(t("deals.t.monthly"), q.totals.monthlyPaymentFen, { strong: true, testId: "quote-monthly" })}
          </>
        ) : null}
        {row(t("deals.t.cash"), q.totals.customerCashFen)}
        {row(t("deals.t.deposit"), q.totals.depositFen)}
      </tbody>
    </table>
  );
}

/** "迈腾 Magotan 330TSI 豪华型 · 极地白 · VIN" */
export function vehicleLabel(v: QuoteLike["vehicle"]): string {
  return `${v.modelName} ${v.trimName}${v.colourName ? ` · ${v.colourName}` : ""}${v.vin ? ` · ${v.vin}` : ""}`;
}
