/**
 * Delivery (交车, brief rule 13) behind the payment gate (款到发货, rule 11): the
 * delivery appointment (a plan item in the consultant's day), handover photos,
 * the checklist and the customer's signature; then in ONE transaction the
 * contract → delivered, the vehicle allocated → delivered, the card → customer,
 * the appointment done and the post-delivery call created (100 % of deliveries,
 * due within 3 days). The follow-up job escalates late calls to the sales
 * manager(s) once; the completion rate per consultant and store reads one Query.
 *
 * Who: the contract's consultant, the sales admin (销售内勤) and the managers.
 * Another store's or tenant's contract, or a consultant's colleague's → 404.
 */
import {
  addDays,
  ConflictError,
  callCompletion,
  callRateQuerySchema,
  DELIVERY_CHECKLIST,
  type DeliveryBlocker,
  decodeBase64,
  deliveryAppointmentSchema,
  deliveryBlockers,
  deliveryCompleteSchema,
  deliveryPhotoProblem,
  deliveryPhotoSchema,
  deliveryRefusal,
  dunningTaskDoneSchema,
  FLOOR_MANAGERS,
  ForbiddenError,
  IMAGE_EXTENSIONS,
  localDate,
  localTime,
  MAX_DELIVERY_PHOTOS,
  NotFoundError,
  newId,
  parseInput,
  postDeliveryCallDue,
  postDeliveryCallSchema,
  type Role,
  sniffImage,
  UnprocessableError,
  zonedToUtc,
} from "@dealeros/core";
import {
  type AuditEntry,
  type Contract,
  type Db,
  type DeliveryAppointment,
  type DeliveryRecord,
  deals,
  delivery,
  identity,
  inventory,
  isContention,
  type KeyedPlanItem,
  type PostDeliveryCall,
  type Store,
  type User,
} from "@dealeros/db";
import { type Actor, type Ctx, db, hasRole, requireStore } from "./context.ts";
import { deliveryCustomerWrites } from "./customers.ts";
import * as periods from "./periods.ts";
import { getStorage } from "./storage.ts";

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** Besides the contract's consultant: who books, photographs and records deliveries and sees every one. */
export const DELIVERY_STAFF: readonly Role[] = ["sales_admin", "sales_manager", "general_manager", "group_admin"];

/** Audit entries written by jobs carry this author. */
export const SYSTEM = { by: "system", byName: "System" } as const;

export interface DeliveryOpts {
  /** a clock for tests and the demo seed; requests use the real one */
  now?: Date;
}

function audit(ctx: Ctx, action: string, detail: Record<string, unknown>, at: string): AuditEntry {
  return { at, by: ctx.actor.userId, byName: ctx.actor.name, action, detail };
}

function canWork(actor: Actor, c: Pick<Contract, "consultantId">): boolean {
  return hasRole(actor, ...DELIVERY_STAFF) || (hasRole(actor, "sales_consultant") && c.consultantId === actor.userId);
}

function changed(): ConflictError {
  return new ConflictError("Someone else changed this contract. Reload and try again.", { version: "Out of date." });
}

function requireVersion(c: Contract, version: number): void {
  if (version !== c.version) throw changed();
}

function requireSigned(c: Contract): void {
  if (c.state === "cancelled") throw new ConflictError("The contract is cancelled.");
  if (c.state === "delivered") throw new ConflictError("The vehicle has already been delivered.");
}

/** The contract's partition, if it is this store's and the actor may work on it (else 404). */
async function load(ctx: Ctx, storeId: string, contractId: string): Promise<{ store: Store; rec: DeliveryRecord }> {
  const store = await requireStore(ctx, storeId);
  if (!ULID.test(contractId)) throw new NotFoundError("Contract");
  const rec = await delivery.getDeliveryRecord(db(ctx), ctx.actor.tenantId, contractId);
  const c = rec.contract;
  if (!c || c.storeId !== storeId || !canWork(ctx.actor, c)) throw new NotFoundError("Contract");
  return { store, rec };
}

/** The record as written: its new audit entry added (the page shows it without reading again). */
function withAudit(rec: DeliveryRecord, entry: AuditEntry): DeliveryRecord {
  return { ...rec, audit: [...rec.audit, { ...entry, id: `new-${entry.at}` }] };
}

const vehicleLabel = (c: Contract) =>
  [c.vehicle.modelName, c.vehicle.trimName, c.vehicle.colourName, c.allocation?.vin].filter(Boolean).join(" · ");

