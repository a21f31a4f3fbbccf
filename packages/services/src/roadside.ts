/**
 * Roadside assistance (救援, issue 7, H3): the service desk logs a call (a
 * customer of the store, or an unknown caller), dispatches a technician of the
 * store and/or a tow, and records arrival and the end with outcome and charge.
 * Each time is set once and in order (422 otherwise); every write is
 * version-checked and audited. The board reads the open calls (sparse index) and
 * the month's calls with the response-time figures: two Queries.
 *
 * Who: the service front desk (SERVICE_STAFF) and the receptionist.
 */
import {
  addMonths,
  ConflictError,
  ForbiddenError,
  localDate,
  NotFoundError,
  newId,
  parseInput,
  type ResponseFigures,
  type RoadsideStep,
  type Role,
  responseFigures,
  roadsideArriveSchema,
  roadsideCallSchema,
  roadsideDispatchSchema,
  roadsideDoneSchema,
  roadsideQuerySchema,
  roadsideStepProblem,
  SERVICE_STAFF,
  UnprocessableError,
  zonedToUtc,
} from "@dealeros/core";
import { type AuditEntry, customers, identity, isContention, type RoadsideCall, roadside } from "@dealeros/db";
import { auditEntry, type Ctx, db, hasRole, requireStore } from "./context.ts";
import { vehicleLabelOf } from "./customers.ts";

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
export const ROADSIDE_STAFF: readonly Role[] = [...SERVICE_STAFF, "receptionist"];

export interface RoadsideOpts {
  now?: Date;
}

function requireRoadsideStaff(ctx: Ctx): void {
  if (!hasRole(ctx.actor, ...ROADSIDE_STAFF))
    throw new ForbiddenError("Only the service front desk handles roadside calls.");
}

function changed(): ConflictError {
  return new ConflictError("Someone else changed this call. Reload and try again.", { version: "Out of date." });
}

/** Log a call. A named customer must be this store's (else 422); the call starts "called" now. */
export async function logCall(
  ctx: Ctx,
  storeId: string,
  input: unknown,
  opts: RoadsideOpts = {},
): Promise<RoadsideCall> {
  await requireStore(ctx, storeId);
  requireRoadsideStaff(ctx);
  const data = parseInput(roadsideCallSchema, input);
  const t = ctx.actor.tenantId;
  const customer = data.customerId ? await customers.getCustomer(db(ctx), t, data.customerId) : undefined;
  if (data.customerId && customer?.storeId !== storeId)
    throw new UnprocessableError("Choose a customer of this store.", { customerId: "Not a customer of this store." });
  const vehicle =
    customer?.vehicles.find((v) => (data.vin && v.vin === data.vin) || (data.plate && v.plate === data.plate)) ??
    (customer?.vehicles.length === 1 && !data.vin && !data.plate ? customer.vehicles[0] : undefined);
  const at = (opts.now ?? new Date()).toISOString();
  const name = data.name ?? customer!.name;
  const mobile = data.mobile ?? customer?.mobile;
  const vin = data.vin || vehicle?.vin;
  const plate = data.plate ?? vehicle?.plate;
  const label = data.vehicleLabel ?? (vehicle ? vehicleLabelOf(vehicle) : undefined);
  const c: RoadsideCall = {
    tenantId: t,
    storeId,
    callId: newId(),
    ...(customer ? { customerId: customer.customerId } : {}),
    name,
    ...(mobile ? { mobile } : {}),
    location: data.location,
    ...(plate ? { plate } : {}),
    ...(vin ? { vin } : {}),
    ...(label ? { vehicleLabel: label } : {}),
    problem: data.problem,
    status: "called",
    calledAt: at,
    version: 1,
    createdAt: at,
    createdBy: ctx.actor.userId,
    createdByName: ctx.actor.name,
    updatedAt: at,
  };
  await roadside.createRoadsideCall(db(ctx), c, auditEntry(ctx, "roadside.called", { location: c.location }, at));
  return c;
}

async function load(ctx: Ctx, storeId: string, callId: string) {
  const store = await requireStore(ctx, storeId);
  requireRoadsideStaff(ctx);
  if (!ULID.test(callId)) throw new NotFoundError("Roadside call");
  const rec = await roadside.getRoadsideWithAudit(db(ctx), ctx.actor.tenantId, callId);
  if (!rec.call || rec.call.storeId !== storeId) throw new NotFoundError("Roadside call");
  return { store, call: rec.call, audit: rec.audit };
}

/** One call and its audit trail (newest first). */
export async function getCall(
  ctx: Ctx,
  storeId: string,
  callId: string,
): Promise<{ call: RoadsideCall; audit: AuditEntry[] }> {
  const { call, audit } = await load(ctx, storeId, callId);
  return { call, audit: [...audit].reverse() };
}

