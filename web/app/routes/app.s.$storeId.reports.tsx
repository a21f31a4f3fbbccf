/**
 * Reports tab (rule 15): a period view read from the day statistics (one
 * Query) — day, five days, week, month, quarter, year or a custom range — with
 * the funnel per consultant and for the store, lead sources, invitations,
 * lost reasons, post-delivery calls and complaints; charts; XLSX of every table
 * (the resource route reports_.xlsx).
 * A consultant sees only his own row.
 */
import { addDays, REPORT_PERIODS, type ReportPeriod } from "@dealeros/core";
import { reports } from "@dealeros/services";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireCtx } from "../lib/auth.server";
import { BarChartView, LineChartView } from "../lib/charts";
import { useT } from "../lib/i18n";
import { orRefused } from "../lib/reports.server";

/** The period's figures; the same loader feeds the XLSX resource route (reports_.xlsx). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const url = new URL(request.url);
  const query: Record<string, string | undefined> = {};
  for (const k of ["period", "date", "from", "to"]) query[k] = url.searchParams.get(k) || undefined;
  const report = await orRefused(() => reports.getPeriodReport(ctx, params.storeId!, query));
  return { report, supervisor: report.scope !== "own", anchor: query.date ?? report.today };
}

const pct = (r: number | null | undefined) => (r === null || r === undefined ? "—" : `${Math.round(r * 1000) / 10}%`);
const yuan = (fen: number) => `¥${(fen / 100).toLocaleString("en-US", { maximumFractionDigits: 0 })}`;

function shiftMonths(date: string, n: number): string {
  const [y, m] = date.split("-").map(Number) as [number, number];
  const t = new Date(Date.UTC(y, m - 1 + n, 1));
  return t.toISOString().slice(0, 10);
}

/** The anchor of the previous / next period. */
function shift(period: ReportPeriod, date: string, dir: 1 | -1): string {
  switch (period) {
    case "day":
      return addDays(date, dir);
    case "five_days":
      return addDays(date, 5 * dir);
    case "week":
      return addDays(date, 7 * dir);
    case "month":
      return shiftMonths(date, dir);
    case "quarter":
      return shiftMonths(date, 3 * dir);
    case "year":
      return shiftMonths(date, 12 * dir);
    default:
      return date;
  }
}