const titleOf = (c: Contract) => `${c.customerName} · ${c.contractNo}`;

/**
 * The plan-item fields every contract task shares (delivery appointment,
 * post-delivery call, dunning reminder): an open item of `kind` for `owner`
 * (default: the contract's consultant), due at `dueAt` (its store-local day).
 */
export function contractPlanFields<K extends string>(
  c: Contract,
  kind: K,
  dueAt: string,
  timeZone: string,
  owner: { userId: string; name: string } = { userId: c.consultantId, name: c.consultantName },
  id: string = c.contractId,
) {
  return {
    tenantId: c.tenantId,
    storeId: c.storeId,
    kind,
    id,
    ownerId: owner.userId,
    ownerName: owner.name,
    dueAt,
    date: localDate(dueAt, timeZone),
    status: "open" as const,
    title: titleOf(c),
    prospectId: c.prospectId,
    contractId: c.contractId,
    contractNo: c.contractNo,
    customerName: c.customerName,
    ...(c.customerMobile ? { customerMobile: c.customerMobile } : {}),
  };
}

/** The photo id of a stored key (`…/photo-<id>.<ext>`). */
const photoIdOf = (key: string) => key.slice(key.lastIndexOf("/photo-") + 7, key.lastIndexOf("."));

export interface DeliveryView {
  contract: Contract;
  timeZone: string;
  balanceFen: number;
  /** what is still missing before the vehicle may go (empty: the gate is open) */
  blockers: DeliveryBlocker[];
  /** the refusal delivery would get now (null: allowed) */
  refusal: string | null;
  appointment?: DeliveryAppointment;
  photos: { id: string; url: string }[];
  call?: PostDeliveryCall & { overdue: boolean };
  reminders: DeliveryRecord["reminders"];
  dunningTasks: DeliveryRecord["dunningTasks"];
  audit: DeliveryRecord["audit"];
  checklist: readonly string[];
  /** the actor may log the post-delivery call */
  canCall: boolean;
}

function view(ctx: Ctx, store: Store, rec: DeliveryRecord, now: Date): DeliveryView {
  const c = rec.contract!;
  const blockers = c.state === "signed" ? deliveryBlockers(c) : [];
  return {
    contract: c,
    timeZone: store.timeZone,
    balanceFen: deals.balanceOf(c),
    blockers,
    refusal: blockers.length ? deliveryRefusal(blockers, c) : null,
    ...(rec.appointment ? { appointment: rec.appointment } : {}),
    photos: (c.delivery?.photoKeys ?? []).map((k) => ({
      id: photoIdOf(k),
      url: `/api/stores/${c.storeId}/contracts/${c.contractId}/delivery/photos/${photoIdOf(k)}`,
    })),
    ...(rec.call
      ? { call: { ...rec.call, overdue: rec.call.status === "open" && rec.call.dueAt < now.toISOString() } }
      : {}),
    reminders: [...rec.reminders].reverse(),
    dunningTasks: rec.dunningTasks,
    audit: [...rec.audit].reverse(),
    checklist: DELIVERY_CHECKLIST,
    canCall: !!rec.call && canCall(ctx.actor, rec.call),
  };
}

/** The delivery page of a contract: the contract, the gate, appointment, photos, the call, reminders. One Query. */
export async function getDelivery(
  ctx: Ctx,
  storeId: string,
  contractId: string,
  opts: DeliveryOpts = {},
): Promise<DeliveryView> {
  const { store, rec } = await load(ctx, storeId, contractId);
  return view(ctx, store, rec, opts.now ?? new Date());
}

// ---------- the appointment ----------

