/**
 * Service appointments levelled to workshop capacity (issue 7, H1): the store's
 * service settings, the day's free places and suggestions, booking (one
 * transaction with the slot counters), the arrival board, arrived / no-show /
 * cancel. The service front desk (advisors, managers) and the receptionist work
 * here; another tenant's or store's appointment is "not found".
 */
import {
  type AppointmentStatus,
  addDays,
  ConflictError,
  confirmationText,
  DEFAULT_SERVICE_SETTINGS,
  dayLoad,
  ForbiddenError,
  fitProblem,
  localDate,
  localTime,
  NotFoundError,
  newId,
  parseInput,
  type Role,
  SERVICE_STAFF,
  serviceAppointmentActionSchema,
  serviceAppointmentSchema,
  serviceArrivalsQuerySchema,
  serviceSettingsSchema,
  serviceSlotsQuerySchema,
  serviceTypeOf,
  slotCapacity,
  startOptions,
  suggestStarts,
  UnprocessableError,
  ValidationError,
  workshopHours,
  zonedToUtc,
} from "@dealeros/core";
import {
  type CustomerTask,
  cancelledConditions,
  customers,
  customerTasks,
  identity,
  isConditionFailure,
  isContention,
  type ServiceAppointment,
  type Store,
  type StoredServiceSettings,
  service,
} from "@dealeros/db";
import { auditEntry, type Ctx, db, hasRole, requireStore } from "./context.ts";

/** Who works the service front desk: advisors, managers above them, and the receptionist. */
export const FRONT_DESK: readonly Role[] = [...SERVICE_STAFF, "receptionist"];
/** How far ahead a booking may be made. */
export const BOOKING_HORIZON_DAYS = 90;

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

async function frontDesk(ctx: Ctx, storeId: string): Promise<Store> {
  const store = await requireStore(ctx, storeId);
  if (!hasRole(ctx.actor, ...FRONT_DESK)) throw new ForbiddenError("Only the service front desk works appointments.");
  return store;
}

// ---------- settings ----------

export async function getSettings(ctx: Ctx, storeId: string): Promise<StoredServiceSettings> {
  await frontDesk(ctx, storeId);
  return settingsOf(ctx, storeId);
}

async function settingsOf(ctx: Ctx, storeId: string): Promise<StoredServiceSettings> {
  const stored = await service.getServiceSettings(db(ctx), ctx.actor.tenantId, storeId);
  return stored ?? { ...DEFAULT_SERVICE_SETTINGS, version: 0 };
}

/** Save the store's service settings (advisors, general manager, group admin): version-checked, audited. */
export async function saveSettings(
  ctx: Ctx,
  storeId: string,
  input: unknown,
  opts: { now?: Date } = {},
): Promise<StoredServiceSettings> {
  await requireStore(ctx, storeId);
  if (!hasRole(ctx.actor, ...SERVICE_STAFF))
    throw new ForbiddenError("Only service advisors and managers change the service settings.");
  const data = parseInput(serviceSettingsSchema, input);
  const at = (opts.now ?? new Date()).toISOString();
  const { version, ...rest } = data;
  const next: StoredServiceSettings = {
    ...rest,
    closedDates: [...new Set(rest.closedDates)].sort(),
    version: version + 1,
    updatedAt: at,
    updatedByName: ctx.actor.name,
  };
  try {
    await service.putServiceSettings(
      db(ctx),
      ctx.actor.tenantId,
      storeId,
      { ...next, storeId },
      version,
      auditEntry(
        ctx,
        "service.settings",
        {
          storeId,
          bays: next.bays,
          technicians: next.technicians,
          closedDates: next.closedDates.length,
          types: next.serviceTypes.map((t) => `${t.code} ${t.hours}h`).join(", "),
        },
        at,
      ),
    );
  } catch (e) {
    if (isContention(e))
      throw new ConflictError("The service settings were changed by someone else. Reload and try again.");
    throw e;
  }
  return next;
}

// ---------- the day's capacity ----------

