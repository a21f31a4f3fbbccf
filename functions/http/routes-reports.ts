/**
 * API routes of the reports (issue 6, H1): period reports from day statistics,
 * the stored daily sales reports, the local outbox and the report settings.
 * Spread into the route table in routes.ts.
 */
import { reportQuerySchema, reportSettingsSchema, UnauthorizedError } from "@dealeros/core";
import { type Ctx, reports } from "@dealeros/services";
import type { ApiRequest, ApiResult, Route } from "./routes.ts";

const ok = (body: unknown, status = 200): ApiResult => ({ status, body });

function ctxOf(req: ApiRequest): Ctx {
  if (!req.ctx) throw new UnauthorizedError();
  return req.ctx;
}

export const reportRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/stores/{storeId}/reports",
    summary:
      "A period report from day statistics (day, five days, week, month, quarter, year, custom): the funnel per consultant and store with ratios, lead sources, invitations, lost reasons, post-delivery calls; a consultant gets his own row",
    auth: true,
    storeParam: "storeId",
    query: reportQuerySchema,
    handle: async (req) => ok(await reports.getPeriodReport(ctxOf(req), req.params.storeId!, req.query)),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/daily-reports",
    summary: "The store's stored daily sales reports (generated at 16:30 store time), newest first",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok({ reports: await reports.listDailyReports(ctxOf(req), req.params.storeId!) }),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/daily-reports/{date}",
    summary:
      "One daily sales report: the day's figures, sales detail lines (model, engine number, colour, trim, customer) and month to date against the target",
    auth: true,
    storeParam: "storeId",
    handle: async (req) =>
      ok({ report: await reports.getDailyReport(ctxOf(req), req.params.storeId!, req.params.date!) }),
  },
  {
    method: "GET",
    path: "/api/outbox",
    summary: "Mail kept locally instead of being sent (mail not live): the tenant's messages, newest first",
    auth: true,
    handle: async (req) => ok({ messages: await reports.listOutbox(ctxOf(req)) }),
  },
  {
    method: "GET",
    path: "/api/outbox/{messageId}",
    summary: "One kept message of the tenant",
    auth: true,
    handle: async (req) => ok({ message: await reports.getOutboxMessage(ctxOf(req), req.params.messageId!) }),
  },
  {
    method: "GET",
    path: "/api/settings/reports",
    summary: "The report settings: finance addresses that receive the daily report besides the store's GMs",
    auth: true,
    handle: async (req) => ok(await reports.getReportSettings(ctxOf(req))),
  },
  {
    method: "PUT",
    path: "/api/settings/reports",
    summary: "Save the report settings (version-checked, audited)",
    auth: true,
    body: reportSettingsSchema,
    handle: async (req) => ok(await reports.saveReportSettings(ctxOf(req), req.body)),
  },
];
