import { oemPortal } from "@dealeros/services";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BarChartView } from "../lib/charts";
import { orNotFound } from "../lib/http.server";
import { useT } from "../lib/i18n";
import { KpiCells, KpiHeaders } from "../lib/oem";
import { requireOemCtx } from "../lib/oem-auth.server";

/** One dealer's KPI history (months and the last days); the XLSX download is oem_.xlsx.tsx. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOemCtx(request);
  const url = new URL(request.url);
  const h = await orNotFound(async () => {
    const regionId = url.searchParams.get("region") || (await oemPortal.scope(ctx)).region.regionId;
    return oemPortal.dealerHistory(ctx, {
      regionId,
      storeId: params.storeId!,
      brand: url.searchParams.get("brand") ?? "",
    });
  });
  return { view: h };
}

export default function OemDealer() {
  const t = useT();
  const { view: h } = useLoaderData<typeof loader>();
  const q = `region=${encodeURIComponent(h.region.regionId)}`;
  return (
    <main>
      <p>
        <Link to={`/oem?${q}`}>← {t("oem.back")}</Link>
      </p>
      <h1>{t("oem.historyTitle", { dealer: h.dealer.storeName })}</h1>
      <div className="spread">
        <span className="muted">
          {h.dealer.dealerCode} · {h.dealer.city} · {h.dealer.brand} · {h.region.name}
        </span>
        <a
          href={`/oem/xlsx?view=dealer&store=${h.dealer.storeId}&${q}&brand=${encodeURIComponent(h.dealer.brand)}`}
          download
        >
          {t("oem.download")}
        </a>
      </div>
      <div className="card">
        <BarChartView
          title={t("oem.chartHistory")}
          xKey="month"
          data={h.months.map((m) => ({ month: m.period, deliveries: m.deliveries, orders: m.orders }))}
          series={[
            { key: "deliveries", label: t("oem.kpi.deliveries") },
            { key: "orders", label: t("oem.kpi.orders") },
          ]}
        />
      </div>
      <h2>{t("oem.monthly")}</h2>
      <div className="oem-table-wrap">
        <table className="responsive" data-testid="oem-history-months">
          <thead>
            <tr>
              <th>{t("oem.month")}</th>
              <KpiHeaders />
            </tr>
          </thead>
          <tbody>
            {[...h.months].reverse().map((m) => (
              <tr key={m.period}>
                <td data-label={t("oem.month")}>
                  {m.period}
                  {m.complete ? null : <div className="muted">{t("oem.mtd", { date: m.through })}</div>}
                </td>
                <KpiCells row={m} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("oem.daily")}</h2>
      <div className="oem-table-wrap">
        <table className="responsive" data-testid="oem-history-days">
          <thead>
            <tr>
              <th>{t("oem.date")}</th>
              <KpiHeaders />
            </tr>
          </thead>
          <tbody>
            {[...h.days].reverse().map((d) => (
              <tr key={d.period}>
                <td data-label={t("oem.date")}>{d.period}</td>
                <KpiCells row={d} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </main>
  );
}
