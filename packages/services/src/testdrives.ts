/**
 * Test drives (试乘试驾, brief rule 9): the store's test-drive fleet, booking a
 * car for a prospect without double booking (slot locks in the booking's own
 * transaction), time out with the driving licence checked, its photo stored and
 * the waiver signed, time in with the customer's feedback, and the supervisor's
 * sign-off. Every drive is a plan item (kind test_drive) in the owner's day.
 */
import {
  bookingTimeProblem,
  ConflictError,
  decodeBase64,
  endOf,
  FLOOR_MANAGERS,
  ForbiddenError,
  fleetVehiclePatchSchema,
  fleetVehicleSchema,
  IMAGE_EXTENSIONS,
  licenceProblem,
  localDate,
  localTime,
  NotFoundError,
  newId,
  parseInput,
  photoProblem,
  type Role,
  slotsCovered,
  sniffImage,
  type TestDriveStartFields,
  type TestDriveState,
  testDriveBookingSchema,
  testDriveCancelSchema,
  testDriveListQuerySchema,
  testDriveReturnSchema,
  testDriveSignOffSchema,
  testDriveStartFieldsSchema,
  testDriveStartSchema,
  UnprocessableError,
  WALK_IN_LOGGERS,
} from "@dealeros/core";
import {
  type AuditEntry,
  cancelledConditions,
  type FleetVehicle,
  isContention,
  type Store,
  type TestDrive,
  testDrives,
} from "@dealeros/db";
import { type Ctx, db, hasRole, requireRole, requireStore } from "./context.ts";
import { getStorage } from "./storage.ts";

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
/** Who signs off a completed drive (the showroom supervisor). */
export const TEST_DRIVE_SUPERVISORS: readonly Role[] = ["sales_manager", "general_manager"];

function audit(ctx: Ctx, action: string, detail: Record<string, unknown>, at = new Date().toISOString()): AuditEntry {
  return { at, by: ctx.actor.userId, byName: ctx.actor.name, action, detail };
}

function localStamp(iso: string, timeZone: string): string {
  return `${localDate(iso, timeZone)} ${localTime(iso, timeZone)}`;
}

// ---------- fleet ----------

function fleetManager(ctx: Ctx): void {
  requireRole(ctx.actor, FLOOR_MANAGERS, "Only a manager can change the test-drive fleet.");
}

function plateTaken(plate: string): ConflictError {
  return new ConflictError(`The plate ${plate} is already in this store's test-drive fleet.`, {
    plate: "Already in the fleet.",
  });
}

function vehicleChanged(): ConflictError {
  return new ConflictError("Someone else changed this car. Reload and try again.", { version: "Out of date." });
}

/** The store's test-drive cars, by id (one Query). Everyone of the store sees them. */
export async function listFleet(ctx: Ctx, storeId: string): Promise<FleetVehicle[]> {
  await requireStore(ctx, storeId);
  return testDrives.listFleet(db(ctx), ctx.actor.tenantId, storeId);
}

export async function addVehicle(ctx: Ctx, storeId: string, input: unknown): Promise<FleetVehicle> {
  await requireStore(ctx, storeId);
  fleetManager(ctx);
  const data = parseInput(fleetVehicleSchema, input);
  const now = new Date().toISOString();
  const v: FleetVehicle = {
    tenantId: ctx.actor.tenantId,
    storeId,
    vehicleId: newId(),
    plate: data.plate,
    model: data.model,
    colour: data.colour,
    ...(data.vin ? { vin: data.vin } : {}),
    active: data.active,
    version: 1,
    createdAt: now,
    createdBy: ctx.actor.userId,
    updatedAt: now,
    updatedBy: ctx.actor.userId,
  };
  try {
    await testDrives.createVehicle(
      db(ctx),
      v,
      audit(ctx, "testdrive.vehicle_added", { storeId, plate: v.plate, model: v.model }, now),
    );
  } catch (e) {
    if (cancelledConditions(e)?.includes(1)) throw plateTaken(v.plate);
    throw e;
  }
  return v;
}

