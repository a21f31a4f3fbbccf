/**
 * Events and promotions (活动, issue 7 rule 22): a manager or advisor creates an
 * event, picks the store's customers by filters (model, purchase year, last
 * service before a date, owner) and invites them — an invitation per customer
 * and an `event_invite` task for the customer's owner (idempotent per event and
 * customer: the task id is the event id). The owners record the answers (RSVP)
 * and, from the event's day on, attendance; the event keeps the counters and
 * the success rates (accepted / invited, attended / invited) per event and per
 * store.
 *
 * DynamoDB calls: list = 1 Query (+ the store Get unless the session has it);
 * event page = 1 Query; candidates = 1 Query (event) + ⌈customers / 1 MB⌉
 * Queries; invite = those + 1 TransactWrite per 49 invitations; answer or
 * attendance = 2 Gets + 1 TransactWrite + 1 Update (the owner's task closed).
 */
import {
  addDays,
  answerInvitation,
  ConflictError,
  CUSTOMER_STAFF,
  type EventFilter,
  eventAttendanceSchema,
  eventCandidatesQuerySchema,
  eventFilterSchema,
  eventSchema,
  ForbiddenError,
  type InvitationChange,
  invitationRates,
  invitationStatus,
  localDate,
  MAX_EVENT_INVITATIONS,
  matchesEventFilter,
  NotFoundError,
  newId,
  parseInput,
  type Role,
  recordAttendance,
  rsvpSchema,
  UnprocessableError,
  zonedToUtc,
} from "@dealeros/core";
import {
  type Customer,
  type CustomerTask,
  customers,
  customerTasks,
  type EventInvitation,
  events,
  isContention,
  type StoreEvent,
} from "@dealeros/db";
import { type Actor, auditEntry, type Ctx, db, hasRole, requireStore } from "./context.ts";

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
/** Who creates events and invites: the managers and the service front desk. */
export const EVENT_ORGANISERS: readonly Role[] = ["service_advisor", "sales_manager", "general_manager", "group_admin"];
/** Who sees every invitation of an event (everyone else: their own customers'). */
const SEES_ALL: readonly Role[] = ["service_advisor", "sales_manager", "sales_admin", "general_manager", "group_admin"];
/** Invitations per transaction: each needs the invitation and the owner's task, plus the counter update. */
const CHUNK = 49;

export interface EventOpts {
  now?: Date;
  /** the cap on invitations per event (MAX_EVENT_INVITATIONS; lower in tests) */
  maxInvitations?: number;
}

function requireCustomerStaff(actor: Actor): void {
  if (!hasRole(actor, ...CUSTOMER_STAFF)) throw new ForbiddenError("Only sales and service staff work with events.");
}

function requireOrganiser(actor: Actor): void {
  if (!hasRole(actor, ...EVENT_ORGANISERS))
    throw new ForbiddenError("Only managers and service advisors create events and invite customers.");
}

export type EventView = StoreEvent & { acceptedRate: number | null; attendedRate: number | null };

function view(e: StoreEvent): EventView {
  return { ...e, ...invitationRates(e) };
}

/** The store's events (newest first) and the store's invitation success rates over them: one Query. */
export async function listEvents(ctx: Ctx, storeId: string) {
  await requireStore(ctx, storeId);
  requireCustomerStaff(ctx.actor);
  const list = await events.listStoreEvents(db(ctx), ctx.actor.tenantId, storeId);
  const totals = list.reduce(
    (a, e) => ({
      invited: a.invited + e.invited,
      accepted: a.accepted + e.accepted,
      attended: a.attended + e.attended,
    }),
    { invited: 0, accepted: 0, attended: 0 },
  );
  return {
    events: list.map(view),
    totals: { ...totals, ...invitationRates(totals) },
    canOrganise: hasRole(ctx.actor, ...EVENT_ORGANISERS),
  };
}

/** Create an event (audited). */
export async function createEvent(ctx: Ctx, storeId: string, input: unknown, opts: EventOpts = {}) {
  await requireStore(ctx, storeId);
  requireOrganiser(ctx.actor);
  const data = parseInput(eventSchema, input);
  const at = (opts.now ?? new Date()).toISOString();
  const e: StoreEvent = {
    tenantId: ctx.actor.tenantId,
    storeId,
    eventId: newId(),
    title: data.title,
    kind: data.kind,
    date: data.date,
    startTime: data.startTime,
    ...(data.endTime ? { endTime: data.endTime } : {}),
    place: data.place,
    ...(data.description ? { description: data.description } : {}),
    ...(data.capacity ? { capacity: data.capacity } : {}),
    invited: 0,
    accepted: 0,
    declined: 0,
    attended: 0,
    noShow: 0,
    version: 1,
    createdAt: at,
    createdBy: ctx.actor.userId,
    createdByName: ctx.actor.name,
    updatedAt: at,
  };
  await customers.transact(
    db(ctx),
    events.createEventWrites(db(ctx), e, auditEntry(ctx, "event.created", { title: e.title, date: e.date }, at)),
  );
  return view(e);
}