export default function Reports() {
  const t = useT();
  const { report: r, supervisor, anchor } = useLoaderData<typeof loader>();
  const period = r.range.period;
  const search = (p: Record<string, string>) => `?${new URLSearchParams(p).toString()}`;
  const current: Record<string, string> =
    period === "custom" ? { period, from: r.range.from, to: r.range.to } : { period, date: anchor };
  const rows = r.consultants;
  const ratioHeads = (
    <>
      <th>{t("reports.cardsPerTraffic")}</th>
      <th>{t("reports.drivesPerCard")}</th>
      <th>{t("reports.ordersPerCard")}</th>
      <th>{t("reports.deliveriesPerOrder")}</th>
    </>
  );
  return (
    <>
      <div className="spread">
        <h2>{t("reports.title")}</h2>
        <span className="row">
          {supervisor ? <Link to={`/app/s/${r.store.storeId}/daily-reports`}>{t("reports.dailyLink")}</Link> : null}
          <a href={`/app/s/${r.store.storeId}/reports/xlsx${search(current)}`} download data-testid="reports-xlsx">
            {t("reports.xlsx")}
          </a>
        </span>
      </div>
      <nav className="row" aria-label={t("reports.title")} data-testid="reports-periods">
        {REPORT_PERIODS.filter((p) => p !== "custom").map((p) => (
          <Link
            key={p}
            to={search({ period: p, date: anchor })}
            className={p === period ? "pill" : undefined}
            aria-current={p === period ? "page" : undefined}
          >
            {t(`reports.period.${p}`)}
          </Link>
        ))}
      </nav>
      <Form method="get" className="row" style={{ margin: "8px 0", flexWrap: "wrap" }}>
        <select name="period" defaultValue={period} aria-label={t("reports.title")} style={{ width: "auto" }}>
          {REPORT_PERIODS.map((p) => (
            <option key={p} value={p}>
              {t(`reports.period.${p}`)}
            </option>
          ))}
        </select>
        <label style={{ display: "flex", alignItems: "center", gap: 6 }}>
          {t("reports.anchor")}
          <input name="date" type="date" defaultValue={anchor} style={{ width: "auto" }} />
        </label>
        <label style={{ display: "flex", alignItems: "center", gap: 6 }}>
          {t("reports.from")}
          <input
            name="from"
            type="date"
            defaultValue={period === "custom" ? r.range.from : ""}
            style={{ width: "auto" }}
          />
        </label>
        <label style={{ display: "flex", alignItems: "center", gap: 6 }}>
          {t("reports.to")}
          <input name="to" type="date" defaultValue={period === "custom" ? r.range.to : ""} style={{ width: "auto" }} />
        </label>
        <button type="submit">{t("reports.show")}</button>
      </Form>
      <div className="spread">
        {period !== "custom" ? (
          <Link to={search({ period, date: shift(period, anchor, -1) })}>{t("reports.prev")}</Link>
        ) : (
          <span />
        )}
        <strong data-testid="reports-range">
          {t("reports.range", { from: r.range.from, to: r.range.to, days: r.range.days })}
        </strong>
        {period !== "custom" ? (
          <Link to={search({ period, date: shift(period, anchor, 1) })}>{t("reports.next")}</Link>
        ) : (
          <span />
        )}
      </div>
      <p className="muted">
        {r.daysWithFigures
          ? t("reports.asOf", { at: r.lastComputed?.slice(0, 16).replace("T", " ") ?? "—" })
          : t("reports.noFigures")}
        {r.scope === "own" ? ` ${t("reports.own")}` : ""}
      </p>

      <div className="card" data-testid="reports-total">
        <div className="row" style={{ flexWrap: "wrap", gap: 16 }}>
          {(["walkIns", "newProspects", "testDrives", "orders", "deliveries"] as const).map((k) => (
            <div key={k}>
              <div className="muted">{t(`reports.${k}`)}</div>
              <strong style={{ fontSize: 22 }}>{r.total[k]}</strong>
            </div>
          ))}
          <div>
            <div className="muted">{t("reports.orderAmount")}</div>
            <strong style={{ fontSize: 22 }}>{yuan(r.total.orderAmountFen)}</strong>
          </div>
        </div>
      </div>

      <h3>{t("reports.funnel")}</h3>
      <table className="responsive" data-testid="reports-funnel">
        <thead>
          <tr>
            <th>{t("reports.consultant")}</th>
            <th>{t("reports.walkIns")}</th>
            <th>{t("reports.newProspects")}</th>
            <th>{t("reports.testDrives")}</th>
            <th>{t("reports.orders")}</th>
            <th>{t("reports.deliveries")}</th>
            {ratioHeads}
          </tr>
        </thead>
        <tbody>
          {[
            ...rows.map((c) => ({ key: c.userId, label: c.name, c, ratios: c.ratios })),
            ...(r.scope === "store"
              ? [{ key: "total", label: t("reports.store"), c: r.total, ratios: r.total.ratios }]
              : []),
          ].map(({ key, label, c, ratios }) => (
            <tr key={key} style={key === "total" ? { fontWeight: 600 } : undefined}>
              <td data-label={t("reports.consultant")}>{label}</td>
              <td data-label={t("reports.walkIns")}>{c.walkIns}</td>
              <td data-label={t("reports.newProspects")}>{c.newProspects}</td>
              <td data-label={t("reports.testDrives")}>{c.testDrives}</td>
              <td data-label={t("reports.orders")}>{c.orders}</td>
              <td data-label={t("reports.deliveries")}>{c.deliveries}</td>
              <td data-label={t("reports.cardsPerTraffic")}>{pct(ratios.cardsPerTraffic)}</td>
              <td data-label={t("reports.drivesPerCard")}>{pct(ratios.drivesPerCard)}</td>
              <td data-label={t("reports.ordersPerCard")}>{pct(ratios.ordersPerCard)}</td>
              <td data-label={t("reports.deliveriesPerOrder")}>{pct(ratios.deliveriesPerOrder)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length ? (
        <BarChartView
          title={t("reports.funnelChart")}
          data={rows.map((c) => ({
            name: c.name,
            walkIns: c.walkIns,
            newProspects: c.newProspects,
            testDrives: c.testDrives,
            orders: c.orders,
            deliveries: c.deliveries,
          }))}
          xKey="name"
          series={(["walkIns", "newProspects", "testDrives", "orders", "deliveries"] as const).map((k) => ({
            key: k,
            label: t(`reports.${k}`),
          }))}
        />
      ) : (
        <p className="empty">{t("reports.none")}</p>
      )}

      <h3>{t("reports.trend")}</h3>
      <LineChartView
        title={t("reports.trendChart")}
        data={r.series.map((p) => ({
          label: p.label,
          walkIns: p.walkIns,
          newProspects: p.newProspects,
          orders: p.orders,
          deliveries: p.deliveries,
        }))}
        xKey="label"
        series={(["walkIns", "newProspects", "orders", "deliveries"] as const).map((k) => ({
          key: k,
          label: t(`reports.${k}`),
        }))}
      />

      <h3>
        {t("reports.invitations")} · {t("reports.postCalls")}
      </h3>
      <table className="responsive" data-testid="reports-invitations">
        <thead>
          <tr>
            <th>{t("reports.consultant")}</th>
            <th>{t("reports.appointmentsMade")}</th>
            <th>{t("reports.appointmentsKept")}</th>
            <th>{t("reports.invitationSuccess")}</th>
            <th>{t("reports.postCallsDue")}</th>
            <th>{t("reports.postCallsDone")}</th>
            <th>{t("reports.postCallCompletion")}</th>
          </tr>
        </thead>
        <tbody>
          {[
            ...rows.map((c) => ({ key: c.userId, label: c.name, c, ratios: c.ratios })),
            ...(r.scope === "store"
              ? [{ key: "total", label: t("reports.store"), c: r.total, ratios: r.total.ratios }]
              : []),
          ].map(({ key, label, c, ratios }) => (
            <tr key={key} style={key === "total" ? { fontWeight: 600 } : undefined}>
              <td data-label={t("reports.consultant")}>{label}</td>
              <td data-label={t("reports.appointmentsMade")}>{c.appointmentsMade}</td>
              <td data-label={t("reports.appointmentsKept")}>{c.appointmentsKept}</td>
              <td data-label={t("reports.invitationSuccess")}>{pct(ratios.invitationSuccess)}</td>
              <td data-label={t("reports.postCallsDue")}>{c.postCallsDue}</td>
              <td data-label={t("reports.postCallsDone")}>{c.postCallsDone}</td>
              <td data-label={t("reports.postCallCompletion")}>{pct(ratios.postCallCompletion)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {r.scope === "own" ? null : (
        <>
          <h3>{t("reports.sources")}</h3>
          {r.sources.length ? (
            <table className="responsive" data-testid="reports-sources">
              <thead>
                <tr>
                  <th>{t("reports.source")}</th>
                  <th>{t("reports.walkIns")}</th>
                  <th>{t("reports.newProspects")}</th>
                  <th>{t("reports.testDrives")}</th>
                  <th>{t("reports.orders")}</th>
                  <th>{t("reports.deliveries")}</th>
                  <th>{t("reports.ordersPerCard")}</th>
                </tr>
              </thead>
              <tbody>
                {r.sources.map((s) => (
                  <tr key={s.source}>
                    <td data-label={t("reports.source")}>{t(`source.${s.source}`)}</td>
                    <td data-label={t("reports.walkIns")}>{s.walkIns}</td>
                    <td data-label={t("reports.newProspects")}>{s.newProspects}</td>
                    <td data-label={t("reports.testDrives")}>{s.testDrives}</td>
                    <td data-label={t("reports.orders")}>{s.orders}</td>
                    <td data-label={t("reports.deliveries")}>{s.deliveries}</td>
                    <td data-label={t("reports.ordersPerCard")}>{pct(s.ratios.ordersPerCard)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="empty">{t("reports.none")}</p>
          )}
          {r.sources.length ? (
            <BarChartView
              title={t("reports.sources")}
              data={r.sources.map((s) => ({
                source: t(`source.${s.source}`),
                walkIns: s.walkIns,
                newProspects: s.newProspects,
                orders: s.orders,
              }))}
              xKey="source"
              series={(["walkIns", "newProspects", "orders"] as const).map((k) => ({
                key: k,
                label: t(`reports.${k}`),
              }))}
              height={220}
            />
          ) : null}

          <h3>{t("reports.lost")}</h3>
          {r.lostReasons.length ? (
            <table className="responsive" data-testid="reports-lost">
              <thead>
                <tr>
                  <th>{t("reports.reason")}</th>
                  <th>{t("reports.lostCount")}</th>
                  <th>{t("reports.share")}</th>
                </tr>
              </thead>
              <tbody>
                {r.lostReasons.map((l) => (
                  <tr key={l.reason}>
                    <td data-label={t("reports.reason")}>{t(`lost.${l.reason}`)}</td>
                    <td data-label={t("reports.lostCount")}>{l.count}</td>
                    <td data-label={t("reports.share")}>{pct(l.share)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="empty">{t("reports.none")}</p>
          )}

          {r.brands.length ? (
            <>
              <h3>{t("reports.brands")}</h3>
              <table className="responsive" data-testid="reports-brands">
                <thead>
                  <tr>
                    <th>{t("reports.brand")}</th>
                    <th>{t("reports.orders")}</th>
                    <th>{t("reports.orderAmount")}</th>
                    <th>{t("reports.deliveries")}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.brands.map((b) => (
                    <tr key={b.brand}>
                      <td data-label={t("reports.brand")}>{b.brand}</td>
                      <td data-label={t("reports.orders")}>{b.orders}</td>
                      <td data-label={t("reports.orderAmount")}>{yuan(b.orderAmountFen)}</td>
                      <td data-label={t("reports.deliveries")}>{b.deliveries}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}

          <p className="muted" data-testid="reports-complaints">
            {t("reports.complaints")}: {r.complaints.count} · {t("reports.complaintsHandled")}:{" "}
            {r.complaints.handledIn12h} ({pct(r.complaints.rate)})
          </p>
          {r.referrals ? (
            <p className="muted" data-testid="reports-referrals">
              {t("customers.referralRate")}:{" "}
              {t("customers.referralRateText", {
                referred: r.referrals.referred,
                cards: r.referrals.newCards,
                rate: pct(r.referrals.rate),
              })}
            </p>
          ) : null}
        </>
      )}
    </>
  );
}