async function requireVehicle(ctx: Ctx, storeId: string, vehicleId: string): Promise<FleetVehicle> {
  if (!ULID.test(vehicleId)) throw new NotFoundError("Test-drive car");
  const v = await testDrives.getVehicle(db(ctx), ctx.actor.tenantId, storeId, vehicleId);
  if (!v) throw new NotFoundError("Test-drive car");
  return v;
}

/** Change a car's plate, model, colour, VIN, or take it out of (or back into) service. */
export async function updateVehicle(
  ctx: Ctx,
  storeId: string,
  vehicleId: string,
  input: unknown,
): Promise<FleetVehicle> {
  await requireStore(ctx, storeId);
  const current = await requireVehicle(ctx, storeId, vehicleId);
  fleetManager(ctx);
  const { version, ...patch } = parseInput(fleetVehiclePatchSchema, input);
  if (version !== current.version) throw vehicleChanged();
  const changes = Object.entries(patch).filter(([k, v]) => v !== undefined && v !== current[k as keyof FleetVehicle]);
  if (changes.length === 0) throw new UnprocessableError("Nothing to change.");
  const now = new Date().toISOString();
  const next: FleetVehicle = {
    ...current,
    ...Object.fromEntries(changes),
    version: current.version + 1,
    updatedAt: now,
    updatedBy: ctx.actor.userId,
  };
  try {
    await testDrives.updateVehicle(
      db(ctx),
      next,
      current,
      audit(ctx, "testdrive.vehicle_changed", { storeId, plate: next.plate, ...Object.fromEntries(changes) }, now),
    );
  } catch (e) {
    const failed = cancelledConditions(e);
    if (failed?.includes(1) && next.plate !== current.plate) throw plateTaken(next.plate);
    if (isContention(e)) throw vehicleChanged();
    throw e;
  }
  return next;
}

/** Remove a car that has no upcoming drive (past drives keep their own copy of plate and model). */
export async function removeVehicle(ctx: Ctx, storeId: string, vehicleId: string): Promise<FleetVehicle> {
  await requireStore(ctx, storeId);
  const current = await requireVehicle(ctx, storeId, vehicleId);
  fleetManager(ctx);
  const database = db(ctx);
  const from = new Date(Date.now() - 2 * 3600_000).toISOString();
  if (await testDrives.hasUpcomingDrives(database, ctx.actor.tenantId, vehicleId, from))
    throw new ConflictError("This car has upcoming test drives. Cancel them or take the car out of service instead.");
  try {
    await testDrives.deleteVehicle(
      database,
      current,
      audit(ctx, "testdrive.vehicle_removed", { storeId, plate: current.plate, model: current.model }),
    );
  } catch (e) {
    if (isContention(e)) throw vehicleChanged();
    throw e;
  }
  return current;
}

// ---------- reading ----------

export interface TestDriveView extends TestDrive {
  /** false: another consultant's customer — name, mobile and licence are left out */
  canOpen: boolean;
  /** minutes between time out and time in */
  actualMinutes: number | null;
}

function canOpen(ctx: Ctx, td: TestDrive): boolean {
  return td.ownerId === ctx.actor.userId || hasRole(ctx.actor, ...WALK_IN_LOGGERS);
}

function view(ctx: Ctx, td: TestDrive): TestDriveView {
  const actualMinutes =
    td.started && td.returned
      ? Math.round((new Date(td.returned.at).getTime() - new Date(td.started.at).getTime()) / 60000)
      : null;
  if (canOpen(ctx, td)) return { ...td, canOpen: true, actualMinutes };
  const { prospectMobile: _m, started, ...rest } = td;
  return {
    ...rest,
    prospectName: "",
    title: td.model,
    ...(started ? { started: { ...started, licenceNumber: "", photoKey: "" } } : {}),
    canOpen: false,
    actualMinutes,
  };
}