/** Book or move the delivery appointment (a plan item of kind `delivery` in the consultant's day). */
export async function bookDelivery(
  ctx: Ctx,
  storeId: string,
  contractId: string,
  input: unknown,
  opts: DeliveryOpts = {},
): Promise<DeliveryView> {
  const { store, rec } = await load(ctx, storeId, contractId);
  const c = rec.contract!;
  const data = parseInput(deliveryAppointmentSchema, input);
  requireSigned(c);
  requireVersion(c, data.version);
  const now = opts.now ?? new Date();
  const when = data.at ? new Date(data.at) : zonedToUtc(data.date!, data.time!, store.timeZone);
  if (when.getTime() <= now.getTime())
    throw new UnprocessableError("The delivery appointment must be in the future.", { date: "In the past." });
  if (localDate(when, store.timeZone) > addDays(localDate(now, store.timeZone), 365))
    throw new UnprocessableError("The delivery appointment is more than a year ahead.", { date: "Too far ahead." });
  const at = now.toISOString();
  const dueAt = when.toISOString();
  const { appointmentNote: _old, ...kept } = c.delivery ?? {};
  const next: Contract = {
    ...c,
    delivery: { ...kept, appointmentAt: dueAt, ...(data.note ? { appointmentNote: data.note } : {}) },
    version: c.version + 1,
    updatedAt: at,
  };
  const appointment: DeliveryAppointment = {
    ...contractPlanFields(c, "delivery", dueAt, store.timeZone),
    ...(data.note ? { note: data.note } : {}),
    createdAt: rec.appointment?.createdAt ?? at,
    createdBy: rec.appointment?.createdBy ?? ctx.actor.userId,
    updatedAt: at,
  };
  const entry = audit(
    ctx,
    rec.appointment ? "delivery.rebooked" : "delivery.booked",
    {
      at: `${appointment.date} ${localTime(dueAt, store.timeZone)}`,
      ...(rec.appointment ? { was: rec.appointment.dueAt } : {}),
      ...(data.note ? { note: data.note } : {}),
    },
    at,
  );
  try {
    await delivery.bookAppointment(db(ctx), next, c.version, entry, appointment);
  } catch (e) {
    if (isContention(e)) throw changed();
    throw e;
  }
  return view(ctx, store, withAudit({ ...rec, contract: next, appointment }, entry), now);
}

/** A store's booked delivery appointments, earliest first (past ones not delivered yet too): one Query. */
export async function listAppointments(ctx: Ctx, storeId: string, opts: DeliveryOpts = {}) {
  const store = await requireStore(ctx, storeId);
  const items = await delivery.listStoreAppointments(db(ctx), ctx.actor.tenantId, storeId);
  const now = (opts.now ?? new Date()).toISOString();
  const mine = (a: DeliveryAppointment) => hasRole(ctx.actor, ...DELIVERY_STAFF) || a.ownerId === ctx.actor.userId;
  return {
    timeZone: store.timeZone,
    appointments: items.filter(mine).map((a) => ({ ...a, overdue: a.dueAt < now })),
  };
}

// ---------- photos ----------

/** A handover photo from the JSON API (base64). */
export async function addDeliveryPhoto(
  ctx: Ctx,
  storeId: string,
  contractId: string,
  input: unknown,
  opts: DeliveryOpts = {},
): Promise<DeliveryView> {
  await load(ctx, storeId, contractId);
  const data = parseInput(deliveryPhotoSchema, input);
  const bytes = decodeBase64(data.photoBase64);
  if (!bytes)
    throw new UnprocessableError("The photo must be a JPEG, PNG or WebP image.", {
      photoBase64: "Not base64 image data.",
    });
  return storePhoto(ctx, storeId, contractId, bytes, "photoBase64", opts);
}

/** A handover photo from the web form (a file upload): the same rules. */
export async function addDeliveryPhotoUpload(
  ctx: Ctx,
  storeId: string,
  contractId: string,
  bytes: Uint8Array,
  opts: DeliveryOpts = {},
): Promise<DeliveryView> {
  await load(ctx, storeId, contractId);
  return storePhoto(ctx, storeId, contractId, bytes, "photo", opts);
}

async function storePhoto(
  ctx: Ctx,
  storeId: string,
  contractId: string,
  bytes: Uint8Array,
  field: string,
  opts: DeliveryOpts,
): Promise<DeliveryView> {
  const problem = deliveryPhotoProblem(bytes);
  if (problem) throw new UnprocessableError(problem, { [field]: problem });
  const type = sniffImage(bytes)!;
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  const key = `${ctx.actor.tenantId}/deliveries/${contractId}/photo-${newId()}.${IMAGE_EXTENSIONS[type]}`;
  const storage = getStorage();
  let stored = false;
  try {
    // a photo is added whatever else changed on the contract meanwhile: read again and retry
    for (let attempt = 1; ; attempt++) {
      const { store, rec } = await load(ctx, storeId, contractId);
      const c = rec.contract!;
      requireSigned(c);
      const keys = c.delivery?.photoKeys ?? [];
      if (keys.length >= MAX_DELIVERY_PHOTOS)
        throw new UnprocessableError(`At most ${MAX_DELIVERY_PHOTOS} handover photos.`, { [field]: "Too many." });
      if (!stored) {
        await storage.put(key, bytes, type);
        stored = true;
      }
      const next: Contract = {
        ...c,
        delivery: { ...c.delivery, photoKeys: [...keys, key] },
        version: c.version + 1,
        updatedAt: at,
      };
      const entry = audit(ctx, "delivery.photo_added", { photo: keys.length + 1, bytes: bytes.length }, at);
      try {
        await deals.updateContract(db(ctx), next, c.version, entry);
        return view(ctx, store, withAudit({ ...rec, contract: next }, entry), now);
      } catch (e) {
        if (!isContention(e) || attempt >= 3) throw isContention(e) ? changed() : e;
      }
    }
  } catch (e) {
    // nothing half-written: the photo goes when the contract does not name it
    if (stored) await storage.delete(key).catch(() => undefined);
    throw e;
  }
}

