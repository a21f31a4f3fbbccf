/** XLSX of one daily report (resource route): the day's figures and the detail lines. */
import { reports } from "@dealeros/services";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCtx } from "../lib/auth.server";
import { dailySheets, orRefused } from "../lib/reports.server";
import { xlsxResponse } from "../lib/xlsx.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const report = await orRefused(() => reports.getDailyReport(ctx, params.storeId!, params.date!));
  return xlsxResponse(`daily-report-${report.date}.xlsx`, dailySheets(request, report));
}
