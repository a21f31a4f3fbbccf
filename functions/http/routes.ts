/**
 * The API contract: every route, its schemas (for validation and for the
 * generated OpenAPI document) and the service it calls. Handlers stay thin.
 */
import {
  acceptInvitationSchema,
  allocateSchema,
  apiKeySchema,
  appointmentOutcomeSchema,
  approvalListQuerySchema,
  attendanceQuerySchema,
  attendanceSchema,
  callRateQuerySchema,
  callSchema,
  cancelContractSchema,
  catalogueSchema,
  complaintListQuerySchema,
  complaintOemFlagSchema,
  complaintReassignSchema,
  complaintResolutionSchema,
  complaintResponseSchema,
  complaintSchema,
  dealSettingsInputSchema,
  deliveryAppointmentSchema,
  deliveryCompleteSchema,
  deliveryPhotoSchema,
  dunningTaskDoneSchema,
  dutySchema,
  eodTickSchema,
  financeConfirmSchema,
  fleetVehiclePatchSchema,
  fleetVehicleSchema,
  followUpSchema,
  inventorySettingsSchema,
  invitationSchema,
  invoiceSchema,
  keyReturnSchema,
  keyTakeSchema,
  leadJsonSchema,
  ledgerQuerySchema,
  loanStatusSchema,
  loginSchema,
  lostDecisionSchema,
  lostRequestSchema,
  makeOrderSchema,
  NotFoundError,
  needsAnalysisSchema,
  oemLinkSchema,
  outOfOfficeSchema,
  parseInput,
  paymentRequestSchema,
  paymentSchema,
  planQuerySchema,
  poLinkSchema,
  postDeliveryCallSchema,
  prospectFromWalkInSchema,
  prospectImportChunkSchema,
  prospectImportPreviewSchema,
  prospectListQuerySchema,
  prospectSchema,
  prospectTransferSchema,
  purchaseOrderSchema,
  quoteCancelSchema,
  quoteDecisionSchema,
  quoteListQuerySchema,
  quoteSchema,
  releaseAllocationSchema,
  rosterCopySchema,
  rosterQuerySchema,
  rosterSchema,
  showroomSettingsSchema,
  signupSchema,
  staffPatchSchema,
  storePatchSchema,
  storeSchema,
  testDriveBookingSchema,
  testDriveCancelSchema,
  testDriveListQuerySchema,
  testDriveReturnSchema,
  testDriveSignOffSchema,
  testDriveStartSchema,
  UnauthorizedError,
  vehicleListQuerySchema,
  vehicleRegistrationSchema,
  vehicleTransitionSchema,
  walkInListQuerySchema,
  walkInPatchSchema,
  walkInSchema,
} from "@dealeros/core";
import {
  attendance,
  auth,
  type Ctx,
  clearSessionCookie,
  complaints,
  contracts,
  dealSettings,
  delivery,
  eod,
  followUps,
  inventory,
  leads,
  oemLinks,
  prospectImport,
  prospects,
  quotes,
  roster,
  sessionCookie,
  settings,
  showroom,
  staff,
  stores,
  testDrives,
} from "@dealeros/services";
import type { z } from "zod";
import { customerTaskRoutes } from "./routes-customer-tasks.ts";
import { customerRoutes } from "./routes-customers.ts";
import { eventRoutes } from "./routes-events.ts";
import { monthEndRoutes } from "./routes-month-end.ts";
import { repairRoutes } from "./routes-repair.ts";
import { reportRoutes } from "./routes-reports.ts";
import { serviceRoutes } from "./routes-service.ts";
import { targetRoutes } from "./routes-targets.ts";

export interface ApiRequest {
  method: string;
  headers: Record<string, string | undefined>;
  /** the body as text, for routes that parse it themselves (rawBody) */
  rawBody?: string;
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body: unknown;
  token?: string;
  ctx?: Ctx;
}

export interface ApiResult {
  status: number;
  body?: unknown;
  cookies?: string[];
  /** a file instead of JSON (e.g. a licence photo), sent base64-encoded */
  binary?: { data: Uint8Array; contentType: string };
}

export interface Route {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  summary: string;
  /** false: no session needed */
  auth: boolean;
  body?: z.ZodType;
  query?: z.ZodType;
  /** the handler reads the body itself (e.g. JSON or XML); `body` then only documents it */
  rawBody?: boolean;
  /** the path parameter naming a store, read with the session in one round trip */
  storeParam?: string;
  /** a larger JSON body limit than the default 64 KB (e.g. a base64 photo) */
  maxBodyBytes?: number;
  handle: (req: ApiRequest) => Promise<ApiResult>;
}

const ok = (body: unknown, status = 200): ApiResult => ({ status, body });

function ctxOf(req: ApiRequest): Ctx {
  if (!req.ctx) throw new UnauthorizedError();
  return req.ctx;
}

