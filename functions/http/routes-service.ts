/**
 * API routes of service appointments levelled to workshop capacity (issue 7, H1).
 * Spread into the route table in routes.ts; same shape as the routes there.
 */
import {
  serviceAppointmentActionSchema,
  serviceAppointmentSchema,
  serviceArrivalsQuerySchema,
  serviceSettingsSchema,
  serviceSlotsQuerySchema,
  UnauthorizedError,
} from "@dealeros/core";
import { type Ctx, service } from "@dealeros/services";
import type { ApiRequest, ApiResult, Route } from "./routes.ts";

const ok = (body: unknown, status = 200): ApiResult => ({ status, body });

function ctxOf(req: ApiRequest): Ctx {
  if (!req.ctx) throw new UnauthorizedError();
  return req.ctx;
}

const base = "/api/stores/{storeId}/service";

export const serviceRoutes: Route[] = [
  {
    method: "GET",
    path: `${base}/settings`,
    summary: "The store's service settings: opening hours per weekday, bays, technicians, closed dates, service types",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok({ settings: await service.getSettings(ctxOf(req), req.params.storeId!) }),
  },
  {
    method: "PUT",
    path: `${base}/settings`,
    summary:
      "Save the store's service settings (advisors, general manager, group admin); an hour slot holds min(bays, technicians) cars; version-checked (409), audited",
    auth: true,
    storeParam: "storeId",
    body: serviceSettingsSchema,
    handle: async (req) => ok({ settings: await service.saveSettings(ctxOf(req), req.params.storeId!, req.body) }),
  },
  {
    method: "GET",
    path: `${base}/slots`,
    summary:
      "Capacity, used and free places per hour slot of a date, the starts a service type fits and the least-loaded suggestions (?date=&serviceType=)",
    auth: true,
    storeParam: "storeId",
    query: serviceSlotsQuerySchema,
    handle: async (req) => ok(await service.getSlots(ctxOf(req), req.params.storeId!, req.query)),
  },
  {
    method: "GET",
    path: `${base}/advisors`,
    summary: "The store's active service advisors (booking picker)",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok({ advisors: await service.listAdvisors(ctxOf(req), req.params.storeId!) }),
  },
  {
    method: "POST",
    path: `${base}/appointments`,
    summary:
      "Book a customer's vehicle: one transaction takes a place in every hour slot the job covers (409 names a full slot) and gives the advisor a confirm-to-customer task",
    auth: true,
    storeParam: "storeId",
    body: serviceAppointmentSchema,
    handle: async (req) =>
      ok({ appointment: await service.bookAppointment(ctxOf(req), req.params.storeId!, req.body) }, 201),
  },
  {
    method: "GET",
    path: `${base}/arrivals`,
    summary: "The arrival board of a local day (?date=, default today): appointments in start order, counts per status",
    auth: true,
    storeParam: "storeId",
    query: serviceArrivalsQuerySchema,
    handle: async (req) => ok(await service.listArrivals(ctxOf(req), req.params.storeId!, req.query)),
  },
  {
    method: "GET",
    path: `${base}/appointments/{appointmentId}`,
    summary: "One appointment with its audit trail and the confirmation text for the customer",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok(await service.getAppointment(ctxOf(req), req.params.storeId!, req.params.appointmentId!)),
  },
  {
    method: "POST",
    path: `${base}/appointments/{appointmentId}/arrive`,
    summary: "The car arrived (expected → arrived)",
    auth: true,
    storeParam: "storeId",
    body: serviceAppointmentActionSchema,
    handle: async (req) =>
      ok({
        appointment: await service.markArrived(ctxOf(req), req.params.storeId!, req.params.appointmentId!, req.body),
      }),
  },
  {
    method: "POST",
    path: `${base}/appointments/{appointmentId}/no-show`,
    summary: "The car did not come (after its start time): frees its places, gives the advisor a follow-up task",
    auth: true,
    storeParam: "storeId",
    body: serviceAppointmentActionSchema,
    handle: async (req) =>
      ok({
        appointment: await service.markNoShow(ctxOf(req), req.params.storeId!, req.params.appointmentId!, req.body),
      }),
  },
  {
    method: "POST",
    path: `${base}/appointments/{appointmentId}/cancel`,
    summary: "Cancel an expected appointment: frees its places (optional reason)",
    auth: true,
    storeParam: "storeId",
    body: serviceAppointmentActionSchema,
    handle: async (req) =>
      ok({
        appointment: await service.cancelAppointment(
          ctxOf(req),
          req.params.storeId!,
          req.params.appointmentId!,
          req.body,
        ),
      }),
  },
];
