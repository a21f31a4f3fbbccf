/**
 * XLSX downloads of the OEM portal's tables (a resource route: no page), with
 * the same reads and the same scoping as the pages:
 * `?view=network|trends|dealer|complaints&region=…` (+ month / to,count / store,brand).
 */
import { localDate } from "@dealeros/core";
import { oemPortal } from "@dealeros/services";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { langFromRequest, translate } from "../i18n";
import { orNotFound } from "../lib/http.server";
import { KPI_SHEET_COLUMNS, kpiRow } from "../lib/oem";
import { requireOemCtx } from "../lib/oem-auth.server";
import { xlsxResponse } from "../lib/xlsx.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOemCtx(request);
  const url = new URL(request.url);
  const p = (k: string) => url.searchParams.get(k) || undefined;
  const lang = langFromRequest(request);
  const tr = (k: string) => translate(lang, k);
  const kpiCols = KPI_SHEET_COLUMNS.map((c) => ({ ...c, header: tr(c.header) }));
  const thisMonth = localDate(new Date(), "Asia/Shanghai").slice(0, 7);
  switch (p("view")) {
    case "network": {
      const v = await orNotFound(() =>
        oemPortal.network(ctx, { month: p("month") ?? thisMonth, regionId: p("region") }),
      );
      return xlsxResponse(`oem-network-${v.region.name}-${v.month}.xlsx`, [
        {
          name: `${v.region.name} ${v.month}`,
          columns: [
            { key: "rank", header: tr("oem.rankDeliveries"), kind: "int" },
            { key: "dealer", header: tr("oem.dealer"), width: 28 },
            { key: "dealerCode", header: tr("oem.dealerCode") },
            { key: "city", header: tr("oem.city") },
            { key: "brand", header: tr("oem.brand") },
            ...kpiCols,
            { key: "rankAttainment", header: tr("oem.rankAttainment"), kind: "int" },
          ],
          rows: [
            ...v.rows.map((r) => ({
              rank: r.ranks.deliveries ?? null,
              dealer: r.dealer.storeName,
              dealerCode: r.dealer.dealerCode,
              city: r.dealer.city,
              brand: r.dealer.brand,
              ...kpiRow(r.kpis),
              rankAttainment: r.ranks.attainment ?? null,
            })),
            { dealer: tr("oem.total"), ...kpiRow(v.totals) },
          ],
        },
      ]);
    }
    case "trends": {
      const to = p("to") ?? thisMonth;
      const v = await orNotFound(() =>
        oemPortal.trends(ctx, { to, count: Number(p("count")) || 6, regionId: p("region") }),
      );
      return xlsxResponse(`oem-trends-${v.region.name}-${to}.xlsx`, [
        {
          name: `${v.region.name} ${to}`,
          columns: [
            { key: "month", header: tr("oem.month") },
            { key: "dealers", header: tr("oem.dealers"), kind: "int" },
            ...kpiCols,
          ],
          rows: v.months.map((m) => ({ month: m.month, dealers: m.dealers, ...kpiRow(m) })),
        },
      ]);
    }
    case "dealer": {
      const h = await orNotFound(async () =>
        oemPortal.dealerHistory(ctx, {
          regionId: p("region") ?? (await oemPortal.scope(ctx)).region.regionId,
          storeId: p("store") ?? "",
          brand: p("brand") ?? "",
        }),
      );
      return xlsxResponse(`oem-dealer-${h.dealer.dealerCode}.xlsx`, [
        {
          name: tr("oem.monthly"),
          columns: [{ key: "period", header: tr("oem.month") }, ...kpiCols],
          rows: h.months.map((m) => ({ period: m.period, ...kpiRow(m) })),
        },
        {
          name: tr("oem.daily"),
          columns: [{ key: "period", header: tr("oem.date") }, ...kpiCols],
          rows: h.days.map((d) => ({ period: d.period, ...kpiRow(d) })),
        },
      ]);
    }
    case "complaints": {
      const v = await orNotFound(() => oemPortal.forwardedComplaints(ctx, { regionId: p("region") }));
      return xlsxResponse(`oem-complaints-${v.region.name}.xlsx`, [
        {
          name: v.region.name,
          columns: [
            { key: "flaggedAt", header: tr("oem.flaggedAt"), width: 22 },
            { key: "dealer", header: tr("oem.dealer"), width: 28 },
            { key: "dealerCode", header: tr("oem.dealerCode") },
            { key: "category", header: tr("oem.category") },
            { key: "severity", header: tr("oem.severity") },
            { key: "state", header: tr("oem.state") },
            { key: "respondedLate", header: tr("oem.respondedLate") },
            { key: "note", header: tr("oem.note"), width: 60 },
          ],
          rows: v.complaints.map((c) => ({
            flaggedAt: c.flaggedAt,
            dealer: c.storeName,
            dealerCode: c.dealerCode,
            category: tr(`complaints.category.${c.category}`),
            severity: tr(`complaints.severity.${c.severity}`),
            state: tr(`complaints.state.${c.state}`),
            respondedLate: c.respondedLate === null ? "" : tr(c.respondedLate ? "oem.yes" : "oem.no"),
            note: c.note,
          })),
        },
      ]);
    }
    default:
      throw new Response("Unknown view", { status: 404 });
  }
}