/** A store's test drives of a local day (default today), in start order: one Query. */
export async function listTestDrives(
  ctx: Ctx,
  storeId: string,
  query: Record<string, string | undefined> = {},
): Promise<{ date: string; testDrives: TestDriveView[] }> {
  const store = await requireStore(ctx, storeId);
  const q = parseInput(testDriveListQuerySchema, query);
  const date = q.date ?? localDate(new Date(), store.timeZone);
  const list = await testDrives.listStoreDay(db(ctx), ctx.actor.tenantId, storeId, date);
  return { date, testDrives: list.map((td) => view(ctx, td)) };
}

/** A drive of the store (404 otherwise) that the actor may open (403 otherwise), with the store. */
async function loadTestDrive(ctx: Ctx, storeId: string, testDriveId: string) {
  const store = await requireStore(ctx, storeId);
  if (!ULID.test(testDriveId)) throw new NotFoundError("Test drive");
  const r = await testDrives.getTestDriveWithAudit(db(ctx), ctx.actor.tenantId, testDriveId);
  if (!r.testDrive || r.testDrive.storeId !== storeId) throw new NotFoundError("Test drive");
  if (!canOpen(ctx, r.testDrive))
    throw new ForbiddenError(`This test drive belongs to ${r.testDrive.ownerName}'s customer.`);
  return { store, testDrive: r.testDrive, audit: r.audit };
}

/** One drive with its audit trail (the owner, the receptionist or a manager). */
export async function getTestDrive(
  ctx: Ctx,
  storeId: string,
  testDriveId: string,
): Promise<{ testDrive: TestDriveView; audit: AuditEntry[] }> {
  const { testDrive, audit: trail } = await loadTestDrive(ctx, storeId, testDriveId);
  return { testDrive: view(ctx, testDrive), audit: trail };
}

/** The licence photo of a drive, read from storage through the drive (tenant, store and role checked). */
export async function getLicencePhoto(
  ctx: Ctx,
  storeId: string,
  testDriveId: string,
): Promise<{ bytes: Uint8Array; contentType: string }> {
  const { testDrive } = await loadTestDrive(ctx, storeId, testDriveId);
  const key = testDrive.started?.photoKey;
  // the key was written by us for this tenant; never follow one that is not
  if (!key?.startsWith(`${ctx.actor.tenantId}/`)) throw new NotFoundError("Licence photo");
  const obj = await getStorage().get(key);
  if (!obj) throw new NotFoundError("Licence photo");
  return { bytes: obj.bytes, contentType: testDrive.started?.photoType ?? obj.contentType };
}

// ---------- booking ----------

function cardProblem(): UnprocessableError {
  return new UnprocessableError("Choose an active prospect card of this store.", {
    prospectId: "Choose an active prospect card of this store.",
  });
}

function carProblem(message: string): UnprocessableError {
  return new UnprocessableError(message, { vehicleId: message });
}

async function clashError(ctx: Ctx, store: Store, vehicleId: string, slot: string): Promise<ConflictError> {
  const held = await testDrives.getSlot(db(ctx), ctx.actor.tenantId, vehicleId, slot);
  if (!held) return new ConflictError("This car was just booked for this time. Choose another time or another car.");
  const from = localTime(held.startAt, store.timeZone);
  const to = localTime(held.endAt, store.timeZone);
  const message = `This car is already booked from ${from} to ${to}. Choose another time or another car.`;
  return new ConflictError(message, { startAt: `Booked from ${from} to ${to}.` });
}

/**
 * Book a car for a prospect. The drive belongs to the card's owner; a consultant
 * books for his own cards, the receptionist and managers for anyone's. Round
 * trips: one BatchGet (car + card), one transaction (slot locks included).
 */