/** A handover photo, read through its contract (tenant, store and who-may-see checked). */
export async function getDeliveryPhoto(ctx: Ctx, storeId: string, contractId: string, photoId: string) {
  const { rec } = await load(ctx, storeId, contractId);
  const key = (rec.contract!.delivery?.photoKeys ?? []).find((k) => photoIdOf(k) === photoId);
  if (!key?.startsWith(`${ctx.actor.tenantId}/`)) throw new NotFoundError("Photo");
  const obj = await getStorage().get(key);
  if (!obj) throw new NotFoundError("Photo");
  return obj;
}

// ---------- the delivery ----------

/**
 * Record the delivery. Refused (422) while the gate is closed — the message says
 * exactly what is missing — or without the appointment and a handover photo.
 * Then, in one transaction: contract → delivered, vehicle allocated → delivered
 * (version- and status-checked), card → customer, appointment done, the
 * post-delivery call created (due 3 days later).
 */
export async function completeDelivery(
  ctx: Ctx,
  storeId: string,
  contractId: string,
  input: unknown,
  opts: DeliveryOpts = {},
): Promise<DeliveryView> {
  const { store, rec } = await load(ctx, storeId, contractId);
  const c = rec.contract!;
  const data = parseInput(deliveryCompleteSchema, input);
  requireSigned(c);
  requireVersion(c, data.version);
  const blockers = deliveryBlockers(c);
  if (blockers.length) throw new UnprocessableError(deliveryRefusal(blockers, c));
  if (!rec.appointment)
    throw new UnprocessableError("Book the delivery appointment first.", { appointment: "Not booked." });
  if (!c.delivery?.photoKeys?.length)
    throw new UnprocessableError("Upload at least one photo of the handover.", {
      "checklist.photos": "No photo uploaded.",
    });
  const database = db(ctx);
  const vehicle = await inventory.getVehicle(database, ctx.actor.tenantId, c.allocation!.vehicleId);
  if (!vehicle || vehicle.storeId !== storeId)
    throw new ConflictError("The allocated vehicle is not in this store's inventory.");
  if (vehicle.status !== "allocated")
    throw new ConflictError(`The allocated vehicle is ${vehicle.status.replace("_", " ")}, not allocated.`);
  if (vehicle.keyOut)
    throw new ConflictError(`The keys are out with ${vehicle.keyOut.name}; return them first.`, {
      "checklist.keys": "Keys are out.",
    });
  const now = opts.now ?? new Date();
  // period close (issue 6): a delivery is booked on today's store-local date
  await periods.assertOpen(ctx, storeId, [periods.bookingDate(store.timeZone, now)]);
  const at = now.toISOString();
  const next: Contract = {
    ...c,
    state: "delivered",
    delivery: {
      ...c.delivery,
      checklist: { ...data.checklist },
      keysHandedOver: data.keysHandedOver,
      customerSigned: true,
      deliveredAt: at,
      deliveredBy: ctx.actor.userId,
      deliveredByName: ctx.actor.name,
      ...(data.note ? { note: data.note } : {}),
    },
    version: c.version + 1,
    updatedAt: at,
  };
  const dueAt = postDeliveryCallDue(at);
  const call: PostDeliveryCall = {
    ...contractPlanFields(c, "post_delivery_call", dueAt, store.timeZone),
    deliveredAt: at,
    vehicle: vehicleLabel(c),
    createdAt: at,
    createdBy: ctx.actor.userId,
    updatedAt: at,
  };
  const detail = { contract: c.contractNo, vin: vehicle.vin, keys: data.keysHandedOver };
  const entry = audit(
    ctx,
    "delivery.completed",
    { ...detail, callDue: `${localDate(dueAt, store.timeZone)} ${localTime(dueAt, store.timeZone)}` },
    at,
  );
  // issue 7: the delivery makes the after-sales customer (or adds the car to the same mobile's customer)
  const customerItems = await deliveryCustomerWrites(
    database,
    c,
    vehicle.vin,
    localDate(now, store.timeZone),
    at,
    audit(ctx, "customer.created", { origin: "sales", contract: c.contractNo, vin: vehicle.vin }, at),
  );
  try {
    await delivery.deliver(
      database,
      next,
      c.version,
      entry,
      { ...rec.appointment, status: "done", doneAt: at, updatedAt: at },
      call,
      [
        ...customerItems,
        ...inventory.vehicleUpdateItems(
          database,
          { ...vehicle, status: "delivered", deliveredAt: at, version: vehicle.version + 1, updatedAt: at },
          vehicle,
          audit(ctx, "vehicle.delivered", { from: "allocated", to: "delivered", contract: c.contractNo }, at),
        ),
        ...delivery.prospectCustomerItems(
          database,
          c.tenantId,
          c.prospectId,
          { since: at, contractId: c.contractId, contractNo: c.contractNo },
          audit(ctx, "prospect.became_customer", detail, at),
        ),
      ],
    );
  } catch (e) {
    if (isContention(e))
      throw new ConflictError("Someone else changed this contract or its vehicle. Reload and try again.");
    throw e;
  }
  return view(
    ctx,
    store,
    withAudit({ ...rec, contract: next, appointment: { ...rec.appointment, status: "done", doneAt: at }, call }, entry),
    now,
  );
}