async function loadEvent(ctx: Ctx, storeId: string, eventId: string) {
  await requireStore(ctx, storeId);
  requireCustomerStaff(ctx.actor);
  if (!ULID.test(eventId)) throw new NotFoundError("Event");
  const r = await events.readEvent(db(ctx), ctx.actor.tenantId, eventId);
  if (!r.event || r.event.storeId !== storeId) throw new NotFoundError("Event");
  return r as typeof r & { event: StoreEvent };
}

export type InvitationView = EventInvitation & { status: ReturnType<typeof invitationStatus> };

/** One event with its invitations (the actor's own customers' unless he sees all) and audit: one Query. */
export async function getEvent(ctx: Ctx, storeId: string, eventId: string) {
  const r = await loadEvent(ctx, storeId, eventId);
  const all = hasRole(ctx.actor, ...SEES_ALL);
  const invitations = r.invitations
    .filter((i) => all || i.ownerId === ctx.actor.userId)
    .map((i): InvitationView => ({ ...i, status: invitationStatus(i) }))
    .sort((a, b) => a.customerName.localeCompare(b.customerName, "zh-CN"));
  return {
    event: view(r.event),
    invitations,
    audit: all ? r.audit : [],
    seesAll: all,
    canOrganise: hasRole(ctx.actor, ...EVENT_ORGANISERS),
  };
}

async function matching(ctx: Ctx, storeId: string, f: EventFilter): Promise<Customer[]> {
  const list = await events.storeCustomersForEvent(db(ctx), ctx.actor.tenantId, storeId, f.ownerId);
  return list.filter((c) => matchesEventFilter(c, f));
}

function label(c: Customer): string | undefined {
  const v = c.vehicles[0];
  return v ? [`${v.brand} ${v.modelName}`.trim(), v.plate].filter(Boolean).join(" ") : undefined;
}

/** The customers the filters pick (not yet invited), for the preview: count and the first 20. */
export async function eventCandidates(ctx: Ctx, storeId: string, eventId: string, query: unknown) {
  const r = await loadEvent(ctx, storeId, eventId);
  const f = parseInput(eventCandidatesQuerySchema, query ?? {});
  requireOrganiser(ctx.actor);
  const invited = new Set(r.invitations.map((i) => i.customerId));
  const fresh = (await matching(ctx, storeId, f)).filter((c) => !invited.has(c.customerId));
  return {
    count: fresh.length,
    alreadyInvited: invited.size,
    limit: MAX_EVENT_INVITATIONS,
    overLimit: invited.size + fresh.length > MAX_EVENT_INVITATIONS,
    sample: fresh.slice(0, 20).map((c) => ({
      customerId: c.customerId,
      name: c.name,
      ownerName: c.ownerName,
      vehicleLabel: label(c),
    })),
  };
}

/**
 * Invite the customers the filters pick (those not invited yet): invitations,
 * the owners' tasks and the counter, in transactions of 49. At most 2,000
 * invitations per event: more → 422, nothing written.
 */
export async function inviteCustomers(
  ctx: Ctx,
  storeId: string,
  eventId: string,
  input: unknown,
  opts: EventOpts = {},
) {
  const f = parseInput(eventFilterSchema, input ?? {});
  const store = await requireStore(ctx, storeId);
  requireOrganiser(ctx.actor);
  const r = await loadEvent(ctx, storeId, eventId);
  const now = opts.now ?? new Date();
  const today = localDate(now, store.timeZone);
  if (r.event.date < today) throw new UnprocessableError("This event is over: invite customers to a coming event.");
  const invited = new Set(r.invitations.map((i) => i.customerId));
  const fresh = (await matching(ctx, storeId, f)).filter((c) => !invited.has(c.customerId));
  const cap = opts.maxInvitations ?? MAX_EVENT_INVITATIONS;
  if (invited.size + fresh.length > cap)
    throw new UnprocessableError(
      `An event can invite at most ${cap.toLocaleString("en")} customers: these filters add ${fresh.length.toLocaleString("en")} to ${invited.size.toLocaleString("en")} invited. Narrow the filters.`,
    );
  const at = now.toISOString();
  // the owners call a week before the event (or today when it is closer), 10:00 store time
  const weekBefore = addDays(r.event.date, -7);
  const taskDate = [weekBefore, today].sort()[1]!;
  const dueAt = zonedToUtc(taskDate, "10:00", store.timeZone).toISOString();
  const eventStartAt = zonedToUtc(r.event.date, r.event.startTime, store.timeZone).toISOString();
  const database = db(ctx);
  for (let i = 0; i < fresh.length; i += CHUNK) {
    const chunk = fresh.slice(i, i + CHUNK);
    const invitations = chunk.map(
      (c): EventInvitation => ({
        tenantId: ctx.actor.tenantId,
        storeId,
        eventId,
        customerId: c.customerId,
        customerName: c.name,
        ...(c.mobile ? { mobile: c.mobile } : {}),
        ownerId: c.ownerId,
        ownerName: c.ownerName,
        ...(label(c) ? { vehicleLabel: label(c) } : {}),
        eventTitle: r.event.title,
        eventStartAt,
        invitedAt: at,
        invitedBy: ctx.actor.userId,
        version: 1,
        updatedAt: at,
      }),
    );
    const tasks = chunk.map((c) =>
      customerTasks.customerTaskWrite(database, {
        tenantId: ctx.actor.tenantId,
        storeId,
        kind: "event_invite",
        id: eventId,
        customerId: c.customerId,
        ownerId: c.ownerId,
        ownerName: c.ownerName,
        dueAt,
        date: taskDate,
        status: "open",
        title: c.name,
        note: `Invite to “${r.event.title}” on ${r.event.date} ${r.event.startTime} at ${r.event.place}; record the answer on the event page`,
        refId: eventId,
        createdAt: at,
        updatedAt: at,
      } satisfies CustomerTask),
    );
    try {
      await customers.transact(database, events.inviteWrites(database, r.event, invitations, tasks, at));
    } catch (e) {
      if (isContention(e))
        throw new ConflictError(
          `Someone else invited customers to this event at the same time: ${i} of ${fresh.length} were invited. Try again to invite the rest.`,
        );
      throw e;
    }
  }
  if (fresh.length) {
    await customers.transact(database, [
      {
        Put: {
          TableName: database.table,
          Item: events.eventAuditItem(
            ctx.actor.tenantId,
            eventId,
            auditEntry(ctx, "event.invited", { count: fresh.length, filters: f }, at),
          ),
        },
      },
    ]);
  }
  return { invited: fresh.length, total: invited.size + fresh.length };
}