export interface SlotsView {
  date: string;
  closed: boolean;
  capacityPerSlot: number;
  bays: number;
  technicians: number;
  serviceType: string;
  durationHours: number;
  slots: ReturnType<typeof dayLoad>;
  starts: ReturnType<typeof startOptions>;
  suggestions: string[];
  serviceTypes: StoredServiceSettings["serviceTypes"];
}

/** Free places per hour slot of a date and the least-loaded starts for a service type: a Get and a Query. */
export async function getSlots(
  ctx: Ctx,
  storeId: string,
  query: unknown,
  opts: { now?: Date } = {},
): Promise<SlotsView> {
  const store = await frontDesk(ctx, storeId);
  const q = parseInput(serviceSlotsQuerySchema, query ?? {});
  const now = opts.now ?? new Date();
  const today = localDate(now, store.timeZone);
  const date = q.date ?? today;
  const [settings, used] = await Promise.all([
    settingsOf(ctx, storeId),
    service.dayCounters(db(ctx), ctx.actor.tenantId, storeId, date),
  ]);
  const type = serviceTypeOf(settings, q.serviceType) ?? settings.serviceTypes[0]!;
  if (q.serviceType && type.code !== q.serviceType)
    throw new ValidationError("Choose one of this store's service types.", {
      serviceType: "Choose one of this store's service types.",
    });
  const notBefore = date === today ? localTime(now, store.timeZone) : date < today ? "24:00" : undefined;
  const starts = startOptions(settings, date, type.hours, used, notBefore);
  return {
    date,
    closed: workshopHours(settings, date).length === 0,
    capacityPerSlot: slotCapacity(settings),
    bays: settings.bays,
    technicians: settings.technicians,
    serviceType: type.code,
    durationHours: type.hours,
    slots: dayLoad(settings, date, used),
    starts,
    suggestions: suggestStarts(starts),
    serviceTypes: settings.serviceTypes,
  };
}

// ---------- advisors ----------

/** The store's active service advisors (the booking form's picker): one Query. */
export async function listAdvisors(ctx: Ctx, storeId: string): Promise<{ userId: string; name: string }[]> {
  await frontDesk(ctx, storeId);
  return (await identity.listUsers(db(ctx), ctx.actor.tenantId))
    .filter((u) => u.active && u.roles.includes("service_advisor") && u.storeIds.includes(storeId))
    .map((u) => ({ userId: u.userId, name: u.name }));
}

// ---------- booking ----------

function vehicleLabel(v: { plate?: string; brand: string; modelName: string }): string {
  return v.plate ? `${v.plate} · ${v.brand} ${v.modelName}` : `${v.brand} ${v.modelName}`;
}