// ---------- the post-delivery call ----------

function canCall(actor: Actor, call: PostDeliveryCall): boolean {
  return (
    call.ownerId === actor.userId ||
    hasRole(actor, ...FLOOR_MANAGERS) ||
    !!call.escalatedTo?.some((u) => u.userId === actor.userId)
  );
}

/** Log the post-delivery call (outcome, note): the plan item is done — in time, or late. */
export async function completePostDeliveryCall(
  ctx: Ctx,
  storeId: string,
  contractId: string,
  input: unknown,
  opts: DeliveryOpts = {},
): Promise<DeliveryView> {
  const { store, rec } = await load(ctx, storeId, contractId);
  const call = rec.call;
  if (!call) throw new NotFoundError("Post-delivery call");
  if (!canCall(ctx.actor, call))
    throw new ForbiddenError("Only the consultant or a manager can log the post-delivery call.");
  const data = parseInput(postDeliveryCallSchema, input);
  if (call.status !== "open") throw new ConflictError("The post-delivery call is already logged.");
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  const late = at > call.dueAt;
  const next: PostDeliveryCall = {
    ...call,
    status: "done",
    doneAt: at,
    outcome: data.outcome,
    ...(data.note ? { note: data.note } : {}),
    late,
    doneBy: ctx.actor.userId,
    doneByName: ctx.actor.name,
    updatedAt: at,
  };
  const entry = audit(
    ctx,
    "delivery.call_logged",
    { outcome: data.outcome, late, ...(data.note ? { note: data.note } : {}) },
    at,
  );
  try {
    await delivery.closeWork(db(ctx), next, entry);
  } catch (e) {
    if (isContention(e)) throw new ConflictError("The post-delivery call is already logged.");
    throw e;
  }
  return view(ctx, store, withAudit({ ...rec, call: next }, entry), now);
}

/** The store's active sales managers (escalations go to them; general managers if the store has none). */
export function escalationManagers(users: readonly User[], storeId: string): { userId: string; name: string }[] {
  const staff = users.filter((u) => u.active && u.storeIds.includes(storeId));
  let managers = staff.filter((u) => u.roles.includes("sales_manager"));
  if (!managers.length) managers = staff.filter((u) => u.roles.includes("general_manager"));
  return managers
    .sort((a, b) => a.name.localeCompare(b.name, "zh-CN") || a.userId.localeCompare(b.userId))
    .map((u) => ({ userId: u.userId, name: u.name }));
}

/**
 * The follow-up job's step for post-delivery calls: every open call of the store
 * past its due time that was not escalated yet is escalated to the sales
 * manager(s) once (a conditional update: a second run, or two at once, change
 * nothing). No reads when nothing is late; the staff list (one Query) otherwise.
 */
