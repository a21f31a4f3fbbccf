/**
 * API routes of repair orders, the parts catalogue, parts orders and warranty
 * claims (issue 7, H2). Spread into the route table in routes.ts.
 */
import {
  partSchema,
  partStockSchema,
  repairOrderPatchSchema,
  repairOrderSchema,
  roApprovalSchema,
  roHandoverSchema,
  roLinesSchema,
  roPhotoSchema,
  roSettlementSchema,
  roStateSchema,
  UnauthorizedError,
  warrantyDecisionSchema,
  warrantyListQuerySchema,
} from "@dealeros/core";
import { type Ctx, repairOrders, warranty } from "@dealeros/services";
import { z } from "zod";
import type { ApiRequest, ApiResult, Route } from "./routes.ts";

const ok = (body: unknown, status = 200): ApiResult => ({ status, body });

function ctxOf(req: ApiRequest): Ctx {
  if (!req.ctx) throw new UnauthorizedError();
  return req.ctx;
}

const ro = "/api/stores/{storeId}/repair-orders/{id}";
const versionOnly = z.strictObject({ version: z.number().int().min(1) }).meta({ id: "VersionOnly" });
const view = async (req: ApiRequest) =>
  ok(await repairOrders.getRepairOrder(ctxOf(req), req.params.storeId!, req.params.id!));

/** Mutations answer with the repair order's whole view (the page re-renders from it). */
const mutation = (
  method: "POST" | "PATCH" | "DELETE",
  path: string,
  summary: string,
  body: z.ZodType,
  run: (ctx: Ctx, req: ApiRequest) => Promise<unknown>,
  status = 200,
  maxBodyBytes?: number,
): Route => ({
  method,
  path,
  summary,
  auth: true,
  storeParam: "storeId",
  body,
  ...(maxBodyBytes ? { maxBodyBytes } : {}),
  handle: async (req) => {
    await run(ctxOf(req), req);
    const v = await view(req);
    return { ...v, status };
  },
});

export const repairRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/stores/{storeId}/repair-orders",
    summary: "The store's board of open repair orders per state, each with how long it has waited (one Query)",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok(await repairOrders.getBoard(ctxOf(req), req.params.storeId!)),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/repair-orders",
    summary:
      "Open a repair order (reception): from an appointment (it becomes arrived) or a customer's vehicle; numbered WO-000123 per store",
    auth: true,
    storeParam: "storeId",
    body: repairOrderSchema,
    handle: async (req) => {
      const created = await repairOrders.createRepairOrder(ctxOf(req), req.params.storeId!, req.body);
      return ok({ repairOrder: created }, 201);
    },
  },
  {
    method: "GET",
    path: ro,
    summary: "One repair order: lines, totals, approvals, parts orders, state timings, moves, audit",
    auth: true,
    storeParam: "storeId",
    handle: view,
  },
  mutation("PATCH", ro, "Edit reception details and the diagnosis (version-checked)", repairOrderPatchSchema, (c, r) =>
    repairOrders.updateRepairOrder(c, r.params.storeId!, r.params.id!, r.body),
  ),
  mutation(
    "POST",
    `${ro}/lines`,
    "Add estimate lines (labour hours × rate, catalogue parts) with their payer; after the first approval they form a supplement",
    roLinesSchema,
    (c, r) => repairOrders.addLines(c, r.params.storeId!, r.params.id!, r.body),
  ),
  mutation("DELETE", `${ro}/lines/{lineId}`, "Remove a line not approved yet", versionOnly, (c, r) =>
    repairOrders.removeLine(c, r.params.storeId!, r.params.id!, r.params.lineId!, r.body),
  ),
  mutation(
    "POST",
    `${ro}/approval`,
    "Record the customer's approval of the pending lines (how, when, by whom); reserves parts, orders what is short",
    roApprovalSchema,
    (c, r) => repairOrders.approve(c, r.params.storeId!, r.params.id!, r.body),
  ),
  mutation("POST", `${ro}/state`, "Move the repair order to another state by hand (timed)", roStateSchema, (c, r) =>
    repairOrders.move(c, r.params.storeId!, r.params.id!, r.body),
  ),
  mutation(
    "POST",
    `${ro}/settlement`,
    "Settle: invoice of the approved lines, payment of the customer's share, warranty claim, 3-day call, customer's vehicle",
    roSettlementSchema,
    (c, r) => repairOrders.settle(c, r.params.storeId!, r.params.id!, r.body),
  ),
  mutation(
    "POST",
    `${ro}/handover`,
    "Hand the car back with the explanation of the work done (delivered)",
    roHandoverSchema,
    (c, r) => repairOrders.handover(c, r.params.storeId!, r.params.id!, r.body),
  ),
  mutation(
    "POST",
    `${ro}/photos`,
    "Add a walk-around damage photo (base64 JPEG/PNG/WebP, 5 MB at most)",
    roPhotoSchema,
    (c, r) => repairOrders.addPhoto(c, r.params.storeId!, r.params.id!, r.body),
    201,
    8 * 1024 * 1024,
  ),
  {
    method: "GET",
    path: `${ro}/photos/{photoId}`,
    summary: "A damage photo of a repair order (the image itself)",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => {
      const p = await repairOrders.getPhoto(ctxOf(req), req.params.storeId!, req.params.id!, req.params.photoId!);
      return { status: 200, binary: { data: p.bytes, contentType: p.contentType } };
    },
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/parts",
    summary: "The store's parts catalogue with stock, open and received parts orders, and the stock audit",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok(await repairOrders.getParts(ctxOf(req), req.params.storeId!)),
  },
  {
    method: "PUT",
    path: "/api/stores/{storeId}/parts/{partNo}",
    summary: "Add a part (opening stock) or edit its name, price and lead days (with version); audited",
    auth: true,
    storeParam: "storeId",
    body: partSchema,
    handle: async (req) =>
      ok({ part: await repairOrders.savePart(ctxOf(req), req.params.storeId!, req.params.partNo!, req.body) }),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/parts/{partNo}/stock",
    summary: "Adjust a part's stock by a delta with a reason (never below 0); audited",
    auth: true,
    storeParam: "storeId",
    body: partStockSchema,
    handle: async (req) =>
      ok({ part: await repairOrders.adjustStock(ctxOf(req), req.params.storeId!, req.params.partNo!, req.body) }),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/parts-orders/{orderId}/receive",
    summary: "Receive a parts order: covers its repair order's missing parts (back to work when none is missing)",
    auth: true,
    storeParam: "storeId",
    handle: async (req) =>
      ok(await repairOrders.receivePartsOrder(ctxOf(req), req.params.storeId!, req.params.orderId!)),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/warranty-claims",
    summary:
      "The store's warranty claims billed to the OEM (from settled repair orders), newest first; ?status= filters; counts per status and totals (claimed, approved, paid, outstanding) — one Query",
    auth: true,
    storeParam: "storeId",
    query: warrantyListQuerySchema,
    handle: async (req) => ok(await warranty.listClaims(ctxOf(req), req.params.storeId!, req.query)),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/warranty-claims/{claimId}/decision",
    summary:
      "The OEM's decision on a warranty claim: approve (amount ≤ claimed, OEM claim no.), reject (reason), resubmit (note), paid (amount ≤ approved, date); version-checked, audited",
    auth: true,
    storeParam: "storeId",
    body: warrantyDecisionSchema,
    handle: async (req) =>
      ok({ claim: await warranty.decide(ctxOf(req), req.params.storeId!, req.params.claimId!, req.body) }),
  },
];