export async function bookTestDrive(ctx: Ctx, storeId: string, input: unknown): Promise<TestDriveView> {
  const store = await requireStore(ctx, storeId);
  if (!hasRole(ctx.actor, "sales_consultant", ...WALK_IN_LOGGERS))
    throw new ForbiddenError("Only consultants, receptionists and managers book test drives.");
  const data = parseInput(testDriveBookingSchema, input);
  const startAt = new Date(data.startAt).toISOString();
  const timeProblem = bookingTimeProblem(startAt, data.durationMinutes, store);
  if (timeProblem) throw new UnprocessableError(timeProblem.message, { startAt: timeProblem.message });
  const database = db(ctx);
  const { vehicle, prospect } = await testDrives.getVehicleAndProspect(
    database,
    ctx.actor.tenantId,
    storeId,
    data.vehicleId,
    data.prospectId,
  );
  if (!prospect || prospect.storeId !== storeId || prospect.status !== "active") throw cardProblem();
  if (prospect.ownerId !== ctx.actor.userId && !hasRole(ctx.actor, ...WALK_IN_LOGGERS))
    throw new ForbiddenError("You can only book test drives for your own prospects.");
  if (!vehicle) throw carProblem("Choose a car of this store's test-drive fleet.");
  if (!vehicle.active) throw carProblem("This car is out of service for test drives.");
  const now = new Date().toISOString();
  const testDriveId = newId();
  const td: TestDrive = {
    tenantId: ctx.actor.tenantId,
    storeId,
    kind: "test_drive",
    id: testDriveId,
    testDriveId,
    ownerId: prospect.ownerId,
    ownerName: prospect.ownerName,
    dueAt: startAt,
    date: localDate(startAt, store.timeZone),
    status: "open",
    title: `${prospect.name} · ${vehicle.model}`,
    state: "booked",
    prospectId: prospect.prospectId,
    prospectName: prospect.name,
    ...(prospect.mobile ? { prospectMobile: prospect.mobile } : {}),
    vehicleId: vehicle.vehicleId,
    plate: vehicle.plate,
    model: vehicle.model,
    colour: vehicle.colour,
    startAt,
    endAt: endOf(startAt, data.durationMinutes),
    durationMinutes: data.durationMinutes,
    route: data.route,
    ...(data.routeKm ? { routeKm: data.routeKm } : {}),
    ...(data.note ? { note: data.note } : {}),
    slots: slotsCovered(startAt, data.durationMinutes),
    version: 1,
    createdAt: now,
    createdBy: ctx.actor.userId,
    createdByName: ctx.actor.name,
    updatedAt: now,
  };
  const entry = audit(
    ctx,
    "testdrive.booked",
    {
      car: `${vehicle.plate} ${vehicle.model}`,
      start: localStamp(startAt, store.timeZone),
      minutes: data.durationMinutes,
      route: data.route,
    },
    now,
  );
  try {
    await testDrives.bookTestDrive(database, td, entry);
  } catch (e) {
    const failed = cancelledConditions(e);
    if (failed?.includes(0)) throw carProblem("This car is out of service for test drives.");
    if (failed?.includes(1)) throw cardProblem();
    const slotIndex = failed?.find(
      (i) => i >= testDrives.FIRST_SLOT_INDEX && i < testDrives.FIRST_SLOT_INDEX + td.slots.length,
    );
    if (slotIndex !== undefined)
      throw await clashError(ctx, store, vehicle.vehicleId, td.slots[slotIndex - testDrives.FIRST_SLOT_INDEX]!);
    if (isContention(e))
      throw new ConflictError("This car was just booked for this time. Choose another time or another car.");
    throw e;
  }
  return view(ctx, td);
}

// ---------- the drive's life ----------

const STATE_MESSAGES: Record<string, Partial<Record<TestDriveState, string>>> = {
  start: {
    in_progress: "This test drive has already started.",
    returned: "This test drive has already started and returned.",
    signed_off: "This test drive is already completed and signed off.",
    cancelled: "This test drive was cancelled.",
  },
  return: {
    booked: "This test drive has not started yet; start it before recording the return.",
    returned: "The car has already returned from this test drive.",
    signed_off: "This test drive is already completed and signed off.",
    cancelled: "This test drive was cancelled.",
  },
  signOff: {
    booked: "This test drive has not taken place yet; sign off after the car has returned.",
    in_progress: "The car has not returned yet; sign off after the return.",
    signed_off: "This test drive is already signed off.",
    cancelled: "This test drive was cancelled.",
  },
  cancel: {
    in_progress: "A test drive that has started cannot be cancelled.",
    returned: "A completed test drive cannot be cancelled.",
    signed_off: "A completed test drive cannot be cancelled.",
    cancelled: "This test drive is already cancelled.",
  },
};