export async function escalateLateCalls(
  store: Store,
  open: readonly KeyedPlanItem[],
  now: Date,
  opts: { db?: Db } = {},
): Promise<string[]> {
  const at = now.toISOString();
  const late = open
    .map((o) => o.item as unknown as PostDeliveryCall)
    .filter((i) => i.kind === "post_delivery_call" && i.status === "open" && i.dueAt < at && !i.escalatedAt);
  if (!late.length) return [];
  const database = db(opts);
  const to = escalationManagers(await identity.listUsers(database, store.tenantId), store.storeId);
  const escalated: string[] = [];
  for (const call of late) {
    const done = await delivery.escalateCall(database, call, at, to, {
      at,
      ...SYSTEM,
      action: "delivery.call_escalated",
      detail: { to: to.map((u) => u.name).join(", ") || "—", consultant: call.ownerName, due: call.dueAt },
    });
    if (done) escalated.push(call.contractId);
  }
  return escalated;
}

// ---------- completion rate ----------

/**
 * Post-delivery call completion for the deliveries of a period (store-local days,
 * default: this month so far): per consultant and the store. One Query.
 */
export async function callRate(ctx: Ctx, storeId: string, query: unknown = {}, opts: DeliveryOpts = {}) {
  const store = await requireStore(ctx, storeId);
  const q = parseInput(callRateQuerySchema, query ?? {});
  const now = opts.now ?? new Date();
  const today = localDate(now, store.timeZone);
  const to = q.to ?? (q.from && q.from > today ? q.from : today);
  const from = q.from ?? `${to.slice(0, 8)}01`;
  const calls = await delivery.listStoreCalls(
    db(ctx),
    ctx.actor.tenantId,
    storeId,
    zonedToUtc(from, "00:00", store.timeZone).toISOString(),
    zonedToUtc(addDays(to, 1), "00:00", store.timeZone).toISOString(),
  );
  const at = now.toISOString();
  return {
    from,
    to,
    timeZone: store.timeZone,
    ...callCompletion(calls, now),
    calls: calls
      .map((c) => ({
        contractId: c.contractId,
        contractNo: c.contractNo,
        customerName: c.customerName,
        ownerId: c.ownerId,
        ownerName: c.ownerName,
        deliveredAt: c.deliveredAt,
        dueAt: c.dueAt,
        status: c.status,
        ...(c.doneAt ? { doneAt: c.doneAt } : {}),
        ...(c.outcome ? { outcome: c.outcome } : {}),
        late: c.status === "done" ? !!c.late : c.dueAt < at,
        ...(c.escalatedTo ? { escalatedTo: c.escalatedTo.map((u) => u.name) } : {}),
      }))
      .reverse(),
  };
}

// ---------- dunning tasks ----------

/** The actor's open dunning task on a contract is done (the customer was reminded). */
export async function completeDunningTask(
  ctx: Ctx,
  storeId: string,
  contractId: string,
  input: unknown,
  opts: DeliveryOpts = {},
) {
  const store = await requireStore(ctx, storeId);
  if (!ULID.test(contractId)) throw new NotFoundError("Contract");
  const rec = await delivery.getDeliveryRecord(db(ctx), ctx.actor.tenantId, contractId);
  const c = rec.contract;
  const task = rec.dunningTasks.find((t) => t.ownerId === ctx.actor.userId);
  // the consultant, the sales admin, a manager — or the manager the reminders were escalated to
  if (!c || c.storeId !== storeId || (!canWork(ctx.actor, c) && !task)) throw new NotFoundError("Contract");
  const data = parseInput(dunningTaskDoneSchema, input ?? {});
  if (task?.status !== "open") throw new ConflictError("You have no open dunning task on this contract.");
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  const next = {
    ...task,
    status: "done" as const,
    doneAt: at,
    outcome: "done" as const,
    ...(data.note ? { note: data.note } : {}),
    updatedAt: at,
  };
  try {
    await delivery.closeWork(
      db(ctx),
      next,
      audit(ctx, "dunning.task_done", { ...(data.note ? { note: data.note } : {}) }, at),
    );
  } catch (e) {
    if (isContention(e)) throw new ConflictError("You have no open dunning task on this contract.");
    throw e;
  }
  return { task: next, timeZone: store.timeZone };
}