export const routes: Route[] = [
  {
    method: "GET",
    path: "/api/health",
    summary: "Health: 200 only after a real round trip to the table",
    auth: false,
    handle: async () => {
      const { healthCheck } = await import("./health.ts");
      await healthCheck();
      return ok({ status: "ok" });
    },
  },
  {
    method: "POST",
    path: "/api/signup",
    summary: "A dealership group signs up: tenant + group admin; sets the session cookie",
    auth: false,
    body: signupSchema,
    handle: async (req) => {
      const s = await auth.signup(req.body);
      return { status: 201, body: { user: s.actor }, cookies: [sessionCookie(s.token, s.maxAge)] };
    },
  },
  {
    method: "POST",
    path: "/api/session",
    summary: "Sign in with email and password (throttled after repeated failures)",
    auth: false,
    body: loginSchema,
    handle: async (req) => {
      const s = await auth.login(req.body);
      return { status: 200, body: { user: s.actor }, cookies: [sessionCookie(s.token, s.maxAge)] };
    },
  },
  {
    method: "DELETE",
    path: "/api/session",
    summary: "Sign out",
    auth: false,
    handle: async (req) => {
      await auth.logout(req.token);
      return { status: 204, cookies: [clearSessionCookie()] };
    },
  },
  {
    method: "GET",
    path: "/api/me",
    summary: "The signed-in user",
    auth: true,
    handle: async (req) => ok({ user: ctxOf(req).actor }),
  },
  {
    method: "GET",
    path: "/api/stores",
    summary: "Stores the user can see",
    auth: true,
    handle: async (req) => ok({ stores: await stores.listStores(ctxOf(req)) }),
  },
  {
    method: "POST",
    path: "/api/stores",
    summary: "Add a store (group admin)",
    auth: true,
    body: storeSchema,
    handle: async (req) => ok({ store: await stores.createStore(ctxOf(req), req.body) }, 201),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}",
    summary: "One store",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok({ store: await stores.getStore(ctxOf(req), req.params.storeId!) }),
  },
  {
    method: "PATCH",
    path: "/api/stores/{storeId}",
    summary: "Change a store (optimistic locking on version)",
    auth: true,
    storeParam: "storeId",
    body: storePatchSchema,
    handle: async (req) => ok({ store: await stores.updateStore(ctxOf(req), req.params.storeId!, req.body) }),
  },
  {
    method: "GET",
    path: "/api/staff",
    summary: "Staff of the group (or of the manager's stores)",
    auth: true,
    handle: async (req) => ok({ staff: await staff.listStaff(ctxOf(req)) }),
  },
  {
    method: "PATCH",
    path: "/api/staff/{userId}",
    summary: "Deactivate or reactivate a staff member (they can no longer sign in; history stays)",
    auth: true,
    body: staffPatchSchema,
    handle: async (req) => {
      const { active } = parseInput(staffPatchSchema, req.body);
      return ok({ staff: await staff.setStaffActive(ctxOf(req), req.params.userId!, active) });
    },
  },
  {
    method: "GET",
    path: "/api/invitations",
    summary: "Invitations sent",
    auth: true,
    handle: async (req) => ok({ invitations: await staff.listInvitations(ctxOf(req)) }),
  },
  {
    method: "POST",
    path: "/api/invitations",
    summary: "Invite a person by email with roles and stores; locally the accept link is returned",
    auth: true,
    body: invitationSchema,
    handle: async (req) => {
      const { invitation, token } = await staff.invite(ctxOf(req), req.body);
      const exposeLink = process.env.EXPOSE_INVITE_LINKS === "true";
      return ok({ invitation, ...(exposeLink ? { acceptPath: `/invite/${token}`, token } : {}) }, 201);
    },
  },
  {
    method: "POST",
    path: "/api/invitations/{token}/accept",
    summary: "Accept an invitation: set name and password; signs in",
    auth: false,
    body: acceptInvitationSchema,
    handle: async (req) => {
      const s = await staff.acceptInvitation(req.params.token!, req.body);
      return { status: 201, body: { user: s.actor }, cookies: [sessionCookie(s.token, s.maxAge)] };
    },
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/duty",
    summary: "Today's on-duty board in rotation order",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok({ duty: await showroom.getDutyBoard(ctxOf(req), req.params.storeId!) }),
  },
  {
    method: "PUT",
    path: "/api/stores/{storeId}/duty/{userId}",
    summary: "Go on or off duty (self, or anyone for receptionist/manager)",
    auth: true,
    storeParam: "storeId",
    body: dutySchema,
    handle: async (req) =>
      ok({ duty: await showroom.setDuty(ctxOf(req), req.params.storeId!, req.params.userId!, req.body) }),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/roster",
    summary: "A week's duty roster (?week=2026-W48 or its Monday's date; default this week) with its history",
    auth: true,
    storeParam: "storeId",
    query: rosterQuerySchema,
    handle: async (req) => ok({ roster: await roster.getRoster(ctxOf(req), req.params.storeId!, req.query) }),
  },
  {
    method: "PUT",
    path: "/api/stores/{storeId}/roster",
    summary: "Replace a week's roster (managers; version-checked: 409 when stale; audited)",
    auth: true,
    storeParam: "storeId",
    query: rosterQuerySchema,
    body: rosterSchema,
    handle: async (req) =>
      ok({ roster: await roster.saveRoster(ctxOf(req), req.params.storeId!, req.query, req.body) }),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/roster/copy",
    summary: "Copy last week's roster onto the week (managers; the week's version is checked; audited)",
    auth: true,
    storeParam: "storeId",
    query: rosterQuerySchema,
    body: rosterCopySchema,
    handle: async (req) => ok(await roster.copyLastWeek(ctxOf(req), req.params.storeId!, req.query, req.body), 201),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/coverage",
    summary: "Door coverage of a week: consultants at the door per opening hour and the gaps below the door minimum",
    auth: true,
    storeParam: "storeId",
    query: rosterQuerySchema,
    handle: async (req) => ok({ coverage: await roster.getCoverage(ctxOf(req), req.params.storeId!, req.query) }),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/attendance",
    summary: "A store's attendance of a local day (?date=, default today): shifts, sign-ins, lateness, whereabouts",
    auth: true,
    storeParam: "storeId",
    query: attendanceQuerySchema,
    handle: async (req) =>
      ok({ attendance: await attendance.getAttendanceDay(ctxOf(req), req.params.storeId!, req.query) }),
  },
  ...(["sign-in", "sign-out", "back"] as const).map(
    (step): Route => ({
      method: "POST",
      path: `/api/stores/{storeId}/attendance/${step}`,
      summary:
        step === "sign-in"
          ? "Sign in (self; or for someone by a receptionist/manager with a reason); a rostered consultant goes on duty"
          : step === "sign-out"
            ? "Sign out (self; or for someone with a reason); takes a consultant off duty"
            : "Back in the office after going out; puts a consultant back on duty",
      auth: true,
      storeParam: "storeId",
      body: attendanceSchema,
      handle: async (req) =>
        ok(
          await attendance.recordAttendance(
            ctxOf(req),
            req.params.storeId!,
            step === "sign-in" ? "sign_in" : step === "sign-out" ? "sign_out" : "back",
            req.body,
          ),
          201,
        ),
    }),
  ),
  {
    method: "POST",
    path: "/api/stores/{storeId}/attendance/out",
    summary: "Out of the office (外出): destination, purpose, expected return; takes a consultant off duty",
    auth: true,
    storeParam: "storeId",
    body: outOfOfficeSchema,
    handle: async (req) => ok(await attendance.recordAttendance(ctxOf(req), req.params.storeId!, "out", req.body), 201),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/walk-ins",
    summary: "The walk-in log of a store-local day (?date=YYYY-MM-DD, default today)",
    auth: true,
    storeParam: "storeId",
    query: walkInListQuerySchema,
    handle: async (req) => {
      const q = parseInput(walkInListQuerySchema, req.query);
      return ok(await showroom.listWalkIns(ctxOf(req), req.params.storeId!, q.date));
    },
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/walk-ins",
    summary: "Log a walk-in; it is assigned by fair rotation and the reason stored",
    auth: true,
    storeParam: "storeId",
    body: walkInSchema,
    handle: async (req) => ok({ walkIn: await showroom.logWalkIn(ctxOf(req), req.params.storeId!, req.body) }, 201),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/walk-ins/{id}",
    summary: "One walk-in with its audit trail",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok(await showroom.getWalkIn(ctxOf(req), req.params.storeId!, req.params.id!)),
  },
  {
    method: "PATCH",
    path: "/api/stores/{storeId}/walk-ins/{id}",
    summary: "Departure, details or reassignment with a reason (audited)",
    auth: true,
    storeParam: "storeId",
    body: walkInPatchSchema,
    handle: async (req) =>
      ok({ walkIn: await showroom.updateWalkIn(ctxOf(req), req.params.storeId!, req.params.id!, req.body) }),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/my-walk-ins",
    summary: "My customers today (the signed-in consultant's walk-ins)",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok(await showroom.myWalkInsToday(ctxOf(req), req.params.storeId!)),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/prospects",
    summary:
      "Prospect cards: a consultant's own (owner=me), or the store's (owner=all) for receptionists and managers; cursor pages",
    auth: true,
    storeParam: "storeId",
    query: prospectListQuerySchema,
    handle: async (req) => ok(await prospects.listProspects(ctxOf(req), req.params.storeId!, req.query)),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/prospects",
    summary: "Create a prospect card; one active card per mobile per store (409 names the owner)",
    auth: true,
    storeParam: "storeId",
    body: prospectSchema,
    handle: async (req) =>
      ok({ prospect: await prospects.createProspect(ctxOf(req), req.params.storeId!, req.body) }, 201),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/prospects/import/preview",
    summary:
      "Check a CSV of existing prospects without writing: per-row status (ready / skip: exists, imported, duplicate / error) and errors. Body: text/csv, or JSON {csv} or {csvBase64} (UTF-8, UTF-8 with BOM or GBK)",
    auth: true,
    storeParam: "storeId",
    rawBody: true,
    body: prospectImportPreviewSchema,
    handle: async (req) =>
      ok(
        await prospectImport.previewImport(ctxOf(req), req.params.storeId!, () =>
          prospectImport.csvFromRequest(req.headers["content-type"] ?? "", req.rawBody ?? ""),
        ),
      ),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/prospects/import",
    summary:
      "Import a chunk of previewed rows (at most 25): each becomes a card like a manual one; a mobile with an active card or a row imported before is skipped (idempotent)",
    auth: true,
    storeParam: "storeId",
    body: prospectImportChunkSchema,
    handle: async (req) => ok(await prospectImport.importProspects(ctxOf(req), req.params.storeId!, req.body)),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/prospects/{id}",
    summary: "One prospect card with its audit trail",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok(await prospects.getProspect(ctxOf(req), req.params.storeId!, req.params.id!)),
  },
  {
    method: "PATCH",
    path: "/api/stores/{storeId}/prospects/{id}",
    summary: "Transfer a card to another consultant with a reason (manager; audited)",
    auth: true,
    storeParam: "storeId",
    body: prospectTransferSchema,
    handle: async (req) =>
      ok({ prospect: await prospects.transferProspect(ctxOf(req), req.params.storeId!, req.params.id!, req.body) }),
  },
  {
    method: "PUT",
    path: "/api/stores/{storeId}/prospects/{id}/needs",
    summary: "Save the needs analysis (10 key facts); grades the card H/A/B/C and sets the next follow-up",
    auth: true,
    storeParam: "storeId",
    body: needsAnalysisSchema,
    handle: async (req) =>
      ok({ prospect: await prospects.saveNeedsAnalysis(ctxOf(req), req.params.storeId!, req.params.id!, req.body) }),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/prospects/{id}/lost",
    summary: "Ask to close a card as lost (战败) with a reason; it stays open until a supervisor decides",
    auth: true,
    storeParam: "storeId",
    body: lostRequestSchema,
    handle: async (req) =>
      ok({ prospect: await prospects.requestLost(ctxOf(req), req.params.storeId!, req.params.id!, req.body) }),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/prospects/{id}/lost/decision",
    summary: "Supervisor approves (grade F, card closed, mobile freed) or rejects a loss",
    auth: true,
    storeParam: "storeId",
    body: lostDecisionSchema,
    handle: async (req) =>
      ok({ prospect: await prospects.decideLost(ctxOf(req), req.params.storeId!, req.params.id!, req.body) }),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/prospects/{id}/calls",
    summary:
      "Log a phone call on a card (inbound/outbound, duration, outcome); the first call is the lead's first response",
    auth: true,
    storeParam: "storeId",
    body: callSchema,
    handle: async (req) =>
      ok({ call: await prospects.logCall(ctxOf(req), req.params.storeId!, req.params.id!, req.body) }, 201),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/prospects/{id}/follow-ups",
    summary:
      "Complete a follow-up (channel, outcome, note, next step, optional appointment): closes the open follow-up task and schedules the next one from the grade's cadence (version-checked)",
    auth: true,
    storeParam: "storeId",
    body: followUpSchema,
    handle: async (req) =>
      ok(await followUps.completeFollowUp(ctxOf(req), req.params.storeId!, req.params.id!, req.body), 201),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/prospects/{id}/follow-ups",
    summary: "A card's follow-up history, next due time and its follow-up tasks and appointments",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok(await followUps.listCardFollowUps(ctxOf(req), req.params.storeId!, req.params.id!)),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/prospects/{id}/appointments/{appointmentId}/outcome",
    summary: "Record how an appointment went: arrived (done), no_show or cancelled",
    auth: true,
    storeParam: "storeId",
    body: appointmentOutcomeSchema,
    handle: async (req) =>
      ok({
        appointment: await followUps.recordAppointmentOutcome(
          ctxOf(req),
          req.params.storeId!,
          req.params.id!,
          req.params.appointmentId!,
          req.body,
        ),
      }),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/plan",
    summary:
      "Today's plan (?date=YYYY-MM-DD&owner=me|all|<userId>): a consultant's items of the day with done/open and his overdue work; for supervisors every consultant's completion rate and overdue count",
    auth: true,
    storeParam: "storeId",
    query: planQuerySchema,
    handle: async (req) => ok(await followUps.getPlan(ctxOf(req), req.params.storeId!, req.query)),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/walk-ins/{id}/prospect",
    summary: "Make a prospect card from a walk-in in one step (or link it to the mobile's existing card)",
    auth: true,
    storeParam: "storeId",
    body: prospectFromWalkInSchema,
    handle: async (req) => {
      const r = await prospects.prospectFromWalkIn(ctxOf(req), req.params.storeId!, req.params.id!, req.body);
      return ok(r, r.linked ? 200 : 201);
    },
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/api-keys",
    summary: "The store's API keys for lead intake (group admin)",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok({ apiKeys: await leads.listApiKeys(ctxOf(req), req.params.storeId!) }),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/api-keys",
    summary: "Create an API key for lead intake; the key is returned once, only its hash is kept",
    auth: true,
    storeParam: "storeId",
    body: apiKeySchema,
    handle: async (req) => ok(await leads.createApiKey(ctxOf(req), req.params.storeId!, req.body), 201),
  },
  {
    method: "DELETE",
    path: "/api/stores/{storeId}/api-keys/{keyId}",
    summary: "Revoke an API key",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok({ apiKey: await leads.revokeApiKey(ctxOf(req), req.params.storeId!, req.params.keyId!) }),
  },
  {
    method: "POST",
    path: "/api/leads",
    summary:
      "Internet lead intake with a store API key (Authorization: Bearer <key>): JSON (LeadInput) or ADF 1.0 XML (application/xml). Idempotent by Idempotency-Key or provider lead id.",
    auth: false,
    rawBody: true,
    body: leadJsonSchema,
    handle: async (req) => {
      const results = await leads.intakeLeads(
        req.headers.authorization,
        req.headers["content-type"] ?? "",
        req.rawBody ?? "",
        req.headers["idempotency-key"],
      );
      return ok({ results }, results.some((r) => r.status === "created") ? 201 : 200);
    },
  },
  // test drives (试乘试驾): the fleet routes come before /test-drives/{id} so "fleet" is never taken for an id
  {
    method: "GET",
    path: "/api/stores/{storeId}/test-drives/fleet",
    summary: "The store's test-drive cars (试驾车)",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok({ fleet: await testDrives.listFleet(ctxOf(req), req.params.storeId!) }),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/test-drives/fleet",
    summary: "Add a test-drive car: plate, model, colour, optional VIN (managers; one plate per store)",
    auth: true,
    storeParam: "storeId",
    body: fleetVehicleSchema,
    handle: async (req) => ok({ vehicle: await testDrives.addVehicle(ctxOf(req), req.params.storeId!, req.body) }, 201),
  },
  {
    method: "PATCH",
    path: "/api/stores/{storeId}/test-drives/fleet/{vehicleId}",
    summary: "Change a test-drive car or take it out of service (managers; version-checked, audited)",
    auth: true,
    storeParam: "storeId",
    body: fleetVehiclePatchSchema,
    handle: async (req) =>
      ok({
        vehicle: await testDrives.updateVehicle(ctxOf(req), req.params.storeId!, req.params.vehicleId!, req.body),
      }),
  },
  {
    method: "DELETE",
    path: "/api/stores/{storeId}/test-drives/fleet/{vehicleId}",
    summary: "Remove a test-drive car without upcoming drives (managers; audited)",
    auth: true,
    storeParam: "storeId",
    handle: async (req) =>
      ok({ vehicle: await testDrives.removeVehicle(ctxOf(req), req.params.storeId!, req.params.vehicleId!) }),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/test-drives",
    summary: "The store's test drives of a local day (?date=YYYY-MM-DD, default today), in start order",
    auth: true,
    storeParam: "storeId",
    query: testDriveListQuerySchema,
    handle: async (req) => ok(await testDrives.listTestDrives(ctxOf(req), req.params.storeId!, req.query)),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/test-drives",
    summary:
      "Book a test drive for a prospect card; the car's 15-minute slots are locked in the same transaction (409 names the clashing time)",
    auth: true,
    storeParam: "storeId",
    body: testDriveBookingSchema,
    handle: async (req) =>
      ok({ testDrive: await testDrives.bookTestDrive(ctxOf(req), req.params.storeId!, req.body) }, 201),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/test-drives/{id}",
    summary: "One test drive with its audit trail",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok(await testDrives.getTestDrive(ctxOf(req), req.params.storeId!, req.params.id!)),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/test-drives/{id}/cancel",
    summary: "Cancel a booked test drive; frees the car's slots",
    auth: true,
    storeParam: "storeId",
    body: testDriveCancelSchema,
    handle: async (req) =>
      ok({
        testDrive: await testDrives.cancelTestDrive(ctxOf(req), req.params.storeId!, req.params.id!, req.body),
      }),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/test-drives/{id}/start",
    summary:
      "Time out: driving licence (Chinese ID number or foreign), licence photo (base64 JPEG/PNG/WebP, at most 5 MB) and the signed waiver",
    auth: true,
    storeParam: "storeId",
    body: testDriveStartSchema,
    maxBodyBytes: 8 * 1024 * 1024,
    handle: async (req) =>
      ok({
        testDrive: await testDrives.startTestDrive(ctxOf(req), req.params.storeId!, req.params.id!, req.body),
      }),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/test-drives/{id}/return",
    summary: "Time in, with the customer's rating (1–5), comments and interest after the drive",
    auth: true,
    storeParam: "storeId",
    body: testDriveReturnSchema,
    handle: async (req) =>
      ok({
        testDrive: await testDrives.returnTestDrive(ctxOf(req), req.params.storeId!, req.params.id!, req.body),
      }),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/test-drives/{id}/sign-off",
    summary: "The supervisor (sales manager / general manager) signs off a completed test drive (audited)",
    auth: true,
    storeParam: "storeId",
    body: testDriveSignOffSchema,
    handle: async (req) =>
      ok({
        testDrive: await testDrives.signOffTestDrive(ctxOf(req), req.params.storeId!, req.params.id!, req.body),
      }),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/test-drives/{id}/licence-photo",
    summary: "The licence photo of a started test drive (the image itself; owner, receptionist or manager)",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => {
      const photo = await testDrives.getLicencePhoto(ctxOf(req), req.params.storeId!, req.params.id!);
      return { status: 200, binary: { data: photo.bytes, contentType: photo.contentType } };
    },
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/complaints",
    summary:
      "Complaints of a store, one filter per list (filter=open|overdue|escalated|resolved|oem, default open); cursor pages",
    auth: true,
    storeParam: "storeId",
    query: complaintListQuerySchema,
    handle: async (req) => ok(await complaints.listComplaints(ctxOf(req), req.params.storeId!, req.query)),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/complaints",
    summary: "Log a complaint (any staff of the store); assigned to the sales manager unless named; due in the SLA",
    auth: true,
    storeParam: "storeId",
    body: complaintSchema,
    handle: async (req) =>
      ok({ complaint: await complaints.createComplaint(ctxOf(req), req.params.storeId!, req.body) }, 201),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/complaints/{id}",
    summary: "One complaint with its SLA state and audit trail",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok(await complaints.getComplaint(ctxOf(req), req.params.storeId!, req.params.id!)),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/complaints/{id}/response",
    summary: "Record the first response (note, action taken): the complaint is handled and the SLA clock stops",
    auth: true,
    storeParam: "storeId",
    body: complaintResponseSchema,
    handle: async (req) =>
      ok({
        complaint: await complaints.respondToComplaint(ctxOf(req), req.params.storeId!, req.params.id!, req.body),
      }),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/complaints/{id}/resolution",
    summary: "Resolve and close with the customer's satisfaction (1-5); without a response yet, it is the response too",
    auth: true,
    storeParam: "storeId",
    body: complaintResolutionSchema,
    handle: async (req) =>
      ok({ complaint: await complaints.resolveComplaint(ctxOf(req), req.params.storeId!, req.params.id!, req.body) }),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/complaints/{id}/assignment",
    summary: "Reassign a complaint to another staff member of the store with a reason (assignee or manager; audited)",
    auth: true,
    storeParam: "storeId",
    body: complaintReassignSchema,
    handle: async (req) =>
      ok({
        complaint: await complaints.reassignComplaint(ctxOf(req), req.params.storeId!, req.params.id!, req.body),
      }),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/complaints/{id}/oem",
    summary: "Flag a complaint for the OEM (quality problem) with a note; it appears in the oem list",
    auth: true,
    storeParam: "storeId",
    body: complaintOemFlagSchema,
    handle: async (req) =>
      ok({
        complaint: await complaints.flagComplaintForOem(ctxOf(req), req.params.storeId!, req.params.id!, req.body),
      }),
  },
  {
    method: "GET",
    path: "/api/audit",
    summary: "Who changed what: store and staff changes of the group, newest first",
    auth: true,
    handle: async (req) => ok({ entries: await stores.listAuditLog(ctxOf(req)) }),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/lead-responses",
    summary: "Internet leads of a day with their first-response clock, and every lead still waiting past its deadline",
    auth: true,
    storeParam: "storeId",
    query: walkInListQuerySchema,
    handle: async (req) => ok(await leads.listLeadResponses(ctxOf(req), req.params.storeId!, req.query)),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/end-of-day",
    summary:
      "End-of-day check of a day: walk-ins without a card, cards without needs analysis, drives without sign-off, overdue follow-ups",
    auth: true,
    storeParam: "storeId",
    query: walkInListQuerySchema,
    handle: async (req) => ok(await eod.getEndOfDay(ctxOf(req), req.params.storeId!, req.query)),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/end-of-day/tick",
    summary: "The supervisor ticks the day off (a note is required while gaps remain); once per day",
    auth: true,
    storeParam: "storeId",
    body: eodTickSchema,
    handle: async (req) => ok(await eod.tickEndOfDay(ctxOf(req), req.params.storeId!, req.body)),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/end-of-day/history",
    summary: "The store's kept end-of-day results of the last two weeks",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok({ checks: await eod.listEndOfDay(ctxOf(req), req.params.storeId!) }),
  },
  // reports (issue 6): period reports, daily reports, outbox, report settings
  ...reportRoutes,
  // vehicle inventory (库存): catalogue, vehicles by VIN, status transitions, aging, key custody
  {
    method: "GET",
    path: "/api/catalogue",
    summary: "The group's vehicle catalogue: brand → model → trim (with list price in fen) → colours",
    auth: true,
    handle: async (req) => ok({ catalogue: await inventory.getCatalogue(ctxOf(req)) }),
  },
  {
    method: "PUT",
    path: "/api/catalogue",
    summary: "Replace the catalogue (sales admin and managers; version-checked, audited)",
    auth: true,
    body: catalogueSchema,
    handle: async (req) => ok({ catalogue: await inventory.updateCatalogue(ctxOf(req), req.body) }),
  },
  {
    method: "GET",
    path: "/api/settings/inventory",
    summary: "Inventory settings: VINs without a check digit allowed, key-out limit in minutes",
    auth: true,
    handle: async (req) => ok({ settings: await inventory.getInventorySettings(ctxOf(req)) }),
  },
  {
    method: "PUT",
    path: "/api/settings/inventory",
    summary: "Change the inventory settings (sales admin and managers; version-checked, audited)",
    auth: true,
    body: inventorySettingsSchema,
    handle: async (req) => ok({ settings: await inventory.updateInventorySettings(ctxOf(req), req.body) }),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/inventory/aging",
    summary:
      "Aging of the store's stock on the lot: buckets 0–30 / 31–60 / 61–90 / 90+ days per model with counts and value, aged share, keys out too long",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok(await inventory.getAging(ctxOf(req), req.params.storeId!)),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/vehicles",
    summary: "The store's vehicles of every status (or one), newest first",
    auth: true,
    storeParam: "storeId",
    query: vehicleListQuerySchema,
    handle: async (req) => ok(await inventory.listVehicles(ctxOf(req), req.params.storeId!, req.query)),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/vehicles",
    summary: "Register a vehicle by VIN (validated; unique per group): engine number, trim, colour, purchase cost",
    auth: true,
    storeParam: "storeId",
    body: vehicleRegistrationSchema,
    handle: async (req) =>
      ok({ vehicle: await inventory.registerVehicle(ctxOf(req), req.params.storeId!, req.body) }, 201),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/vehicles/{vehicleId}",
    summary: "A vehicle with its audit trail and key log",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok(await inventory.getVehicle(ctxOf(req), req.params.storeId!, req.params.vehicleId!)),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/vehicles/{vehicleId}/transitions",
    summary: "Move a vehicle to its next status (arrival needs the inspection 新车到店验收); an illegal move is a 409",
    auth: true,
    storeParam: "storeId",
    body: vehicleTransitionSchema,
    handle: async (req) =>
      ok({
        vehicle: await inventory.transitionVehicle(ctxOf(req), req.params.storeId!, req.params.vehicleId!, req.body),
      }),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/vehicles/{vehicleId}/keys/take",
    summary: "Take a vehicle's keys (logged; one holder at a time)",
    auth: true,
    storeParam: "storeId",
    body: keyTakeSchema,
    handle: async (req) =>
      ok({ vehicle: await inventory.takeKeys(ctxOf(req), req.params.storeId!, req.params.vehicleId!, req.body) }),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/vehicles/{vehicleId}/keys/return",
    summary: "Return a vehicle's keys (the holder, the sales admin or a manager)",
    auth: true,
    storeParam: "storeId",
    body: keyReturnSchema,
    handle: async (req) =>
      ok({ vehicle: await inventory.returnKeys(ctxOf(req), req.params.storeId!, req.params.vehicleId!, req.body) }),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/purchase-orders",
    summary: "The store's purchase orders to the OEM, newest first, and every open line (vehicles still to arrive)",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok(await inventory.listPurchaseOrders(ctxOf(req), req.params.storeId!)),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/purchase-orders",
    summary: "Raise a purchase order to the OEM: lines of trim, colour and quantity (sales admin and managers)",
    auth: true,
    storeParam: "storeId",
    body: purchaseOrderSchema,
    handle: async (req) =>
      ok({ purchaseOrder: await inventory.raisePurchaseOrder(ctxOf(req), req.params.storeId!, req.body) }, 201),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/purchase-orders/{poId}",
    summary: "One purchase order with its lines and received counts",
    auth: true,
    storeParam: "storeId",
    handle: async (req) =>
      ok({ purchaseOrder: await inventory.getPurchaseOrder(ctxOf(req), req.params.storeId!, req.params.poId!) }),
  },
  // quotes (报价) and discount approval; deal settings
  {
    method: "GET",
    path: "/api/settings/deals",
    summary: "The group's deal settings: discount limit per role (fen; null = none), dunning escalation, deposit days",
    auth: true,
    handle: async (req) => ok({ settings: await dealSettings.getDealSettings(ctxOf(req)) }),
  },
  {
    method: "PUT",
    path: "/api/settings/deals",
    summary: "Change the deal settings (group admin, general manager; version-checked, audited)",
    auth: true,
    body: dealSettingsInputSchema,
    handle: async (req) => ok({ settings: await dealSettings.updateDealSettings(ctxOf(req), req.body) }),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/prospects/{prospectId}/quotes",
    summary:
      "Make a quote for a card (amounts in fen; totals computed by the server); over the maker's discount limit it waits for approval",
    auth: true,
    storeParam: "storeId",
    body: quoteSchema,
    handle: async (req) =>
      ok({ quote: await quotes.createQuote(ctxOf(req), req.params.storeId!, req.params.prospectId!, req.body) }, 201),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/prospects/{prospectId}/deals",
    summary: "A card's quotes and contracts (its owner, managers and the sales admin)",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok(await quotes.listProspectDeals(ctxOf(req), req.params.storeId!, req.params.prospectId!)),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/quotes",
    summary: "A page of the store's quotes, newest first (a consultant: his own); status filter, cursor",
    auth: true,
    storeParam: "storeId",
    query: quoteListQuerySchema,
    handle: async (req) => ok(await quotes.listStoreQuotes(ctxOf(req), req.params.storeId!, req.query)),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/quotes/{quoteId}",
    summary: "A quote with every line, its totals, approval and audit trail",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok(await quotes.getQuote(ctxOf(req), req.params.storeId!, req.params.quoteId!)),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/quotes/{quoteId}/decision",
    summary: "Approve or reject (with a reason) a discount waiting for approval (managers; not their own quote)",
    auth: true,
    storeParam: "storeId",
    body: quoteDecisionSchema,
    handle: async (req) =>
      ok({ quote: await quotes.decideApproval(ctxOf(req), req.params.storeId!, req.params.quoteId!, req.body) }),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/quotes/{quoteId}/cancel",
    summary: "Withdraw a quote that has not become an order (the card's consultant or a manager)",
    auth: true,
    storeParam: "storeId",
    body: quoteCancelSchema,
    handle: async (req) =>
      ok({ quote: await quotes.cancelQuote(ctxOf(req), req.params.storeId!, req.params.quoteId!, req.body) }),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/approvals",
    summary: "The store's quotes waiting for discount approval, longest waiting first (managers)",
    auth: true,
    storeParam: "storeId",
    query: approvalListQuerySchema,
    handle: async (req) => ok(await quotes.listApprovals(ctxOf(req), req.params.storeId!, req.query)),
  },
  // orders and contracts (合同): order from a quote, ledger, allocation / PO line, payments, invoice, loan, receivables
  {
    method: "POST",
    path: "/api/stores/{storeId}/quotes/{quoteId}/order",
    summary:
      "Make the order from an open or approved quote: contract number from the store's sequence, dues, card graded O (one transaction)",
    auth: true,
    storeParam: "storeId",
    body: makeOrderSchema,
    handle: async (req) =>
      ok(
        { contract: await contracts.createOrder(ctxOf(req), req.params.storeId!, req.params.quoteId!, req.body) },
        201,
      ),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/contracts",
    summary:
      "A page of the contract ledger (合同履行一览表), newest first: deposit, paid, balance, vehicle, delivery dates, state and stage",
    auth: true,
    storeParam: "storeId",
    query: ledgerQuerySchema,
    handle: async (req) => ok(await contracts.listLedger(ctxOf(req), req.params.storeId!, req.query)),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/contracts/{contractId}",
    summary: "A contract with its dues, payments, dunning reminders, delivery blockers and audit trail",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok(await contracts.getContract(ctxOf(req), req.params.storeId!, req.params.contractId!)),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/contracts/{contractId}/allocation-options",
    summary: "In-stock vehicles of the contract's trim and open purchase-order lines of the trim",
    auth: true,
    storeParam: "storeId",
    handle: async (req) =>
      ok(await contracts.allocationOptions(ctxOf(req), req.params.storeId!, req.params.contractId!)),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/contracts/{contractId}/allocation",
    summary: "Allocate a stock vehicle (in stock → allocated, conditional: a vehicle is never allocated twice)",
    auth: true,
    storeParam: "storeId",
    body: allocateSchema,
    handle: async (req) =>
      ok({
        contract: await contracts.allocateVehicle(ctxOf(req), req.params.storeId!, req.params.contractId!, req.body),
      }),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/contracts/{contractId}/allocation/release",
    summary: "Release the allocated vehicle back into stock (before delivery)",
    auth: true,
    storeParam: "storeId",
    body: releaseAllocationSchema,
    handle: async (req) =>
      ok({
        contract: await contracts.releaseAllocation(ctxOf(req), req.params.storeId!, req.params.contractId!, req.body),
      }),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/contracts/{contractId}/po-link",
    summary: "No stock: link the contract to an open purchase-order line of its trim",
    auth: true,
    storeParam: "storeId",
    body: poLinkSchema,
    handle: async (req) =>
      ok({ contract: await contracts.linkPoLine(ctxOf(req), req.params.storeId!, req.params.contractId!, req.body) }),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/contracts/{contractId}/payments",
    summary:
      "Record a payment in fen (sales admin): partial allowed, overpayment refused (422); an idempotency key records it once",
    auth: true,
    storeParam: "storeId",
    body: paymentSchema,
    handle: async (req) => {
      const r = await contracts.recordPayment(ctxOf(req), req.params.storeId!, req.params.contractId!, req.body);
      return ok(r, r.replayed ? 200 : 201);
    },
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/contracts/{contractId}/payment-requests",
    summary:
      "Request a payment (付款通知书) in fen: by default the balance by the first open due's date; more than the balance or nothing open is refused (422)",
    auth: true,
    storeParam: "storeId",
    body: paymentRequestSchema,
    handle: async (req) =>
      ok(await contracts.requestPayment(ctxOf(req), req.params.storeId!, req.params.contractId!, req.body), 201),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/contracts/{contractId}/invoice",
    summary: "Record the invoice number and, optionally, the stock release (出库)",
    auth: true,
    storeParam: "storeId",
    body: invoiceSchema,
    handle: async (req) =>
      ok({
        contract: await contracts.recordInvoice(ctxOf(req), req.params.storeId!, req.params.contractId!, req.body),
      }),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/contracts/{contractId}/loan",
    summary: "The loan's status with the lender: applied, approved (covers the loan due at the gate) or declined",
    auth: true,
    storeParam: "storeId",
    body: loanStatusSchema,
    handle: async (req) =>
      ok({
        contract: await contracts.setLoanStatus(ctxOf(req), req.params.storeId!, req.params.contractId!, req.body),
      }),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/contracts/{contractId}/finance-confirmation",
    summary: "Finance confirms the money although no payment is recorded yet (lets the delivery gate pass)",
    auth: true,
    storeParam: "storeId",
    body: financeConfirmSchema,
    handle: async (req) =>
      ok({
        contract: await contracts.confirmFinance(ctxOf(req), req.params.storeId!, req.params.contractId!, req.body),
      }),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/contracts/{contractId}/cancel",
    summary: "Cancel a contract (a manager) before delivery and without payments; the vehicle goes back into stock",
    auth: true,
    storeParam: "storeId",
    body: cancelContractSchema,
    handle: async (req) =>
      ok({
        contract: await contracts.cancelContract(ctxOf(req), req.params.storeId!, req.params.contractId!, req.body),
      }),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/receivables/aging",
    summary: "Aged receivables of the store: open money 0–30 / 31–60 / 61–90 / 90+ days overdue, and not yet due",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok(await contracts.agedReceivables(ctxOf(req), req.params.storeId!)),
  },
  // delivery (交车) behind the payment gate, the 3-day post-delivery call, dunning tasks
  {
    method: "GET",
    path: "/api/stores/{storeId}/contracts/{contractId}/delivery",
    summary:
      "A contract's delivery: what is missing before delivery (款到发货), appointment, photos, the post-delivery call, reminders",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok(await delivery.getDelivery(ctxOf(req), req.params.storeId!, req.params.contractId!)),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/contracts/{contractId}/delivery/appointment",
    summary:
      "Book or move the delivery appointment (an instant, or a store-local date and time); in the consultant's plan",
    auth: true,
    storeParam: "storeId",
    body: deliveryAppointmentSchema,
    handle: async (req) =>
      ok(await delivery.bookDelivery(ctxOf(req), req.params.storeId!, req.params.contractId!, req.body)),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/contracts/{contractId}/delivery/photos",
    summary: "Add a handover photo (base64 JPEG/PNG/WebP, at most 5 MB; at most 10 per contract)",
    auth: true,
    storeParam: "storeId",
    body: deliveryPhotoSchema,
    maxBodyBytes: 8 * 1024 * 1024,
    handle: async (req) =>
      ok(await delivery.addDeliveryPhoto(ctxOf(req), req.params.storeId!, req.params.contractId!, req.body), 201),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/contracts/{contractId}/delivery/photos/{photoId}",
    summary: "A handover photo (the image itself)",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => {
      const photo = await delivery.getDeliveryPhoto(
        ctxOf(req),
        req.params.storeId!,
        req.params.contractId!,
        req.params.photoId!,
      );
      return { status: 200, binary: { data: photo.bytes, contentType: photo.contentType } };
    },
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/contracts/{contractId}/delivery",
    summary:
      "Record the delivery (checklist, keys, the customer's signature): refused with 422 saying what is missing while unpaid; vehicle → delivered, card → customer, 3-day call task",
    auth: true,
    storeParam: "storeId",
    body: deliveryCompleteSchema,
    handle: async (req) =>
      ok(await delivery.completeDelivery(ctxOf(req), req.params.storeId!, req.params.contractId!, req.body)),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/post-delivery-calls/{contractId}/complete",
    summary: "Log the post-delivery call of a delivered contract (outcome, note): done in time or late",
    auth: true,
    storeParam: "storeId",
    body: postDeliveryCallSchema,
    handle: async (req) =>
      ok(await delivery.completePostDeliveryCall(ctxOf(req), req.params.storeId!, req.params.contractId!, req.body)),
  },
  {
    method: "POST",
    path: "/api/stores/{storeId}/contracts/{contractId}/dunning-task/done",
    summary: "The signed-in person's dunning task on a contract is done (the customer was reminded)",
    auth: true,
    storeParam: "storeId",
    body: dunningTaskDoneSchema,
    handle: async (req) =>
      ok(await delivery.completeDunningTask(ctxOf(req), req.params.storeId!, req.params.contractId!, req.body)),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/deliveries",
    summary: "The store's booked delivery appointments, earliest first (a consultant: his own)",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok(await delivery.listAppointments(ctxOf(req), req.params.storeId!)),
  },
  {
    method: "GET",
    path: "/api/stores/{storeId}/deliveries/call-rate",
    summary:
      "Post-delivery calls made within 3 days for the deliveries of a period (from, to: store-local dates; default this month), per consultant and store",
    auth: true,
    storeParam: "storeId",
    query: callRateQuerySchema,
    handle: async (req) => ok(await delivery.callRate(ctxOf(req), req.params.storeId!, req.query)),
  },
  {
    method: "GET",
    path: "/api/settings/showroom",
    summary: "The group's showroom settings: grading rule, follow-up cadence, SLAs, rotation skip, door minimum",
    auth: true,
    handle: async (req) => ok({ settings: await settings.getShowroomSettings(ctxOf(req)) }),
  },
  {
    method: "PUT",
    path: "/api/settings/showroom",
    summary: "Change the showroom settings (managers; version-checked, audited)",
    auth: true,
    body: showroomSettingsSchema,
    handle: async (req) => ok({ settings: await settings.updateShowroomSettings(ctxOf(req), req.body) }),
  },
  // ---- OEM links and KPI-sharing consent (issue 6, H4) ----
  {
    method: "GET",
    path: "/api/stores/{storeId}/oem-links",
    summary: "A store's OEM links per brand (region, dealer code, consent), the OEMs it can link to and the link audit",
    auth: true,
    storeParam: "storeId",
    handle: async (req) => ok(await oemLinks.listLinks(ctxOf(req), req.params.storeId!)),
  },
  {
    method: "PUT",
    path: "/api/stores/{storeId}/oem-links/{brand}",
    summary: "Link a franchised brand to an OEM region and grant or revoke KPI sharing (group admin; audited)",
    auth: true,
    storeParam: "storeId",
    body: oemLinkSchema,
    handle: async (req) =>
      ok({ link: await oemLinks.saveLink(ctxOf(req), req.params.storeId!, req.params.brand!, req.body) }),
  },
  ...targetRoutes,
  ...monthEndRoutes,
  ...repairRoutes,
  ...serviceRoutes,
  ...customerTaskRoutes,
  ...eventRoutes,
  ...customerRoutes,
  {
    method: "GET",
    path: "/api/openapi.json",
    summary: "This document, generated from the zod schemas",
    auth: false,
    handle: async () => {
      const { openApiDocument } = await import("./openapi.ts");
      return ok(openApiDocument());
    },
  },
];

interface Compiled {
  route: Route;
  regex: RegExp;
  names: string[];
}

const compiled: Compiled[] = routes.map((route) => {
  const names: string[] = [];
  const regex = new RegExp(
    `^${route.path.replace(/\{(\w+)\}/g, (_, n: string) => {
      names.push(n);
      return "([^/]+)";
    })}/?$`,
  );
  return { route, regex, names };
});

/** Find the route for a method and path; a known path with another method is a 405. */
export function matchRoute(
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | { methodNotAllowed: true } | null {
  let pathKnown = false;
  for (const c of compiled) {
    const m = c.regex.exec(path);
    if (!m) continue;
    pathKnown = true;
    if (c.route.method !== method) continue;
    const params: Record<string, string> = {};
    c.names.forEach((n, i) => {
      params[n] = decodeURIComponent(m[i + 1]!);
    });
    return { route: c.route, params };
  }
  return pathKnown ? { methodNotAllowed: true } : null;
}

export { NotFoundError };
