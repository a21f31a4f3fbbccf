/**
 * Routes of events and promotions (活动, issue 7, H4): create, list with the
 * store's invitation success rates, one event with its invitations, preview
 * and invite customers by filters, record answers and attendance. Spread into
 * the route table in routes.ts; same shape.
 */
import {
  eventAttendanceSchema,
  eventCandidatesQuerySchema,
  eventFilterSchema,
  eventSchema,
  rsvpSchema,
  UnauthorizedError,
} from "@dealeros/core";
import { type Ctx, events, retention } from "@dealeros/services";
import type { ApiRequest, ApiResult, Route } from "./routes.ts";

const ok = (body: unknown, status = 200): ApiResult => ({ status, body });

function ctxOf(req: ApiRequest): Ctx {
  if (!req.ctx) throw new UnauthorizedError();
  return req.ctx;
}

const base = "/api/stores/{storeId}/events";

export const eventRoutes: Route[] = [
  {
    method: "GET",
    path: base,
    summary: "The store's events and promotions (newest first) with invitation success rates per event and store",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok(await events.listEvents(ctxOf(req), req.params.storeId!)),
  },
  {
    method: "POST",
    path: base,
    summary: "Create an event or promotion (managers and service advisors; audited)",
    auth: true,
    storeParam: "storeId",
    body: eventSchema,
    handle: async (req) => ok({ event: await events.createEvent(ctxOf(req), req.params.storeId!, req.body) }, 201),
  },
  {
    method: "GET",
    path: `${base}/{eventId}`,
    summary: "One event with its invitations (consultants: their own customers') and audit; one Query",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok(await events.getEvent(ctxOf(req), req.params.storeId!, req.params.eventId!)),
  },
  {
    method: "GET",
    path: `${base}/{eventId}/candidates`,
    summary: "Preview: the store's customers the filters pick that are not invited yet (count and the first 20)",
    auth: true,
    storeParam: "storeId",
    query: eventCandidatesQuerySchema,
    handle: async (req) =>
      ok(await events.eventCandidates(ctxOf(req), req.params.storeId!, req.params.eventId!, req.query)),
  },
  {
    method: "POST",
    path: `${base}/{eventId}/invitations`,
    summary:
      "Invite the customers the filters pick (model, purchase year, last service before, owner): invitations + owners' tasks; at most 2,000 per event",
    auth: true,
    storeParam: "storeId",
    body: eventFilterSchema,
    handle: async (req) =>
      ok(await events.inviteCustomers(ctxOf(req), req.params.storeId!, req.params.eventId!, req.body), 201),
  },
  {
    method: "POST",
    path: `${base}/{eventId}/invitations/{customerId}/rsvp`,
    summary: "Record the customer's answer (accepted or declined); the owner's invitation task is done",
    auth: true,
    storeParam: "storeId",
    body: rsvpSchema,
    handle: async (req) =>
      ok({
        invitation: await events.recordRsvp(
          ctxOf(req),
          req.params.storeId!,
          req.params.eventId!,
          req.params.customerId!,
          req.body,
        ),
      }),
  },
  {
    method: "POST",
    path: `${base}/{eventId}/invitations/{customerId}/attendance`,
    summary: "Record whether the customer came (from the event's day on)",
    auth: true,
    storeParam: "storeId",
    body: eventAttendanceSchema,
    handle: async (req) =>
      ok({
        invitation: await events.recordEventAttendance(
          ctxOf(req),
          req.params.storeId!,
          req.params.eventId!,
          req.params.customerId!,
          req.body,
        ),
      }),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/greetings/{greetingId}/done",
    summary: "Tick one's holiday greeting (春节/中秋, from the retention job) done; id `<holiday>#<date>#<userId>`",
    auth: true,
    storeParam: "storeId",
    handle: async (req) =>
      ok({ greeting: await retention.completeGreeting(ctxOf(req), req.params.storeId!, req.params.greetingId!) }),
  },
];