/** Book a customer's car: checks the day and hours, then one transaction that takes a place in every hour slot. */
export async function bookAppointment(
  ctx: Ctx,
  storeId: string,
  input: unknown,
  opts: { now?: Date } = {},
): Promise<ServiceAppointment> {
  const store = await frontDesk(ctx, storeId);
  const data = parseInput(serviceAppointmentSchema, input);
  const database = db(ctx);
  const tenantId = ctx.actor.tenantId;
  const needAdvisorRead = data.advisorId !== undefined && data.advisorId !== ctx.actor.userId;
  const [settings, customer, advisorUser] = await Promise.all([
    settingsOf(ctx, storeId),
    customers.getCustomer(database, tenantId, data.customerId),
    needAdvisorRead ? identity.getUser(database, tenantId, data.advisorId!) : Promise.resolve(undefined),
  ]);
  if (!customer || customer.storeId !== storeId) throw new NotFoundError("Customer");
  const vehicle = customer.vehicles.find((v) => v.vin === data.vin);
  if (!vehicle)
    throw new UnprocessableError("This vehicle is not one of the customer's cars.", {
      vin: "This vehicle is not one of the customer's cars.",
    });
  const type = serviceTypeOf(settings, data.serviceType);
  if (!type)
    throw new UnprocessableError("Choose one of this store's service types.", {
      serviceType: "Choose one of this store's service types.",
    });
  let advisor: { userId: string; name: string };
  if (needAdvisorRead) {
    if (
      !advisorUser?.active ||
      !advisorUser.roles.includes("service_advisor") ||
      !advisorUser.storeIds.includes(storeId)
    )
      throw new UnprocessableError("Choose a service advisor of this store.", {
        advisorId: "Choose a service advisor of this store.",
      });
    advisor = { userId: advisorUser.userId, name: advisorUser.name };
  } else if (data.advisorId || ctx.actor.roles.includes("service_advisor")) {
    advisor = { userId: ctx.actor.userId, name: ctx.actor.name };
  } else {
    throw new ValidationError("Choose the service advisor.", { advisorId: "Choose the service advisor." });
  }
  const now = opts.now ?? new Date();
  const today = localDate(now, store.timeZone);
  if (data.date < today)
    throw new UnprocessableError("Choose today or a later date.", { date: "Choose today or a later date." });
  if (data.date > addDays(today, BOOKING_HORIZON_DAYS))
    throw new UnprocessableError(`Bookings open ${BOOKING_HORIZON_DAYS} days ahead.`, {
      date: `Bookings open ${BOOKING_HORIZON_DAYS} days ahead.`,
    });
  const notBefore = data.date === today ? localTime(now, store.timeZone) : undefined;
  const problem = fitProblem(settings, data.date, data.time, type.hours, {}, notBefore);
  if (problem) throw new UnprocessableError(problem.message, { time: problem.message });

  const at = now.toISOString();
  const appointmentId = newId();
  const startAt = zonedToUtc(data.date, data.time, store.timeZone).toISOString();
  const label = vehicleLabel(vehicle);
  const a: ServiceAppointment = {
    tenantId,
    storeId,
    appointmentId,
    customerId: customer.customerId,
    customerName: customer.name,
    ...(customer.mobile ? { mobile: customer.mobile } : {}),
    vin: vehicle.vin,
    ...(vehicle.plate ? { plate: vehicle.plate } : {}),
    vehicleLabel: label,
    serviceType: type.code,
    serviceName: type.name,
    serviceNameZh: type.nameZh,
    durationHours: type.hours,
    date: data.date,
    startAt,
    hours: Array.from({ length: type.hours }, (_, i) => String(Number(data.time.slice(0, 2)) + i).padStart(2, "0")),
    advisorId: advisor.userId,
    advisorName: advisor.name,
    ...(data.concern ? { concern: data.concern } : {}),
    status: "expected",
    history: {
      kind: "appointment",
      at: startAt,
      title: `${type.name} · ${label}`,
      status: "expected",
      storeId,
      id: appointmentId,
    },
    version: 1,
    createdAt: at,
    createdBy: ctx.actor.userId,
    createdByName: ctx.actor.name,
    updatedAt: at,
  };
  const confirm: CustomerTask = {
    tenantId,
    storeId,
    kind: "service_confirm",
    id: appointmentId,
    customerId: customer.customerId,
    ownerId: advisor.userId,
    ownerName: advisor.name,
    dueAt: at,
    date: localDate(at, store.timeZone),
    status: "open",
    title: `${customer.name} · ${label}`,
    note: confirmationText({
      storeName: store.name,
      customerName: customer.name,
      vehicleLabel: vehicle.plate ?? `${vehicle.brand} ${vehicle.modelName}`,
      date: data.date,
      time: data.time,
      serviceNameZh: type.nameZh,
      advisorName: advisor.name,
    }),
    refId: appointmentId,
    createdAt: at,
    updatedAt: at,
  };
  const capacity = slotCapacity(settings);
  try {
    await service.book(
      database,
      a,
      capacity,
      auditEntry(ctx, "service.booked", { date: a.date, time: data.time, type: type.code, vehicle: label }, at),
      confirm,
    );
  } catch (e) {
    const failed = cancelledConditions(e) ?? [];
    const slot = failed.find((i) => i >= service.FIRST_SLOT_INDEX);
    if (slot !== undefined) {
      const hour = a.hours[slot - service.FIRST_SLOT_INDEX]!;
      throw new ConflictError(`The ${hour}:00 slot is full (${capacity} of ${capacity} cars). Choose another time.`, {
        time: `The ${hour}:00 slot is full (${capacity} of ${capacity} cars). Choose another time.`,
      });
    }
    if (isContention(e)) throw new ConflictError("This slot was just taken. Choose another time.");
    throw e;
  }
  return a;
}

