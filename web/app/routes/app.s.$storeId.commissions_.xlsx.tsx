/** XLSX of a month's commission list (resource route, ?month=YYYY-MM; sales admin, GM, group admin). */
import { localDate, previousMonthOf } from "@dealeros/core";
import { commissions } from "@dealeros/services";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { langFromRequest, translate } from "../i18n";
import { requireCtx } from "../lib/auth.server";
import { orNotFound } from "../lib/http.server";
import { xlsxResponse } from "../lib/xlsx.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const url = new URL(request.url);
  const timeZone = ctx.store?.timeZone ?? "Asia/Shanghai";
  const month = url.searchParams.get("month") || previousMonthOf(localDate(new Date(), timeZone));
  if (!ctx.actor.roles.some((r) => commissions.COMMISSION_READERS.includes(r)))
    throw new Response("Not found", { status: 404 });
  const view = await orNotFound(() => commissions.getCommissionMonthView(ctx, params.storeId!, month));
  const lang = langFromRequest(request);
  const tr = (k: string) => translate(lang, k);
  return xlsxResponse(`commissions-${view.month}.xlsx`, [
    {
      name: `Commissions ${view.month}`,
      columns: [
        { header: tr("commissions.col.consultant"), key: "name" },
        { header: tr("commissions.col.units"), key: "units", kind: "int" },
        { header: tr("commissions.col.target"), key: "targetUnits", kind: "int" },
        { header: tr("commissions.col.accessories"), key: "accessoriesFen", kind: "fen" },
        { header: tr("commissions.col.insurance"), key: "insuranceFen", kind: "fen" },
        { header: tr("commissions.xlsx.absent"), key: "absentDays", kind: "int" },
        { header: tr("commissions.xlsx.late"), key: "lateSignIns", kind: "int" },
        { header: tr("commissions.col.total"), key: "totalFen", kind: "fen" },
      ],
      rows: view.statements.map((s) => ({ ...s, lines: undefined, adjustments: undefined })),
    },
  ]);
}
