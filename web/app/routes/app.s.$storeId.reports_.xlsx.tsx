/**
 * XLSX of a period report (resource route: a document request gets the file).
 * Same query as the Reports page; every table of the page is a sheet.
 */
import { reports } from "@dealeros/services";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCtx } from "../lib/auth.server";
import { orRefused, periodSheets } from "../lib/reports.server";
import { xlsxResponse } from "../lib/xlsx.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const url = new URL(request.url);
  const query: Record<string, string | undefined> = {};
  for (const k of ["period", "date", "from", "to"]) query[k] = url.searchParams.get(k) || undefined;
  const r = await orRefused(() => reports.getPeriodReport(ctx, params.storeId!, query));
  return xlsxResponse(`report-${r.range.from}-${r.range.to}.xlsx`, periodSheets(request, r));
}