// ---------- the arrival board ----------

export interface ArrivalView extends ServiceAppointment {
  /** expected and its start time has passed */
  late: boolean;
}

/** A store's appointments of a local day (default today) with counts per status: one Query. */
export async function listArrivals(
  ctx: Ctx,
  storeId: string,
  query: unknown,
  opts: { now?: Date } = {},
): Promise<{
  date: string;
  appointments: ArrivalView[];
  counts: Record<AppointmentStatus | "total", number>;
}> {
  const store = await frontDesk(ctx, storeId);
  const q = parseInput(serviceArrivalsQuerySchema, query ?? {});
  const now = opts.now ?? new Date();
  const date = q.date ?? localDate(now, store.timeZone);
  const list = await service.listArrivals(db(ctx), ctx.actor.tenantId, storeId, date);
  const counts = { expected: 0, arrived: 0, no_show: 0, cancelled: 0, total: list.length };
  for (const a of list) counts[a.status]++;
  const nowIso = now.toISOString();
  return {
    date,
    appointments: list.map((a) => ({ ...a, late: a.status === "expected" && a.startAt < nowIso })),
    counts,
  };
}

/** One appointment with its audit trail and the confirmation text. */
export async function getAppointment(ctx: Ctx, storeId: string, appointmentId: string) {
  const store = await frontDesk(ctx, storeId);
  if (!ULID.test(appointmentId)) throw new NotFoundError("Appointment");
  const r = await service.readAppointment(db(ctx), ctx.actor.tenantId, appointmentId);
  if (!r.appointment || r.appointment.storeId !== storeId) throw new NotFoundError("Appointment");
  const a = r.appointment;
  return {
    appointment: a,
    audit: r.audit,
    confirmation: confirmationText({
      storeName: store.name,
      customerName: a.customerName,
      vehicleLabel: a.plate ?? a.vehicleLabel,
      date: a.date,
      time: localTime(a.startAt, store.timeZone),
      serviceNameZh: a.serviceNameZh,
      advisorName: a.advisorName,
    }),
  };
}

const STATUS_MESSAGES: Record<Exclude<AppointmentStatus, "expected">, string> = {
  arrived: "This car has already arrived.",
  no_show: "This appointment was marked as a no-show.",
  cancelled: "This appointment was cancelled.",
};

async function loadExpected(ctx: Ctx, storeId: string, appointmentId: string) {
  const store = await frontDesk(ctx, storeId);
  if (!ULID.test(appointmentId)) throw new NotFoundError("Appointment");
  const a = await service.getAppointment(db(ctx), ctx.actor.tenantId, appointmentId);
  if (!a || a.storeId !== storeId) throw new NotFoundError("Appointment");
  if (a.status !== "expected") throw new ConflictError(STATUS_MESSAGES[a.status]);
  return { store, a };
}

async function save(
  ctx: Ctx,
  a: ServiceAppointment,
  change: Parameters<typeof service.transition>[2],
): Promise<ServiceAppointment> {
  try {
    await service.transition(db(ctx), a, change);
  } catch (e) {
    if (!isContention(e) && !isConditionFailure(e)) throw e;
    const fresh = await service.getAppointment(db(ctx), a.tenantId, a.appointmentId);
    if (fresh && fresh.status !== "expected") throw new ConflictError(STATUS_MESSAGES[fresh.status]);
    throw new ConflictError("This appointment was just changed by someone else. Reload and try again.");
  }
  return {
    ...a,
    ...(change.set ?? {}),
    status: change.status,
    history: { ...a.history, status: change.status },
    version: a.version + 1,
    updatedAt: change.at,
  };
}