async function changeInvitation(
  ctx: Ctx,
  storeId: string,
  eventId: string,
  customerId: string,
  change: (inv: EventInvitation, event: StoreEvent, today: string) => InvitationChange,
  action: string,
  opts: EventOpts,
) {
  const store = await requireStore(ctx, storeId);
  requireCustomerStaff(ctx.actor);
  if (!ULID.test(eventId) || !ULID.test(customerId)) throw new NotFoundError("Invitation");
  const database = db(ctx);
  const [event, inv] = await Promise.all([
    events.getEvent(database, ctx.actor.tenantId, eventId),
    events.getInvitation(database, ctx.actor.tenantId, eventId, customerId),
  ]);
  if (!event || event.storeId !== storeId || !inv) throw new NotFoundError("Invitation");
  if (inv.ownerId !== ctx.actor.userId && !hasRole(ctx.actor, ...SEES_ALL)) throw new NotFoundError("Invitation");
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  const c = change(inv, event, localDate(now, store.timeZone));
  if (!c.ok) throw c.status === 409 ? new ConflictError(c.reason) : new UnprocessableError(c.reason);
  if (!Object.keys(c.delta).length) return { ...inv, status: invitationStatus(inv) };
  const next: EventInvitation = {
    ...inv,
    ...c.next,
    ...(c.next.rsvp !== inv.rsvp ? { answeredAt: at } : {}),
    ...(c.next.attendance !== inv.attendance ? { attendanceAt: at } : {}),
    version: inv.version + 1,
    updatedAt: at,
  };
  try {
    await customers.transact(
      database,
      events.invitationChangeWrites(
        database,
        inv,
        next,
        c.delta,
        auditEntry(ctx, action, { customerId, customerName: inv.customerName, status: invitationStatus(next) }, at),
      ),
    );
  } catch (e) {
    const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    if (reasons[2]?.Code === "ConditionalCheckFailed")
      throw new ConflictError(`The event is full: ${event.capacity} places are taken.`);
    if (isContention(e)) throw new ConflictError("This invitation was changed meanwhile: reload and try again.");
    throw e;
  }
  // the owner's invitation task is done once the customer answered
  if (next.rsvp && !inv.rsvp)
    await customerTasks.closeCustomerTask(
      database,
      { tenantId: inv.tenantId, customerId, kind: "event_invite", id: eventId },
      { status: "done", at, outcome: next.rsvp },
    );
  return { ...next, status: invitationStatus(next) };
}

/** Record the customer's answer (accepted / declined). */
export async function recordRsvp(
  ctx: Ctx,
  storeId: string,
  eventId: string,
  customerId: string,
  input: unknown,
  opts: EventOpts = {},
) {
  // the store first: another tenant's store is a 404 before any validation
  await requireStore(ctx, storeId);
  const data = parseInput(rsvpSchema, input);
  return changeInvitation(
    ctx,
    storeId,
    eventId,
    customerId,
    (inv) => answerInvitation(inv, data.answer),
    "event.rsvp",
    opts,
  );
}

/** Record whether the customer came (from the event's day on). */
export async function recordEventAttendance(
  ctx: Ctx,
  storeId: string,
  eventId: string,
  customerId: string,
  input: unknown,
  opts: EventOpts = {},
) {
  await requireStore(ctx, storeId);
  const data = parseInput(eventAttendanceSchema, input);
  return changeInvitation(
    ctx,
    storeId,
    eventId,
    customerId,
    (inv, event, today) => recordAttendance(inv, data.attended, event.date, today),
    "event.attendance",
    opts,
  );
}
