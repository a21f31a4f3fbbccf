import { localDate } from "@dealeros/core";
import { oemPortal } from "@dealeros/services";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { LineChartView } from "../lib/charts";
import { orNotFound } from "../lib/http.server";
import { useT } from "../lib/i18n";
import { KpiCells, KpiHeaders, OemFilters } from "../lib/oem";
import { requireOemCtx } from "../lib/oem-auth.server";

/** Region totals month by month; the XLSX download is oem_.xlsx.tsx. */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOemCtx(request);
  const url = new URL(request.url);
  const to = url.searchParams.get("to") || localDate(new Date(), "Asia/Shanghai").slice(0, 7);
  const count = Number(url.searchParams.get("count")) || 6;
  const view = await orNotFound(() =>
    oemPortal.trends(ctx, { to, count, regionId: url.searchParams.get("region") || undefined }),
  );
  return { view: { ...view, to, count } };
}

export default function OemTrends() {
  const t = useT();
  const { view: v } = useLoaderData<typeof loader>();
  return (
    <main>
      <h1>{t("oem.trendsTitle", { region: v.region.name })}</h1>
      <p className="muted">{t("oem.trendsHelp")}</p>
      <OemFilters
        regions={v.regions}
        regionId={v.region.regionId}
        month={{ name: "to", value: v.to }}
        count={v.count}
      />
      <div className="spread">
        <span />
        <a
          href={`/oem/xlsx?view=trends&region=${encodeURIComponent(v.region.regionId)}&to=${v.to}&count=${v.count}`}
          download
        >
          {t("oem.download")}
        </a>
      </div>
      <div className="card">
        <LineChartView
          title={t("oem.chartTrend")}
          xKey="month"
          data={v.months.map((m) => ({
            month: m.month,
            walkIns: m.walkIns,
            orders: m.orders,
            deliveries: m.deliveries,
          }))}
          series={[
            { key: "walkIns", label: t("oem.kpi.walkIns") },
            { key: "orders", label: t("oem.kpi.orders") },
            { key: "deliveries", label: t("oem.kpi.deliveries") },
          ]}
        />
      </div>
      <div className="card">
        <LineChartView
          title={t("oem.chartAttainment")}
          xKey="month"
          data={v.months.map((m) => ({
            month: m.month,
            attainment: m.attainment === null ? null : Math.round(m.attainment * 1000) / 10,
          }))}
          series={[{ key: "attainment", label: `${t("oem.kpi.attainment")} %` }]}
          height={200}
        />
      </div>
      <div className="oem-table-wrap">
        <table className="responsive" data-testid="oem-trends">
          <thead>
            <tr>
              <th>{t("oem.month")}</th>
              <th className="num">{t("oem.dealers")}</th>
              <KpiHeaders />
            </tr>
          </thead>
          <tbody>
            {v.months.map((m) => (
              <tr key={m.month}>
                <td data-label={t("oem.month")}>{m.month}</td>
                <td className="num" data-label={t("oem.dealers")}>
                  {m.dealers}
                </td>
                <KpiCells row={m} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </main>
  );
}