function illegal(action: keyof typeof STATE_MESSAGES, state: TestDriveState): ConflictError {
  return new ConflictError(STATE_MESSAGES[action]?.[state] ?? "This test drive cannot do that now.");
}

function assertState(action: keyof typeof STATE_MESSAGES, td: TestDrive, expected: TestDriveState): void {
  if (td.state !== expected) throw illegal(action, td.state);
}

/**
 * Save a state change (the changes, version + 1, with its audit entries) and return the
 * drive's view; losing a race to another change is a 409 that says what happened.
 */
async function saveTransition(
  ctx: Ctx,
  action: keyof typeof STATE_MESSAGES,
  current: TestDrive,
  change: { changes: Partial<TestDrive>; at: string; audits: AuditEntry[] } & testDrives.TransitionOptions,
): Promise<TestDriveView> {
  const { changes, at, audits, ...opts } = change;
  const next: TestDrive = { ...current, ...changes, version: current.version + 1, updatedAt: at };
  try {
    await testDrives.transition(db(ctx), next, current, audits, opts);
  } catch (e) {
    if (!isContention(e)) throw e;
    const fresh = await testDrives.getTestDrive(db(ctx), ctx.actor.tenantId, current.testDriveId);
    if (fresh && fresh.state !== current.state) throw illegal(action, fresh.state);
    throw new ConflictError("Someone else changed this test drive. Reload and try again.");
  }
  return view(ctx, next);
}

/** Cancel a booked drive: the car's slots are freed in the same transaction. */
export async function cancelTestDrive(
  ctx: Ctx,
  storeId: string,
  testDriveId: string,
  input: unknown,
): Promise<TestDriveView> {
  const { store, testDrive: current } = await loadTestDrive(ctx, storeId, testDriveId);
  const data = parseInput(testDriveCancelSchema, input ?? {});
  assertState("cancel", current, "booked");
  const at = new Date().toISOString();
  const entry = audit(
    ctx,
    "testdrive.cancelled",
    { car: current.plate, start: localStamp(current.startAt, store.timeZone), reason: data.reason },
    at,
  );
  return saveTransition(ctx, "cancel", current, {
    changes: {
      state: "cancelled",
      status: "cancelled",
      doneAt: at,
      cancelled: { at, by: ctx.actor.userId, byName: ctx.actor.name, ...(data.reason ? { reason: data.reason } : {}) },
    },
    at,
    audits: [entry],
    freeSlots: current.slots,
    prospectEntry: entry,
  });
}

/** Time out (JSON API): licence checked, the photo (base64) stored, the waiver signed. */
export async function startTestDrive(
  ctx: Ctx,
  storeId: string,
  testDriveId: string,
  input: unknown,
): Promise<TestDriveView> {
  const { testDrive: current } = await loadTestDrive(ctx, storeId, testDriveId);
  const data = parseInput(testDriveStartSchema, input);
  assertState("start", current, "booked");
  const bytes = decodeBase64(data.photoBase64);
  if (!bytes)
    throw new UnprocessableError("The licence photo must be a JPEG, PNG or WebP image.", {
      photoBase64: "Not base64 image data.",
    });
  return start(ctx, current, data, bytes, "photoBase64");
}

/** Time out from a form with a file upload (the web page): the same rules as startTestDrive. */
export async function startTestDriveUpload(
  ctx: Ctx,
  storeId: string,
  testDriveId: string,
  fields: unknown,
  photo: Uint8Array,
): Promise<TestDriveView> {
  const { testDrive: current } = await loadTestDrive(ctx, storeId, testDriveId);
  const data = parseInput(testDriveStartFieldsSchema, fields);
  assertState("start", current, "booked");
  return start(ctx, current, data, photo, "photo");
}

