/**
 * Routes of secondary dealers (二级网点), month-end reconciliation and period
 * close (issue 6). Spread into the route table in routes.ts; same shape.
 */
import {
  dealerPatchSchema,
  dealerPaymentSchema,
  dealerSchema,
  discrepancyActionSchema,
  monthSchema,
  periodCloseSchema,
  periodReopenSchema,
  UnauthorizedError,
  wholesaleSchema,
} from "@dealeros/core";
import { type Ctx, dealers, monthEnd, periods } from "@dealeros/services";
import { z } from "zod";
import type { ApiRequest, ApiResult, Route } from "./routes.ts";

const ok = (body: unknown, status = 200): ApiResult => ({ status, body });

function ctxOf(req: ApiRequest): Ctx {
  if (!req.ctx) throw new UnauthorizedError();
  return req.ctx;
}

const monthQuerySchema = z
  .object({ month: monthSchema.optional().describe("YYYY-MM; default the previous month") })
  .strict()
  .meta({ id: "MonthEndQuery" });

export const monthEndRoutes: Route[] = [
  // ---------- secondary dealers (二级网点) ----------
  {
    method: "GET",
    path: "/api/stores/{storeId}/dealers",
    summary: "The store's secondary dealers with balances (sales admin, managers)",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok(await dealers.listDealers(ctxOf(req), req.params.storeId!)),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/dealers",
    summary: "Add a secondary dealer: name, contact, phone, credit limit in fen (audited)",
    auth: true,
    storeParam: "storeId",
    body: dealerSchema,
    handle: async (req) => ok({ dealer: await dealers.createDealer(ctxOf(req), req.params.storeId!, req.body) }, 201),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/dealers/{dealerId}",
    summary: "A secondary dealer with its ledger (running balance), monthly pickups and audit trail",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok(await dealers.getDealer(ctxOf(req), req.params.storeId!, req.params.dealerId!)),
  },
  {
    method: "PATCH",
    path: "/api/stores/{storeId}/dealers/{dealerId}",
    summary: "Change a secondary dealer's details (version-checked, audited)",
    auth: true,
    storeParam: "storeId",
    body: dealerPatchSchema,
    handle: async (req) =>
      ok({ dealer: await dealers.updateDealer(ctxOf(req), req.params.storeId!, req.params.dealerId!, req.body) }),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/dealers/{dealerId}/wholesales",
    summary:
      "Wholesale a stock vehicle to the dealer (vehicle → wholesaled once; within the credit limit; 409 in a closed month)",
    auth: true,
    storeParam: "storeId",
    body: wholesaleSchema,
    handle: async (req) =>
      ok(await dealers.wholesaleVehicle(ctxOf(req), req.params.storeId!, req.params.dealerId!, req.body), 201),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/dealers/{dealerId}/payments",
    summary: "A payment received from the dealer (at most the balance; 409 in a closed month)",
    auth: true,
    storeParam: "storeId",
    body: dealerPaymentSchema,
    handle: async (req) =>
      ok(await dealers.recordDealerPayment(ctxOf(req), req.params.storeId!, req.params.dealerId!, req.body), 201),
  },
  // ---------- month-end reconciliation (月末对账) and period close (月结) ----------
  {
    method: "GET",
    path: "/api/stores/{storeId}/month-end",
    summary: "A month's reconciliation: discrepancies with record links, their states, the period (default last month)",
    auth: true,
    storeParam: "storeId",
    query: monthQuerySchema,
    handle: async (req) => ok(await monthEnd.getMonthEnd(ctxOf(req), req.params.storeId!, req.query.month)),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/month-end/{month}/run",
    summary: "Run the month-end reconciliation of a month now (sales admin; idempotent; 409 when the month is closed)",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok(await monthEnd.runMonthEnd(ctxOf(req), req.params.storeId!, req.params.month!)),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/month-end/{month}/discrepancies/{key}",
    summary: "Resolve, annotate or reopen one discrepancy with a note (sales admin; version-checked)",
    auth: true,
    storeParam: "storeId",
    body: discrepancyActionSchema,
    handle: async (req) =>
      ok({
        discrepancy: await monthEnd.actOnDiscrepancy(
          ctxOf(req),
          req.params.storeId!,
          req.params.month!,
          req.params.key!,
          req.body,
        ),
      }),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/periods",
    summary: "The store's closed and reopened months with the audit trail",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok(await periods.listPeriods(ctxOf(req), req.params.storeId!)),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/periods/{month}/close",
    summary: "Close a month (sales admin): none open, or a note; money writes dated in it are then a 409",
    auth: true,
    storeParam: "storeId",
    body: periodCloseSchema,
    handle: async (req) =>
      ok({ period: await periods.closePeriod(ctxOf(req), req.params.storeId!, req.params.month!, req.body) }),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/periods/{month}/reopen",
    summary: "Reopen a closed month (general manager, with a reason; audited)",
    auth: true,
    storeParam: "storeId",
    body: periodReopenSchema,
    handle: async (req) =>
      ok({ period: await periods.reopenPeriod(ctxOf(req), req.params.storeId!, req.params.month!, req.body) }),
  },
];