/** The car is here: arrived (the places stay taken — it is in the workshop). */
export async function markArrived(
  ctx: Ctx,
  storeId: string,
  appointmentId: string,
  input: unknown,
  opts: { now?: Date } = {},
): Promise<ServiceAppointment> {
  const { a } = await loadExpected(ctx, storeId, appointmentId);
  parseInput(serviceAppointmentActionSchema, input ?? {});
  const at = (opts.now ?? new Date()).toISOString();
  return save(ctx, a, {
    status: "arrived",
    at,
    set: { arrivedAt: at },
    release: false,
    audit: auditEntry(ctx, "service.arrived", {}, at),
  });
}

/** The car did not come: no-show, the places go back, and the advisor gets a follow-up task (id = appointment). */
export async function markNoShow(
  ctx: Ctx,
  storeId: string,
  appointmentId: string,
  input: unknown,
  opts: { now?: Date } = {},
): Promise<ServiceAppointment> {
  const { store, a } = await loadExpected(ctx, storeId, appointmentId);
  const data = parseInput(serviceAppointmentActionSchema, input ?? {});
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  const time = localTime(a.startAt, store.timeZone);
  if (a.startAt > at)
    throw new UnprocessableError(`A no-show can be recorded once the appointment time (${time}) has passed.`);
  const task: CustomerTask = {
    tenantId: a.tenantId,
    storeId,
    kind: "service_no_show",
    id: a.appointmentId,
    customerId: a.customerId,
    ownerId: a.advisorId,
    ownerName: a.advisorName,
    dueAt: at,
    date: localDate(at, store.timeZone),
    status: "open",
    title: `${a.customerName} · ${a.vehicleLabel}`,
    note: `Did not come to the ${a.serviceName.toLowerCase()} appointment on ${a.date} at ${time}: call to rebook.`,
    refId: a.appointmentId,
    createdAt: at,
    updatedAt: at,
  };
  return save(ctx, a, {
    status: "no_show",
    at,
    set: { noShowAt: at, ...(data.reason ? { cancelReason: data.reason } : {}) },
    release: true,
    audit: auditEntry(ctx, "service.no_show", data.reason ? { reason: data.reason } : {}, at),
    task,
  });
}

/** Cancel an expected appointment: the places go back; an open confirmation task is closed. */
export async function cancelAppointment(
  ctx: Ctx,
  storeId: string,
  appointmentId: string,
  input: unknown,
  opts: { now?: Date } = {},
): Promise<ServiceAppointment> {
  const { a } = await loadExpected(ctx, storeId, appointmentId);
  const data = parseInput(serviceAppointmentActionSchema, input ?? {});
  const at = (opts.now ?? new Date()).toISOString();
  const next = await save(ctx, a, {
    status: "cancelled",
    at,
    set: { cancelledAt: at, ...(data.reason ? { cancelReason: data.reason } : {}) },
    release: true,
    audit: auditEntry(ctx, "service.cancelled", data.reason ? { reason: data.reason } : {}, at),
  });
  // the confirmation call is moot now (false if it was already done: nothing to close)
  await customerTasks.closeCustomerTask(
    db(ctx),
    { tenantId: a.tenantId, customerId: a.customerId, kind: "service_confirm", id: a.appointmentId },
    { status: "cancelled", at },
  );
  return next;
}

/** The customer chosen on the booking screen, with the cars to pick from (one Get); another store's → 404. */
export async function bookingCustomer(ctx: Ctx, storeId: string, customerId: string) {
  await frontDesk(ctx, storeId);
  if (!ULID.test(customerId)) throw new NotFoundError("Customer");
  const c = await customers.getCustomer(db(ctx), ctx.actor.tenantId, customerId);
  if (!c || c.storeId !== storeId) throw new NotFoundError("Customer");
  return {
    customerId: c.customerId,
    name: c.name,
    ...(c.mobile ? { mobile: c.mobile } : {}),
    vehicles: c.vehicles.map((v) => ({ vin: v.vin, ...(v.plate ? { plate: v.plate } : {}), label: vehicleLabel(v) })),
  };
}
