/**
 * API routes of the after-sales customers and roadside assistance (issue 7, H3).
 * Spread into the route table in routes.ts.
 */
import {
  customerCreateSchema,
  customerListQuerySchema,
  customerPatchSchema,
  customerVehicleAddSchema,
  roadsideArriveSchema,
  roadsideCallSchema,
  roadsideDispatchSchema,
  roadsideDoneSchema,
  roadsideQuerySchema,
  UnauthorizedError,
} from "@dealeros/core";
import { type Ctx, customers, roadside } from "@dealeros/services";
import type { ApiRequest, ApiResult, Route } from "./routes.ts";

const ok = (body: unknown, status = 200): ApiResult => ({ status, body });

function ctxOf(req: ApiRequest): Ctx {
  if (!req.ctx) throw new UnauthorizedError();
  return req.ctx;
}

export const customerRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/stores/{storeId}/customers",
    summary:
      "Search or list the store's customers: q = exact VIN or plate, mobile prefix (digits) or name prefix; repeat=1 the repeat buyers; a consultant gets his own; cursor pages",
    auth: true,
    storeParam: "storeId",
    query: customerListQuerySchema,
    handle: async (req) => ok(await customers.searchCustomers(ctxOf(req), req.params.storeId!, req.query)),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/customers",
    summary:
      "Create a customer with a vehicle (VIN checked); one customer per VIN and plate in the tenant and per mobile in the store (409 names the customer)",
    auth: true,
    storeParam: "storeId",
    body: customerCreateSchema,
    handle: async (req) =>
      ok({ customer: await customers.createCustomer(ctxOf(req), req.params.storeId!, req.body) }, 201),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/customers/{customerId}",
    summary:
      "The customer 360: vehicles, purchases, service history, complaints, calls and tasks, referrals, repeat-buyer flag, audit",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok(await customers.getCustomer360(ctxOf(req), req.params.storeId!, req.params.customerId!)),
  },
  {
    method: "PATCH",
    path: "/api/stores/{storeId}/customers/{customerId}",
    summary:
      "Edit a customer's basics (name, mobile, birthday MM-DD, note, a vehicle's plate); version-checked, audited",
    auth: true,
    storeParam: "storeId",
    body: customerPatchSchema,
    handle: async (req) =>
      ok({
        customer: await customers.updateCustomer(ctxOf(req), req.params.storeId!, req.params.customerId!, req.body),
      }),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/customers/{customerId}/vehicles",
    summary: "Add a vehicle to a customer (VIN checked, VIN and plate claimed); version-checked, audited",
    auth: true,
    storeParam: "storeId",
    body: customerVehicleAddSchema,
    handle: async (req) =>
      ok(
        {
          customer: await customers.addVehicle(ctxOf(req), req.params.storeId!, req.params.customerId!, req.body),
        },
        201,
      ),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/roadside",
    summary:
      "Roadside assistance: the open calls and the month's calls with response figures (count, average and p90 minutes to dispatch and to arrival)",
    auth: true,
    storeParam: "storeId",
    query: roadsideQuerySchema,
    handle: async (req) => ok(await roadside.roadsideBoard(ctxOf(req), req.params.storeId!, req.query)),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/roadside",
    summary: "Log a roadside call (customer or an unknown caller, location, vehicle, problem)",
    auth: true,
    storeParam: "storeId",
    body: roadsideCallSchema,
    handle: async (req) => ok({ call: await roadside.logCall(ctxOf(req), req.params.storeId!, req.body) }, 201),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/roadside/{callId}",
    summary: "One roadside call with its audit trail",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok(await roadside.getCall(ctxOf(req), req.params.storeId!, req.params.callId!)),
  },
  ...(
    [
      [
        "dispatch",
        "dispatched",
        roadsideDispatchSchema,
        "Dispatch a technician of the store and/or a tow (sets the dispatched time once)",
      ],
      ["arrive", "arrived", roadsideArriveSchema, "The help arrived (set once, after dispatch)"],
      [
        "done",
        "done",
        roadsideDoneSchema,
        "Close the call with the outcome and the charge in fen (set once, after arrival)",
      ],
    ] as const
  ).map(
    ([path, step, body, summary]): Route => ({
      method: "POST",
      path: `/api/stores/{storeId}/roadside/{callId}/${path}`,
      summary,
      auth: true,
      storeParam: "storeId",
      body,
      handle: async (req) =>
        ok({ call: await roadside.recordStep(ctxOf(req), req.params.storeId!, req.params.callId!, step, req.body) }),
    }),
  ),
];