/** Set the next time (dispatched, arrived, done): once each, in order; version-checked and audited. */
export async function recordStep(
  ctx: Ctx,
  storeId: string,
  callId: string,
  step: RoadsideStep,
  input: unknown,
  opts: RoadsideOpts = {},
): Promise<RoadsideCall> {
  const { call } = await load(ctx, storeId, callId);
  const at = (opts.now ?? new Date()).toISOString();
  let next: RoadsideCall;
  let detail: Record<string, unknown>;
  if (step === "dispatched") {
    const data = parseInput(roadsideDispatchSchema, input);
    if (data.version !== call.version) throw changed();
    const problem = roadsideStepProblem(call.status, step);
    if (problem) throw new UnprocessableError(problem);
    let tech: { userId: string; name: string } | undefined;
    if (data.technicianId) {
      const u = await identity.getUser(db(ctx), ctx.actor.tenantId, data.technicianId);
      if (!u?.active || !u.storeIds.includes(storeId))
        throw new UnprocessableError("Choose an active staff member of this store.", {
          technicianId: "Choose an active staff member of this store.",
        });
      tech = { userId: u.userId, name: u.name };
    }
    next = {
      ...call,
      status: "dispatched",
      dispatchedAt: at,
      ...(tech ? { technicianId: tech.userId, technicianName: tech.name } : {}),
      ...(data.tow ? { tow: data.tow } : {}),
    };
    detail = { technician: tech?.name ?? "", tow: data.tow ?? "" };
  } else if (step === "arrived") {
    const data = parseInput(roadsideArriveSchema, input);
    if (data.version !== call.version) throw changed();
    const problem = roadsideStepProblem(call.status, step);
    if (problem) throw new UnprocessableError(problem);
    next = { ...call, status: "arrived", arrivedAt: at };
    detail = {};
  } else {
    const data = parseInput(roadsideDoneSchema, input);
    if (data.version !== call.version) throw changed();
    const problem = roadsideStepProblem(call.status, step);
    if (problem) throw new UnprocessableError(problem);
    next = { ...call, status: "done", doneAt: at, outcome: data.outcome, chargeFen: data.chargeFen };
    detail = { outcome: data.outcome, chargeFen: data.chargeFen };
  }
  next = { ...next, version: call.version + 1, updatedAt: at };
  try {
    await roadside.saveRoadsideCall(db(ctx), next, call.version, auditEntry(ctx, `roadside.${step}`, detail, at));
  } catch (e) {
    if (isContention(e)) throw changed();
    throw e;
  }
  return next;
}

export interface RoadsideBoard {
  month: string;
  open: RoadsideCall[];
  calls: RoadsideCall[];
  figures: ResponseFigures;
}

/** The open calls and the month's calls (store-local month, default this one) with figures: two Queries. */
export async function roadsideBoard(
  ctx: Ctx,
  storeId: string,
  query: unknown = {},
  opts: RoadsideOpts = {},
): Promise<RoadsideBoard> {
  const store = await requireStore(ctx, storeId);
  requireRoadsideStaff(ctx);
  const q = parseInput(roadsideQuerySchema, query ?? {});
  const month = q.month ?? localDate(opts.now ?? new Date(), store.timeZone).slice(0, 7);
  const from = zonedToUtc(`${month}-01`, "00:00", store.timeZone).toISOString();
  const to = zonedToUtc(addMonths(`${month}-01`, 1), "00:00", store.timeZone).toISOString();
  const database = db(ctx);
  const [open, calls] = await Promise.all([
    roadside.listOpenCalls(database, ctx.actor.tenantId, storeId),
    roadside.listCallsBetween(database, ctx.actor.tenantId, storeId, from, to),
  ]);
  return { month, open, calls, figures: responseFigures(calls) };
}

/** Who can be sent out: the active staff of the store, after-sales first (one Query of the tenant's users). */
export async function technicians(ctx: Ctx, storeId: string): Promise<{ userId: string; name: string }[]> {
  await requireStore(ctx, storeId);
  requireRoadsideStaff(ctx);
  const users = await identity.listUsers(db(ctx), ctx.actor.tenantId);
  return users
    .filter((u) => u.active && u.storeIds.includes(storeId))
    .sort(
      (a, b) =>
        Number(b.roles.includes("service_advisor")) - Number(a.roles.includes("service_advisor")) ||
        a.name.localeCompare(b.name, "zh-CN"),
    )
    .map((u) => ({ userId: u.userId, name: u.name }));
}
