import { localDate } from "@dealeros/core";
import { oemPortal } from "@dealeros/services";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BarChartView } from "../lib/charts";
import { orNotFound } from "../lib/http.server";
import { useT } from "../lib/i18n";
import { fmtKpi, KpiCells, KpiHeaders, OemFilters } from "../lib/oem";
import { requireOemCtx } from "../lib/oem-auth.server";

/** The region's dealer network for a month: KPIs, rankings, chart; the XLSX download is oem_.xlsx.tsx. */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOemCtx(request);
  const url = new URL(request.url);
  const month = url.searchParams.get("month") || localDate(new Date(), "Asia/Shanghai").slice(0, 7);
  const view = await orNotFound(() =>
    oemPortal.network(ctx, { month, regionId: url.searchParams.get("region") || undefined }),
  );
  return { view };
}

export default function OemNetwork() {
  const t = useT();
  const { view: v } = useLoaderData<typeof loader>();
  const q = `region=${encodeURIComponent(v.region.regionId)}`;
  const partial = v.rows.find((r) => r.kpis && !r.kpis.complete)?.kpis;
  return (
    <main>
      <h1>{t("oem.networkTitle", { region: v.region.name })}</h1>
      <p className="muted">{t("oem.networkHelp")}</p>
      <OemFilters regions={v.regions} regionId={v.region.regionId} month={{ name: "month", value: v.month }} />
      <div className="spread">
        <span className="muted">
          {v.month}
          {partial ? ` (${t("oem.mtd", { date: partial.through })})` : ""} · {t("oem.dealers")}: {v.rows.length}
        </span>
        <a href={`/oem/xlsx?view=network&${q}&month=${v.month}`} download data-testid="oem-xlsx">
          {t("oem.download")}
        </a>
      </div>
      {v.rows.length === 0 ? (
        <p className="empty">{t("oem.noDealers")}</p>
      ) : (
        <>
          <div className="card">
            <BarChartView
              title={t("oem.chartDeliveries")}
              xKey="dealer"
              data={v.rows.map((r) => ({
                dealer: r.dealer.dealerCode,
                deliveries: r.kpis?.deliveries ?? 0,
                orders: r.kpis?.orders ?? 0,
              }))}
              series={[
                { key: "deliveries", label: t("oem.kpi.deliveries") },
                { key: "orders", label: t("oem.kpi.orders") },
              ]}
            />
          </div>
          <div className="oem-table-wrap">
            <table className="responsive" data-testid="oem-network">
              <thead>
                <tr>
                  <th className="num">{t("oem.rank")}</th>
                  <th>{t("oem.dealer")}</th>
                  <KpiHeaders />
                  <th className="num">{t("oem.rankAttainment")}</th>
                </tr>
              </thead>
              <tbody>
                {v.rows.map((r) => (
                  <tr key={`${r.dealer.storeId}#${r.dealer.brand}`} data-testid="oem-dealer-row">
                    <td className="num" data-label={t("oem.rank")}>
                      {r.ranks.deliveries ?? "—"}
                    </td>
                    <td data-label={t("oem.dealer")}>
                      <Link to={`/oem/dealer/${r.dealer.storeId}?${q}&brand=${encodeURIComponent(r.dealer.brand)}`}>
                        {r.dealer.storeName}
                      </Link>
                      <div className="muted">
                        {r.dealer.dealerCode} · {r.dealer.city} · {r.dealer.brand}
                      </div>
                      {r.kpis ? null : <div className="muted">{t("oem.noData")}</div>}
                    </td>
                    <KpiCells row={r.kpis} />
                    <td className="num" data-label={t("oem.rankAttainment")}>
                      {r.ranks.attainment ?? "—"}
                    </td>
                  </tr>
                ))}
                <tr className="oem-total" data-testid="oem-total">
                  <td className="num" data-label={t("oem.rank")} />
                  <td data-label={t("oem.dealer")}>{t("oem.total")}</td>
                  <KpiCells row={v.totals} />
                  <td className="num" data-label={t("oem.rankAttainment")}>
                    {fmtKpi(null, "int")}
                  </td>
                </tr>
              </tbody>
            </table>
          </div>
        </>
      )}
    </main>
  );
}
