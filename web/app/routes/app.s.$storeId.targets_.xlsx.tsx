/** XLSX of the Targets page (resource route): months, leaderboard, consultants by month. Same query as the page. */
import { targets } from "@dealeros/services";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { langFromRequest, translate } from "../i18n";
import { requireCtx } from "../lib/auth.server";
import { orNotFound } from "../lib/http.server";
import { xlsxResponse } from "../lib/xlsx.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const url = new URL(request.url);
  const query = {
    year: url.searchParams.get("year") || undefined,
    brand: url.searchParams.get("brand") || undefined,
  };
  const view = await orNotFound(() => targets.getTargets(ctx, params.storeId!, query));
  const lang = langFromRequest(request);
  const tr = (k: string) => translate(lang, k);
  return xlsxResponse(`targets-${view.year}-${view.brand === "*" ? "all" : view.brand}.xlsx`, [
    {
      name: `${tr("targets.months")} ${view.year}`,
      columns: [
        { header: tr("targets.col.month"), key: "month", kind: "int" },
        { header: tr("targets.col.target"), key: "target", kind: "int" },
        { header: tr("targets.col.deliveries"), key: "deliveries", kind: "int" },
        { header: tr("targets.col.orders"), key: "orders", kind: "int" },
        { header: tr("targets.xlsx.attainment"), key: "attainment", kind: "ratio" },
      ],
      rows: view.months.map((m) => ({
        ...m,
        attainment: m.target > 0 ? m.deliveries / m.target : null,
      })),
    },
    {
      name: tr("targets.leaderboard"),
      columns: [
        { header: tr("targets.col.consultant"), key: "name" },
        { header: tr("targets.col.monthTarget"), key: "monthTarget", kind: "int" },
        { header: tr("targets.col.monthDeliveries"), key: "monthDeliveries", kind: "int" },
        { header: tr("targets.col.monthOrders"), key: "monthOrders", kind: "int" },
        { header: tr("targets.col.monthAttainment"), key: "monthAttainment", kind: "ratio" },
        { header: tr("targets.col.yearTarget"), key: "yearTarget", kind: "int" },
        { header: tr("targets.col.yearDeliveries"), key: "yearDeliveries", kind: "int" },
        { header: tr("targets.col.yearAttainment"), key: "yearAttainment", kind: "ratio" },
      ],
      rows: view.leaderboard.map((r) => ({ ...r })),
    },
    {
      name: tr("targets.xlsx.byConsultant"),
      columns: [
        { header: tr("targets.col.consultant"), key: "name" },
        ...Array.from({ length: 12 }, (_, i) => ({ header: String(i + 1), key: `m${i + 1}`, kind: "int" as const })),
      ],
      rows: Object.values(view.target?.consultants ?? {}).map((c) => ({
        name: c.name,
        ...Object.fromEntries(c.months.map((u, i) => [`m${i + 1}`, u])),
      })),
    },
  ]);
}
