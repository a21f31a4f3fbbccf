/**
 * One daily sales report (rule 16) as the 16:30 job stored it: the day's
 * walk-ins, new prospects, test drives, orders and deliveries, each order and
 * delivery with model, engine number, colour, trim and customer, and month to
 * date against the target. The resource route daily-reports_.$date_.xlsx downloads it.
 */
import { reports } from "@dealeros/services";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireCtx } from "../lib/auth.server";
import { useFormatDateTime, useT } from "../lib/i18n";
import { orRefused } from "../lib/reports.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return { report: await orRefused(() => reports.getDailyReport(ctx, params.storeId!, params.date!)) };
}

const yuan = (fen: number) =>
  `¥${(fen / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const pct = (r: number | null) => (r === null ? "—" : `${Math.round(r * 100)}%`);

export default function DailyReportView() {
  const t = useT();
  const stamp = useFormatDateTime();
  const { report: r } = useLoaderData<typeof loader>();
  const s = r.stats;
  const base = `/app/s/${r.storeId}`;
  const m = r.monthToDate;
  return (
    <>
      <div className="spread">
        <h2 data-testid="daily-report-title">{t("reports.daily.heading", { date: r.date })}</h2>
        <span className="row">
          <Link to={`${base}/daily-reports`}>{t("reports.daily.back")}</Link>
          <a href={`${base}/daily-reports/${r.date}/xlsx`} download data-testid="daily-report-xlsx">
            {t("reports.xlsx")}
          </a>
        </span>
      </div>
      <p className="muted" data-testid="daily-report-generated">
        {t("reports.daily.generated", { at: stamp(r.generatedAt, r.timeZone) })}
        {r.mailedAt ? ` · ${t("reports.daily.sentTo", { to: r.recipients.join(", ") })}` : ""}
      </p>
      <div className="card" data-testid="daily-report-figures">
        <div className="row" style={{ flexWrap: "wrap", gap: 16 }}>
          {(["walkIns", "newProspects", "testDrives", "orders", "deliveries"] as const).map((k) => (
            <div key={k} data-testid={`daily-${k}`}>
              <div className="muted">{t(`reports.${k}`)}</div>
              <strong style={{ fontSize: 22 }}>{s[k]}</strong>
            </div>
          ))}
          <div>
            <div className="muted">{t("reports.orderAmount")}</div>
            <strong style={{ fontSize: 22 }}>{yuan(s.orderAmountFen)}</strong>
          </div>
        </div>
      </div>
      <div className="card" data-testid="daily-report-mtd">
        <h3>
          {t("reports.daily.mtd")} ({m.month})
        </h3>
        <p>
          {t("reports.orders")}: <strong>{m.orders}</strong> · {t("reports.deliveries")}:{" "}
          <strong>{m.deliveries}</strong>
          {m.targetUnits !== null ? (
            <>
              {" "}
              · {t("reports.daily.target")}: <strong>{m.targetUnits}</strong> · {t("reports.daily.attainment")}:{" "}
              <strong>{pct(m.attainment)}</strong>
            </>
          ) : (
            <span className="muted"> · {t("reports.daily.noTarget")}</span>
          )}
        </p>
        {m.targetUnits ? (
          <progress max={m.targetUnits} value={Math.min(m.deliveries, m.targetUnits)} style={{ width: "100%" }} />
        ) : null}
      </div>
      {(["order", "delivery"] as const).map((kind) => {
        const lines = s.detail.filter((l) => l.kind === kind);
        return (
          <div key={kind}>
            <h3>
              {t(kind === "order" ? "reports.daily.ordersDetail" : "reports.daily.deliveriesDetail")} ({lines.length})
            </h3>
            {lines.length === 0 ? (
              <p className="empty">{t("reports.none")}</p>
            ) : (
              <table className="responsive" data-testid={`daily-detail-${kind}`}>
                <thead>
                  <tr>
                    <th>{t("reports.daily.contract")}</th>
                    <th>{t("reports.daily.customer")}</th>
                    <th>{t("reports.daily.model")}</th>
                    <th>{t("reports.daily.trim")}</th>
                    <th>{t("reports.daily.colour")}</th>
                    <th>{t("reports.daily.engine")}</th>
                    <th>{t("reports.consultant")}</th>
                    <th>{t("reports.daily.amount")}</th>
                  </tr>
                </thead>
                <tbody>
                  {lines.map((l) => (
                    <tr key={`${kind}-${l.contractId}`}>
                      <td data-label={t("reports.daily.contract")}>
                        <Link to={`${base}/k/${l.contractId}`}>{l.contractNo}</Link>
                      </td>
                      <td data-label={t("reports.daily.customer")}>{l.customerName}</td>
                      <td data-label={t("reports.daily.model")}>
                        {l.brand} {l.model}
                      </td>
                      <td data-label={t("reports.daily.trim")}>{l.trim}</td>
                      <td data-label={t("reports.daily.colour")}>{l.colour || "—"}</td>
                      <td data-label={t("reports.daily.engine")}>{l.engineNo ?? "—"}</td>
                      <td data-label={t("reports.consultant")}>{l.consultantName}</td>
                      <td data-label={t("reports.daily.amount")}>{yuan(l.amountFen)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        );
      })}
    </>
  );
}
