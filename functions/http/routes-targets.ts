/**
 * API routes of targets (rule 15) and commissions (rule 18). Spread into the
 * route table in routes.ts; same shape and conventions as the routes there.
 */
import {
  commissionAdjustmentSchema,
  commissionLockSchema,
  commissionRulesInputSchema,
  salesTargetSchema,
  targetMonthSplitSchema,
  targetQuerySchema,
  UnauthorizedError,
} from "@dealeros/core";
import { type Ctx, commissions, targets } from "@dealeros/services";
import type { ApiRequest, ApiResult, Route } from "./routes.ts";

const ok = (body: unknown, status = 200): ApiResult => ({ status, body });

function ctxOf(req: ApiRequest): Ctx {
  if (!req.ctx) throw new UnauthorizedError();
  return req.ctx;
}

const month = "/api/stores/{storeId}/commissions/{month}";

export const targetRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/stores/{storeId}/targets",
    summary:
      "A year's sales target (?year=2026&brand=* or a brand): months, quarters, consultants, progress (month/quarter/year from day statistics) and the leaderboard",
    auth: true,
    storeParam: "storeId",
    query: targetQuerySchema,
    handle: async (req) => ok({ targets: await targets.getTargets(ctxOf(req), req.params.storeId!, req.query) }),
  },
  {
    method: "PUT",
    path: "/api/stores/{storeId}/targets",
    summary:
      "Set a year's target for a brand (or * for all) and decompose it to months (even or seasonal weights) and consultants (by share); version-checked (409), audited",
    auth: true,
    storeParam: "storeId",
    body: salesTargetSchema,
    handle: async (req) => ok({ target: await targets.saveTarget(ctxOf(req), req.params.storeId!, req.body) }),
  },
  {
    method: "PUT",
    path: "/api/stores/{storeId}/targets/month",
    summary: "Hand-edit one month's consultant split (must add up to the month's target); version-checked, audited",
    auth: true,
    storeParam: "storeId",
    body: targetMonthSplitSchema,
    handle: async (req) => ok({ target: await targets.saveMonthSplit(ctxOf(req), req.params.storeId!, req.body) }),
  },
  {
    method: "GET",
    path: "/api/settings/commissions",
    summary:
      "The group's commission rules (per unit by model/trim, accessory and F&I rates, target bonus, attendance deductions)",
    auth: true,
    handle: async (req) => ok({ rules: await commissions.getCommissionRules(ctxOf(req)) }),
  },
  {
    method: "PUT",
    path: "/api/settings/commissions",
    summary: "Change the commission rules (sales admin, group admin; version-checked, audited)",
    auth: true,
    body: commissionRulesInputSchema,
    handle: async (req) => ok({ rules: await commissions.updateCommissionRules(ctxOf(req), req.body) }),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/my/commissions",
    summary: "The signed-in consultant's own commission statements in the store, newest month first",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok({ statements: await commissions.myStatements(ctxOf(req), req.params.storeId!) }),
  },
  {
    method: "GET",
    path: month,
    summary: "A month's commission statements of the store (sales admin, GM, group admin), state and history",
    auth: true,
    storeParam: "storeId",
    handle: async (req) =>
      ok({ month: await commissions.getCommissionMonthView(ctxOf(req), req.params.storeId!, req.params.month!) }),
  },
  {
    method: "POST",
    path: `${month}/compute`,
    summary: "Compute a past month now (sales admin; the job does it on day 1); idempotent; a locked month → 409",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok({ run: await commissions.runMonth(ctxOf(req), req.params.storeId!, req.params.month!) }),
  },
  {
    method: "POST",
    path: `${month}/lock`,
    summary: "Lock the month's statements (sales admin; version-checked, audited); the job never touches it again",
    auth: true,
    storeParam: "storeId",
    body: commissionLockSchema,
    handle: async (req) =>
      ok({ month: await commissions.lockMonth(ctxOf(req), req.params.storeId!, req.params.month!, req.body) }),
  },
  {
    method: "GET",
    path: `${month}/statements/{userId}`,
    summary: "One consultant's statement (his own; any for a sales admin or GM — others' → 404)",
    auth: true,
    storeParam: "storeId",
    handle: async (req) =>
      ok(await commissions.getStatement(ctxOf(req), req.params.storeId!, req.params.month!, req.params.userId!)),
  },
  {
    method: "POST",
    path: `${month}/statements/{userId}/adjustments`,
    summary: "Add a manual adjustment line with a reason (sales admin; draft months only; version-checked, audited)",
    auth: true,
    storeParam: "storeId",
    body: commissionAdjustmentSchema,
    handle: async (req) =>
      ok(
        {
          statement: await commissions.addAdjustment(
            ctxOf(req),
            req.params.storeId!,
            req.params.month!,
            req.params.userId!,
            req.body,
          ),
        },
        201,
      ),
  },
];