async function start(
  ctx: Ctx,
  current: TestDrive,
  data: TestDriveStartFields,
  bytes: Uint8Array,
  photoField: string,
): Promise<TestDriveView> {
  const licence = licenceProblem(data.licenceKind, data.licenceNumber);
  if (licence) throw new UnprocessableError(licence, { licenceNumber: licence });
  const photo = photoProblem(bytes);
  if (photo) throw new UnprocessableError(photo, { [photoField]: photo });
  const type = sniffImage(bytes)!;
  const at = new Date().toISOString();
  const key = `${ctx.actor.tenantId}/test-drives/${current.testDriveId}/licence-${newId()}.${IMAGE_EXTENSIONS[type]}`;
  const storage = getStorage();
  await storage.put(key, bytes, type);
  const started = {
    at,
    by: ctx.actor.userId,
    byName: ctx.actor.name,
    licenceKind: data.licenceKind,
    licenceNumber: data.licenceKind === "cn" ? data.licenceNumber.trim().toUpperCase() : data.licenceNumber.trim(),
    photoKey: key,
    photoType: type,
    waiverSignedAt: at,
  };
  try {
    return await saveTransition(ctx, "start", current, {
      changes: { state: "in_progress", started },
      at,
      audits: [
        audit(
          ctx,
          "testdrive.started",
          { car: current.plate, licence: data.licenceKind, waiver: "signed", photoBytes: bytes.length },
          at,
        ),
      ],
    });
  } catch (e) {
    // nothing half-written: the photo goes when the drive was not started
    await storage.delete(key).catch(() => undefined);
    throw e;
  }
}

/**
 * Time in, with the customer's rating, comments and interest after the drive; the
 * plan item is done. Slots of the booking that start after the time in go back to
 * the car (back early: it can be booked again), in the same transaction.
 */
export async function returnTestDrive(
  ctx: Ctx,
  storeId: string,
  testDriveId: string,
  input: unknown,
): Promise<TestDriveView> {
  const { testDrive: current } = await loadTestDrive(ctx, storeId, testDriveId);
  const data = parseInput(testDriveReturnSchema, input);
  assertState("return", current, "in_progress");
  const at = new Date().toISOString();
  const entry = audit(
    ctx,
    "testdrive.returned",
    { car: current.plate, rating: data.rating, interest: data.interest, comments: data.comments },
    at,
  );
  return saveTransition(ctx, "return", current, {
    changes: {
      state: "returned",
      slots: current.slots.filter((s) => s < at),
      status: "done",
      doneAt: at,
      returned: {
        at,
        by: ctx.actor.userId,
        byName: ctx.actor.name,
        rating: data.rating,
        interest: data.interest,
        ...(data.comments ? { comments: data.comments } : {}),
      },
    },
    at,
    audits: [entry],
    freeSlots: current.slots.filter((s) => s >= at),
    prospectEntry: entry,
  });
}

/** The supervisor signs off a completed drive (optional comment; audited). */
export async function signOffTestDrive(
  ctx: Ctx,
  storeId: string,
  testDriveId: string,
  input: unknown,
): Promise<TestDriveView> {
  const { testDrive: current } = await loadTestDrive(ctx, storeId, testDriveId);
  requireRole(ctx.actor, TEST_DRIVE_SUPERVISORS, "Only a sales manager or general manager signs off test drives.");
  const data = parseInput(testDriveSignOffSchema, input ?? {});
  assertState("signOff", current, "returned");
  const at = new Date().toISOString();
  return saveTransition(ctx, "signOff", current, {
    changes: {
      state: "signed_off",
      signedOff: {
        at,
        by: ctx.actor.userId,
        byName: ctx.actor.name,
        ...(data.comment ? { comment: data.comment } : {}),
      },
    },
    at,
    audits: [audit(ctx, "testdrive.signed_off", { car: current.plate, comment: data.comment }, at)],
  });
}
