/**
 * Repair orders (维修工单, brief rule 23) for the service front desk: reception
 * (from an appointment or a walk-in customer), estimate and approvals (a
 * supplement needs a second approval), parts reserved at approval and ordered
 * when short (缺件订货), the timed state board, settlement (结算) with the
 * warranty claim for the OEM, payment, the customer's vehicle updated, the
 * 3-day follow-up call, and the handover. Every change is audited; money and
 * state writes are version-checked transactions.
 */
import {
  addDays,
  allocateParts,
  applyAllocation,
  assertTransition,
  ConflictError,
  decodeBase64,
  IMAGE_EXTENSIONS,
  invoiceLines,
  lineAmountFen,
  localDate,
  manualMoves,
  minutesBetween,
  NotFoundError,
  newId,
  nextRound,
  parseInput,
  partNoSchema,
  partSchema,
  partStockSchema,
  pendingLines,
  RO_OPEN_STATES,
  type RoLine,
  type RoState,
  type RoStateEntry,
  repairOrderPatchSchema,
  repairOrderSchema,
  roApprovalSchema,
  roHandoverSchema,
  roLinesSchema,
  roNumber,
  roPhotoSchema,
  roSettlementSchema,
  roStateSchema,
  roTotals,
  SERVICE_STAFF,
  shortLines,
  sniffImage,
  stateMinutes,
  UnprocessableError,
  zonedToUtc,
} from "@dealeros/core";
import {
  type AuditEntry,
  type Customer,
  type CustomerTask,
  cancelledConditions,
  customers,
  customerTasks,
  isContention,
  type Part,
  type PartsOrder,
  type RepairOrder,
  repairOrders,
  type Store,
} from "@dealeros/db";
import { auditEntry, type Ctx, db, requireRole, requireStore } from "./context.ts";
import { getStorage } from "./storage.ts";

export type { Part, PartsOrder, RepairOrder };

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const MAX_RO_PHOTOS = 12;
const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

function staff(ctx: Ctx) {
  requireRole(ctx.actor, SERVICE_STAFF, "Only the service front desk can work on repair orders.");
}

async function storeFor(ctx: Ctx, storeId: string): Promise<Store> {
  const store = await requireStore(ctx, storeId);
  staff(ctx);
  return store;
}

function changed(): ConflictError {
  return new ConflictError("Someone else changed this repair order. Reload and try again.", {
    version: "Out of date.",
  });
}

async function load(ctx: Ctx, storeId: string, id: string): Promise<{ store: Store; ro: RepairOrder }> {
  const store = await storeFor(ctx, storeId);
  if (!ULID.test(id)) throw new NotFoundError("Repair order");
  const ro = await repairOrders.getRepairOrder(db(ctx), ctx.actor.tenantId, id);
  if (!ro || ro.storeId !== storeId) throw new NotFoundError("Repair order");
  return { store, ro };
}

function requireVersion(ro: RepairOrder, version: number) {
  if (ro.version !== version) throw changed();
}

function requireOpen(ro: RepairOrder) {
  if (ro.state === "settled" || ro.state === "delivered")
    throw new ConflictError("This repair order is already settled.");
}

async function commit(
  ctx: Ctx,
  prev: RepairOrder,
  next: RepairOrder,
  extra: Parameters<typeof repairOrders.repairOrderWrites>[3],
  more: Parameters<typeof repairOrders.transact>[1] = [],
) {
  try {
    await repairOrders.transact(db(ctx), [
      ...repairOrders.repairOrderWrites(db(ctx), next, prev.version, extra),
      ...more,
    ]);
  } catch (e) {
    if (isContention(e)) throw changed();
    throw e;
  }
}

function nextVersion(ro: RepairOrder, changes: Partial<RepairOrder>, at: string): RepairOrder {
  return { ...ro, ...changes, version: ro.version + 1, updatedAt: at };
}

function stateEntry(ctx: Ctx, from: RoState | undefined, to: RoState, at: string, note?: string): RoStateEntry {
  return {
    ...(from ? { from } : {}),
    to,
    at,
    by: ctx.actor.userId,
    byName: ctx.actor.name,
    ...(note ? { note } : {}),
  };
}

// ---------- the board ----------

export interface BoardColumn {
  state: RoState;
  items: (repairOrders.RoBoardEntry & { waitedMinutes: number })[];
}

/** The store's open repair orders per state, each with how long it has waited in its state. One Query. */
export async function getBoard(ctx: Ctx, storeId: string, opts: { now?: Date } = {}) {
  const store = await storeFor(ctx, storeId);
  const now = opts.now ?? new Date();
  const entries = await repairOrders.board(db(ctx), ctx.actor.tenantId, storeId);
  const columns: BoardColumn[] = RO_OPEN_STATES.map((state) => ({
    state,
    items: entries
      .filter((e) => e.state === state)
      .map((e) => ({ ...e, waitedMinutes: minutesBetween(e.stateSince, now) })),
  }));
  return { timeZone: store.timeZone, now: now.toISOString(), open: entries.length, columns };
}

// ---------- reception ----------

async function getAppointment(ctx: Ctx, appointmentId: string) {
  return repairOrders.getAppointmentRef(db(ctx), ctx.actor.tenantId, appointmentId);
}

/** The appointment a repair order can be opened from (this store's), with its customer for the form. */
export async function appointmentForReception(ctx: Ctx, storeId: string, appointmentId: string) {
  await storeFor(ctx, storeId);
  if (!ULID.test(appointmentId)) throw new NotFoundError("Appointment");
  const a = await getAppointment(ctx, appointmentId);
  if (!a || a.storeId !== storeId) throw new NotFoundError("Appointment");
  const customer = await receptionCustomer(ctx, storeId, a.customerId);
  return {
    appointmentId,
    status: a.status,
    repairOrderId: a.repairOrderId,
    vin: a.vin,
    concern: a.concern,
    customer,
  };
}

/** A customer of the store and their vehicles with the last known mileage (the reception form). One Get. */
export async function receptionCustomer(ctx: Ctx, storeId: string, customerId: string) {
  await storeFor(ctx, storeId);
  if (!ULID.test(customerId)) throw new NotFoundError("Customer");
  const c = await customers.getCustomer(db(ctx), ctx.actor.tenantId, customerId);
  if (!c || c.storeId !== storeId) throw new NotFoundError("Customer");
  return {
    customerId: c.customerId,
    name: c.name,
    mobile: c.mobile,
    vehicles: c.vehicles.map((v) => ({
      vin: v.vin,
      plate: v.plate,
      label: vehicleLabel(v),
      lastKm: Math.max(v.mileageKm ?? 0, v.lastServiceKm ?? 0),
    })),
  };
}

function vehicleLabel(v: Customer["vehicles"][number]): string {
  return [v.brand, v.modelName, v.trimName].filter(Boolean).join(" ");
}

/**
 * Open a repair order: from an appointment (it becomes arrived and links the RO
 * in the same transaction) or for a walk-in customer's vehicle. The store's RO
 * number is taken in the same transaction (no gaps; a race retries with the next).
 */
export async function createRepairOrder(ctx: Ctx, storeId: string, input: unknown, opts: { now?: Date } = {}) {
  await storeFor(ctx, storeId);
  const data = parseInput(repairOrderSchema, input);
  const database = db(ctx);
  const tenantId = ctx.actor.tenantId;
  let customerId = data.customerId;
  let vin = data.vin;
  if (data.appointmentId) {
    const a = await getAppointment(ctx, data.appointmentId);
    if (!a || a.storeId !== storeId) throw new NotFoundError("Appointment");
    if (a.repairOrderId) throw new ConflictError("This appointment already has a repair order.");
    if (a.status !== "expected" && a.status !== "arrived")
      throw new UnprocessableError("Only an expected or arrived appointment can open a repair order.", {
        appointmentId: "This appointment was cancelled or missed.",
      });
    customerId = a.customerId;
    vin = a.vin;
  }
  const customer = await customers.getCustomer(database, tenantId, customerId!);
  if (!customer || customer.storeId !== storeId) throw new NotFoundError("Customer");
  const vehicle = customer.vehicles.find((v) => v.vin === vin);
  if (!vehicle)
    throw new UnprocessableError("Choose one of the customer's vehicles.", { vin: "Not a vehicle of this customer." });
  const lastKm = Math.max(vehicle.mileageKm ?? 0, vehicle.lastServiceKm ?? 0);
  if (data.mileageKm < lastKm)
    throw new UnprocessableError("Mileage cannot be below the vehicle's last known reading.", {
      mileageKm: "Below the last known reading.",
    });
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  const repairOrderId = newId();
  for (let attempt = 1; ; attempt++) {
    const seq = (await repairOrders.currentSequence(database, tenantId, storeId)) + 1;
    const ro: RepairOrder = {
      tenantId,
      storeId,
      repairOrderId,
      roNumber: roNumber(seq),
      seq,
      customerId: customer.customerId,
      customerName: customer.name,
      ...(customer.mobile ? { mobile: customer.mobile } : {}),
      vin: vehicle.vin,
      ...(vehicle.plate ? { plate: vehicle.plate } : {}),
      vehicleLabel: vehicleLabel(vehicle),
      ...(data.appointmentId ? { appointmentId: data.appointmentId } : {}),
      advisorId: ctx.actor.userId,
      advisorName: ctx.actor.name,
      mileageKm: data.mileageKm,
      fuelEighths: data.fuelEighths,
      concerns: data.concerns,
      ...(data.damageNotes ? { damageNotes: data.damageNotes } : {}),
      ...(data.itemsLeft ? { itemsLeft: data.itemsLeft } : {}),
      ...(data.diagnosis ? { diagnosis: data.diagnosis } : {}),
      photoKeys: [],
      lines: [],
      approvals: [],
      partsOrderIds: [],
      state: "received",
      stateSince: at,
      version: 1,
      createdAt: at,
      createdBy: ctx.actor.userId,
      createdByName: ctx.actor.name,
      updatedAt: at,
    };
    const items = [
      repairOrders.sequenceWrite(database, tenantId, storeId, seq - 1),
      ...repairOrders.repairOrderWrites(database, ro, undefined, {
        state: stateEntry(ctx, undefined, "received", at),
        audits: [
          auditEntry(
            ctx,
            "repair_order.received",
            { roNumber: ro.roNumber, mileageKm: ro.mileageKm, fuelEighths: ro.fuelEighths, vin: ro.vin },
            at,
          ),
        ],
      }),
      ...(data.appointmentId
        ? [repairOrders.appointmentLinkWrite(database, tenantId, storeId, data.appointmentId, repairOrderId, at)]
        : []),
    ];
    try {
      await repairOrders.transact(database, items);
      return ro;
    } catch (e) {
      const failed = cancelledConditions(e);
      if (failed?.includes(0) && attempt < 6) continue; // someone took that number: take the next
      if (failed && data.appointmentId && failed.includes(items.length - 1))
        throw new ConflictError("This appointment already has a repair order, or it was cancelled.");
      throw e;
    }
  }
}

// ---------- one repair order ----------

function photoIdOf(key: string) {
  return key.slice(key.lastIndexOf("/photo-") + 7, key.lastIndexOf("."));
}

/** Everything about one repair order: lines with totals, approvals, parts orders, timings, moves, audit. */
export async function getRepairOrder(ctx: Ctx, storeId: string, id: string, opts: { now?: Date } = {}) {
  const store = await storeFor(ctx, storeId);
  if (!ULID.test(id)) throw new NotFoundError("Repair order");
  const database = db(ctx);
  const rec = await repairOrders.readRepairOrder(database, ctx.actor.tenantId, id);
  const ro = rec.ro;
  if (!ro || ro.storeId !== storeId) throw new NotFoundError("Repair order");
  const orders = (
    await Promise.all(ro.partsOrderIds.map((o) => repairOrders.getPartsOrder(database, ctx.actor.tenantId, o)))
  ).filter((o): o is PartsOrder => !!o);
  return view(store, ro, rec.states, rec.audit, orders, opts.now ?? new Date());
}

function view(
  store: Store,
  ro: RepairOrder,
  states: RoStateEntry[],
  audit: AuditEntry[],
  partsOrders: PartsOrder[],
  now: Date,
) {
  const invoice = invoiceLines(ro.lines);
  return {
    timeZone: store.timeZone,
    repairOrder: ro,
    lines: ro.lines.map((l) => ({ ...l, amountFen: lineAmountFen(l) })),
    totals: roTotals(invoice),
    pendingTotals: roTotals(pendingLines(ro.lines)),
    pending: pendingLines(ro.lines).length,
    short: shortLines(ro.lines).length,
    moves: manualMoves(ro.state),
    stateMinutes: stateMinutes(states, now),
    waitedMinutes: minutesBetween(ro.stateSince, now),
    states: [...states].sort((a, b) => a.at.localeCompare(b.at)),
    audit: [...audit].sort((a, b) => b.at.localeCompare(a.at)),
    partsOrders,
    photos: ro.photoKeys.map((k) => ({
      id: photoIdOf(k),
      url: `/api/stores/${ro.storeId}/repair-orders/${ro.repairOrderId}/photos/${photoIdOf(k)}`,
    })),
  };
}

export type RepairOrderView = ReturnType<typeof view>;

/** Reception details and the diagnosis (until settled). */
export async function updateRepairOrder(
  ctx: Ctx,
  storeId: string,
  id: string,
  input: unknown,
  opts: { now?: Date } = {},
) {
  const { ro } = await load(ctx, storeId, id);
  const data = parseInput(repairOrderPatchSchema, input);
  requireVersion(ro, data.version);
  requireOpen(ro);
  const at = (opts.now ?? new Date()).toISOString();
  const { version: _v, ...changes } = data;
  const fields = Object.keys(changes).filter((k) => changes[k as keyof typeof changes] !== undefined);
  if (!fields.length) throw new UnprocessableError("Nothing to change.");
  const next = nextVersion(ro, changes, at);
  await commit(ctx, ro, next, { audits: [auditEntry(ctx, "repair_order.updated", { fields }, at)] });
  return next;
}

/**
 * Add estimate lines. After the first approval they form a supplement: the RO
 * goes back to waiting_approval (work on them waits for the customer's second approval).
 */
export async function addLines(ctx: Ctx, storeId: string, id: string, input: unknown, opts: { now?: Date } = {}) {
  const { ro } = await load(ctx, storeId, id);
  const data = parseInput(roLinesSchema, input);
  requireVersion(ro, data.version);
  requireOpen(ro);
  const database = db(ctx);
  const partNos = data.lines.flatMap((l) => (l.kind === "part" ? [l.partNo] : []));
  const catalogue = partNos.length ? await repairOrders.listParts(database, ctx.actor.tenantId, storeId) : [];
  const byNo = new Map(catalogue.map((p) => [p.partNo, p]));
  const problems: Record<string, string> = {};
  data.lines.forEach((l, i) => {
    if (l.kind === "part" && !byNo.has(l.partNo)) problems[`lines.${i}.partNo`] = "Not in the catalogue.";
  });
  if (Object.keys(problems).length) throw new UnprocessableError("Choose parts from the store's catalogue.", problems);
  const at = (opts.now ?? new Date()).toISOString();
  const round = nextRound(ro.lines);
  const added: RoLine[] = data.lines.map((l) => {
    const common = {
      lineId: newId(),
      payer: l.payer,
      round,
      approved: false,
      addedAt: at,
      addedBy: ctx.actor.userId,
      addedByName: ctx.actor.name,
    };
    if (l.kind === "labour")
      return { ...common, kind: "labour", description: l.description, hours: l.hours, rateFen: l.rateFen };
    const p = byNo.get(l.partNo)!;
    return {
      ...common,
      kind: "part",
      description: p.name,
      partNo: p.partNo,
      qty: l.qty,
      unitPriceFen: l.unitPriceFen ?? p.priceFen,
    };
  });
  const supplement = ro.approvals.length > 0;
  const goesBack = supplement && ro.state !== "waiting_approval";
  if (goesBack) assertTransition(ro.state, "waiting_approval", "supplement");
  const next = nextVersion(
    ro,
    {
      lines: [...ro.lines, ...added],
      ...(goesBack ? { state: "waiting_approval" as const, stateSince: at } : {}),
    },
    at,
  );
  await commit(ctx, ro, next, {
    ...(goesBack ? { state: stateEntry(ctx, ro.state, "waiting_approval", at, "supplement") } : {}),
    audits: [
      auditEntry(
        ctx,
        supplement ? "repair_order.supplement_added" : "repair_order.lines_added",
        { round, lines: added.length, amountFen: roTotals(added).totalFen },
        at,
      ),
    ],
  });
  return next;
}

/** Remove a line the customer has not approved yet. */
export async function removeLine(
  ctx: Ctx,
  storeId: string,
  id: string,
  lineId: string,
  input: unknown,
  opts: { now?: Date } = {},
) {
  const { ro } = await load(ctx, storeId, id);
  const data = parseInput(repairOrderPatchSchema.pick({ version: true }), input ?? {});
  requireVersion(ro, data.version);
  requireOpen(ro);
  const line = ro.lines.find((l) => l.lineId === lineId);
  if (!line) throw new NotFoundError("Line");
  if (line.approved) throw new ConflictError("An approved line cannot be removed.");
  const at = (opts.now ?? new Date()).toISOString();
  const next = nextVersion(ro, { lines: ro.lines.filter((l) => l.lineId !== lineId) }, at);
  await commit(ctx, ro, next, {
    audits: [auditEntry(ctx, "repair_order.line_removed", { description: line.description }, at)],
  });
  return next;
}

/**
 * Record the customer's approval of the pending lines (estimate or supplement):
 * who recorded it, how, when. Parts are taken from stock (conditional on enough
 * stock); what stock cannot cover goes on one parts order and the RO waits for parts.
 */
export async function approve(ctx: Ctx, storeId: string, id: string, input: unknown, opts: { now?: Date } = {}) {
  await storeFor(ctx, storeId); // another tenant's store is a 404 before any validation
  const data = parseInput(roApprovalSchema, input);
  const database = db(ctx);
  const tenantId = ctx.actor.tenantId;
  for (let attempt = 1; ; attempt++) {
    const { store, ro } = await load(ctx, storeId, id);
    requireVersion(ro, data.version);
    const pending = pendingLines(ro.lines);
    if (!pending.length) throw new UnprocessableError("There are no lines waiting for the customer's approval.");
    if (ro.state !== "waiting_approval")
      throw new UnprocessableError("Send the estimate to the customer (waiting for approval) first.", {
        state: ro.state,
      });
    const now = opts.now ?? new Date();
    const at = now.toISOString();
    const catalogue = await repairOrders.listParts(database, tenantId, storeId);
    const byNo = new Map(catalogue.map((p) => [p.partNo, p]));
    const alloc = allocateParts(pending, Object.fromEntries(catalogue.map((p) => [p.partNo, p.stock])));
    const pendingIds = new Set(pending.map((l) => l.lineId));
    const allocated = applyAllocation(
      pending.map((l) => ({ ...l, approved: true })),
      alloc,
    );
    const lines = ro.lines.map((l) => (pendingIds.has(l.lineId) ? allocated.find((a) => a.lineId === l.lineId)! : l));
    const short = alloc.filter((a) => a.short > 0);
    let order: PartsOrder | undefined;
    if (short.length) {
      const today = localDate(now, store.timeZone);
      const lead = Math.max(...short.map((a) => byNo.get(a.partNo)?.leadDays ?? 0));
      order = {
        tenantId,
        storeId,
        orderId: newId(),
        repairOrderId: ro.repairOrderId,
        roNumber: ro.roNumber,
        lines: short.map((a) => ({ partNo: a.partNo, name: byNo.get(a.partNo)?.name ?? a.partNo, qty: a.short })),
        expectedOn: addDays(today, lead),
        status: "ordered",
        orderedAt: at,
        orderedBy: ctx.actor.userId,
        orderedByName: ctx.actor.name,
        version: 1,
      };
    }
    const to: RoState = shortLines(lines).length ? "waiting_parts" : "in_progress";
    assertTransition(ro.state, to, "approval");
    const round = Math.max(...pending.map((l) => l.round));
    const next = nextVersion(
      ro,
      {
        lines,
        approvals: [
          ...ro.approvals,
          {
            round,
            method: data.method,
            ...(data.note ? { note: data.note } : {}),
            lineIds: pending.map((l) => l.lineId),
            amountFen: roTotals(pending).totalFen,
            at,
            by: ctx.actor.userId,
            byName: ctx.actor.name,
          },
        ],
        partsOrderIds: order ? [...ro.partsOrderIds, order.orderId] : ro.partsOrderIds,
        ...(order ? { partsExpectedOn: order.expectedOn } : {}),
        state: to,
        stateSince: at,
      },
      at,
    );
    const stock = alloc
      .filter((a) => a.take > 0)
      .map((a) => repairOrders.stockWrite(database, tenantId, storeId, a.partNo, -a.take, at));
    try {
      await repairOrders.transact(database, [
        ...repairOrders.repairOrderWrites(database, next, ro.version, {
          state: stateEntry(ctx, ro.state, to, at),
          audits: [
            auditEntry(
              ctx,
              round > 1 ? "repair_order.supplement_approved" : "repair_order.approved",
              {
                round,
                method: data.method,
                amountFen: roTotals(pending).totalFen,
                ...(order ? { partsOrder: order.lines.map((l) => `${l.partNo} × ${l.qty}`).join(", ") } : {}),
              },
              at,
            ),
          ],
        }),
        ...stock,
        ...(order ? [repairOrders.partsOrderWrite(database, order)] : []),
        ...(alloc.length
          ? [
              repairOrders.partAuditWrite(
                database,
                tenantId,
                storeId,
                auditEntry(
                  ctx,
                  "parts.reserved",
                  {
                    roNumber: ro.roNumber,
                    taken: alloc.map((a) => `${a.partNo} × ${a.take}`).join(", "),
                    ...(short.length ? { short: short.map((a) => `${a.partNo} × ${a.short}`).join(", ") } : {}),
                  },
                  at,
                ),
              ),
            ]
          : []),
      ]);
      return next;
    } catch (e) {
      if (!isContention(e)) throw e;
      const failed = cancelledConditions(e) ?? [];
      // the RO itself changed → the caller's version is stale; stock moved meanwhile → decide again
      if (failed.includes(0) || attempt >= 3) throw changed();
    }
  }
}

/** A manual move on the page (e.g. diagnosing → waiting approval, in progress → quality check → ready). */
export async function move(ctx: Ctx, storeId: string, id: string, input: unknown, opts: { now?: Date } = {}) {
  const { ro } = await load(ctx, storeId, id);
  const data = parseInput(roStateSchema, input);
  requireVersion(ro, data.version);
  assertTransition(ro.state, data.to, "manual");
  if (data.to === "waiting_approval" && !pendingLines(ro.lines).length)
    throw new UnprocessableError("Add the estimate lines before asking the customer to approve.");
  if ((data.to === "quality_check" || data.to === "ready") && pendingLines(ro.lines).length)
    throw new UnprocessableError("Some lines still wait for the customer's approval.");
  if ((data.to === "quality_check" || data.to === "ready") && shortLines(ro.lines).length)
    throw new UnprocessableError("Parts are still missing on this repair order.");
  const at = (opts.now ?? new Date()).toISOString();
  const next = nextVersion(ro, { state: data.to, stateSince: at }, at);
  await commit(ctx, ro, next, {
    state: stateEntry(ctx, ro.state, data.to, at, data.note),
    audits: [auditEntry(ctx, "repair_order.moved", { from: ro.state, to: data.to }, at)],
  });
  return next;
}

/** The 3-day follow-up call: due 3 days after the settlement's local date at 10:00 store time. */
export function followUpCallDue(settledAt: Date, timeZone: string): { dueAt: string; date: string } {
  const date = addDays(localDate(settledAt, timeZone), 3);
  return { dueAt: zonedToUtc(date, "10:00", timeZone).toISOString(), date };
}

/**
 * Settle (结算): the invoice of the approved lines; unapproved lines are declined.
 * The payment must be the customer's share. In one transaction: the RO (settled),
 * the warranty claim for the OEM (warranty lines), the advisor's 3-day call task,
 * and the customer's vehicle (mileage, last service) — version-checked.
 */
export async function settle(ctx: Ctx, storeId: string, id: string, input: unknown, opts: { now?: Date } = {}) {
  const { store, ro } = await load(ctx, storeId, id);
  const data = parseInput(roSettlementSchema, input);
  requireVersion(ro, data.version);
  assertTransition(ro.state, "settled", "settlement");
  const lines = ro.lines.map((l) => (l.approved ? l : { ...l, declined: true }));
  const invoice = invoiceLines(lines);
  if (!invoice.length)
    throw new UnprocessableError("Nothing was approved on this repair order: there is nothing to settle.");
  const totals = roTotals(invoice);
  if (data.amountFen !== totals.customerFen)
    throw new UnprocessableError("The payment must be the customer's share of the invoice.", {
      amountFen: "Not the customer's share.",
    });
  if (totals.customerFen > 0 && !data.method)
    throw new UnprocessableError("Choose how the customer paid.", { method: "Choose how the customer paid." });
  const database = db(ctx);
  const tenantId = ctx.actor.tenantId;
  const customer = await customers.getCustomer(database, tenantId, ro.customerId);
  if (!customer) throw new NotFoundError("Customer");
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  const today = localDate(now, store.timeZone);
  const warrantyLines = invoice.filter((l) => l.payer === "warranty");
  const claimId = warrantyLines.length ? ro.repairOrderId : undefined;
  const next = nextVersion(
    ro,
    {
      lines,
      state: "settled",
      stateSince: at,
      settlement: {
        totals,
        paidFen: data.amountFen,
        ...(data.method && totals.customerFen > 0 ? { method: data.method } : {}),
        ...(claimId ? { claimId } : {}),
        at,
        by: ctx.actor.userId,
        byName: ctx.actor.name,
      },
    },
    at,
  );
  const vehicles = customer.vehicles.map((v) =>
    v.vin === ro.vin
      ? {
          ...v,
          mileageKm: Math.max(v.mileageKm ?? 0, ro.mileageKm),
          mileageOn: today,
          lastServiceOn: today,
          lastServiceKm: ro.mileageKm,
        }
      : v,
  );
  const nextCustomer: Customer = {
    ...customer,
    vehicles,
    advisorId: ro.advisorId,
    advisorName: ro.advisorName,
    lastVisitOn: today,
    version: customer.version + 1,
    updatedAt: at,
  };
  const due = followUpCallDue(now, store.timeZone);
  const task: CustomerTask = {
    tenantId,
    storeId,
    kind: "service_call",
    id: ro.repairOrderId,
    ownerId: ro.advisorId,
    ownerName: ro.advisorName,
    dueAt: due.dueAt,
    date: due.date,
    status: "open",
    title: ro.customerName,
    customerId: ro.customerId,
    note: `${ro.roNumber} ${ro.vehicleLabel}: call to ask how the car runs after the service.`,
    refId: ro.repairOrderId,
    createdAt: at,
    updatedAt: at,
  };
  const items = [
    ...repairOrders.repairOrderWrites(database, next, ro.version, {
      state: stateEntry(ctx, ro.state, "settled", at),
      audits: [
        auditEntry(
          ctx,
          "repair_order.settled",
          {
            totalFen: totals.totalFen,
            customerFen: totals.customerFen,
            warrantyFen: totals.warrantyFen,
            internalFen: totals.internalFen,
            ...(data.method ? { method: data.method } : {}),
          },
          at,
        ),
      ],
    }),
    customerTasks.customerTaskWrite(database, task),
    ...customers.updateCustomerWrites(
      database,
      nextCustomer,
      customer.version,
      today,
      auditEntry(ctx, "customer.serviced", { roNumber: ro.roNumber, vin: ro.vin, mileageKm: ro.mileageKm }, at),
    ),
    ...(claimId
      ? [
          repairOrders.warrantyClaimWrite(database, {
            tenantId,
            storeId,
            claimId,
            repairOrderId: ro.repairOrderId,
            roNumber: ro.roNumber,
            brand: customer.vehicles.find((v) => v.vin === ro.vin)?.brand,
            vin: ro.vin,
            vehicleLabel: ro.vehicleLabel,
            customerName: ro.customerName,
            mileageKm: ro.mileageKm,
            lines: warrantyLines,
            labourFen: roTotals(warrantyLines).labourFen,
            partsFen: roTotals(warrantyLines).partsFen,
            totalFen: totals.warrantyFen,
            status: "submitted",
            settledAt: at,
            createdByName: ctx.actor.name,
            version: 1,
            history: [{ state: "submitted", at, byId: ctx.actor.userId, byName: ctx.actor.name }],
          }),
        ]
      : []),
  ];
  try {
    await repairOrders.transact(database, items);
  } catch (e) {
    if (isContention(e)) throw changed();
    throw e;
  }
  return next;
}

/** Hand the car back: the explanation of the work done is recorded; the RO leaves the board. */
export async function handover(ctx: Ctx, storeId: string, id: string, input: unknown, opts: { now?: Date } = {}) {
  const { ro } = await load(ctx, storeId, id);
  const data = parseInput(roHandoverSchema, input);
  requireVersion(ro, data.version);
  assertTransition(ro.state, "delivered", "handover");
  const at = (opts.now ?? new Date()).toISOString();
  const next = nextVersion(
    ro,
    {
      state: "delivered",
      stateSince: at,
      handover: { explanation: data.explanation, at, by: ctx.actor.userId, byName: ctx.actor.name },
    },
    at,
  );
  await commit(ctx, ro, next, {
    state: stateEntry(ctx, ro.state, "delivered", at),
    audits: [auditEntry(ctx, "repair_order.delivered", { explanation: data.explanation.slice(0, 200) }, at)],
  });
  return next;
}

// ---------- photos ----------

export async function addPhoto(ctx: Ctx, storeId: string, id: string, input: unknown) {
  await storeFor(ctx, storeId); // another tenant's store is a 404 before any validation
  const data = parseInput(roPhotoSchema, input);
  const bytes = decodeBase64(data.photoBase64);
  if (!bytes)
    throw new UnprocessableError("The photo must be a JPEG, PNG or WebP image.", {
      photoBase64: "Not base64 image data.",
    });
  return addPhotoBytes(ctx, storeId, id, bytes, "photoBase64");
}

/** A walk-around damage photo (upload or base64): stored, then named on the RO; nothing half-written. */
export async function addPhotoBytes(ctx: Ctx, storeId: string, id: string, bytes: Uint8Array, field = "photo") {
  await load(ctx, storeId, id);
  const type = sniffImage(bytes);
  if (bytes.length === 0 || bytes.length > MAX_PHOTO_BYTES || !type)
    throw new UnprocessableError("The photo must be a JPEG, PNG or WebP image of at most 5 MB.", {
      [field]: "JPEG, PNG or WebP, 5 MB at most.",
    });
  const key = `${ctx.actor.tenantId}/repair-orders/${id}/photo-${newId()}.${IMAGE_EXTENSIONS[type]}`;
  const storage = getStorage();
  await storage.put(key, bytes, type);
  try {
    for (let attempt = 1; ; attempt++) {
      const { ro } = await load(ctx, storeId, id);
      if (ro.photoKeys.length >= MAX_RO_PHOTOS)
        throw new UnprocessableError(`At most ${MAX_RO_PHOTOS} photos.`, { [field]: "Too many." });
      const at = new Date().toISOString();
      const next = nextVersion(ro, { photoKeys: [...ro.photoKeys, key] }, at);
      try {
        await repairOrders.transact(
          db(ctx),
          repairOrders.repairOrderWrites(db(ctx), next, ro.version, {
            audits: [auditEntry(ctx, "repair_order.photo_added", { photo: next.photoKeys.length }, at)],
          }),
        );
        return next;
      } catch (e) {
        if (!isContention(e) || attempt >= 3) throw isContention(e) ? changed() : e;
      }
    }
  } catch (e) {
    await storage.delete(key).catch(() => undefined);
    throw e;
  }
}

export async function getPhoto(ctx: Ctx, storeId: string, id: string, photoId: string) {
  const { ro } = await load(ctx, storeId, id);
  const key = ro.photoKeys.find((k) => photoIdOf(k) === photoId);
  if (!key?.startsWith(`${ctx.actor.tenantId}/`)) throw new NotFoundError("Photo");
  const obj = await getStorage().get(key);
  if (!obj) throw new NotFoundError("Photo");
  return obj;
}

// ---------- parts ----------

/** The catalogue, the open and the received parts orders and the stock audit: four Queries. */
export async function getParts(ctx: Ctx, storeId: string) {
  await storeFor(ctx, storeId);
  const database = db(ctx);
  const t = ctx.actor.tenantId;
  const [parts, open, received, audit] = await Promise.all([
    repairOrders.listParts(database, t, storeId),
    repairOrders.listPartsOrders(database, t, storeId, "ordered"),
    repairOrders.listPartsOrders(database, t, storeId, "received", 30),
    repairOrders.listPartAudit(database, t, storeId, 30),
  ]);
  return { parts, openOrders: open, receivedOrders: received, audit };
}

function parsePartNo(partNo: string): string {
  const r = partNoSchema.safeParse(partNo);
  if (!r.success) throw new NotFoundError("Part");
  return r.data;
}

/** Add a part to the catalogue or edit its name, price and lead days (stock changes go through adjustStock). */
export async function savePart(
  ctx: Ctx,
  storeId: string,
  partNoParam: string,
  input: unknown,
  opts: { now?: Date } = {},
) {
  await storeFor(ctx, storeId);
  const partNo = parsePartNo(partNoParam);
  const data = parseInput(partSchema, input);
  const database = db(ctx);
  const t = ctx.actor.tenantId;
  const existing = await repairOrders.getPart(database, t, storeId, partNo);
  const at = (opts.now ?? new Date()).toISOString();
  if (existing && data.version === undefined)
    throw new ConflictError("This part number is already in the catalogue.", { partNo: "Already in the catalogue." });
  if (!existing && data.version !== undefined) throw new NotFoundError("Part");
  if (existing && data.stock !== undefined)
    throw new UnprocessableError("Change the stock with a stock adjustment (with a reason).", {
      stock: "Use a stock adjustment.",
    });
  const part: Part = {
    tenantId: t,
    storeId,
    partNo,
    name: data.name,
    priceFen: data.priceFen,
    leadDays: data.leadDays,
    stock: existing?.stock ?? data.stock ?? 0,
    version: (existing?.version ?? 0) + 1,
    updatedAt: at,
    updatedByName: ctx.actor.name,
  };
  try {
    await repairOrders.transact(database, [
      repairOrders.partWrite(database, part, existing ? data.version : undefined),
      repairOrders.partAuditWrite(
        database,
        t,
        storeId,
        auditEntry(
          ctx,
          existing ? "parts.edited" : "parts.added",
          {
            partNo,
            name: part.name,
            priceFen: part.priceFen,
            leadDays: part.leadDays,
            ...(existing ? {} : { stock: part.stock }),
          },
          at,
        ),
      ),
    ]);
  } catch (e) {
    if (isContention(e))
      throw new ConflictError("Someone else changed this part. Reload and try again.", { version: "Out of date." });
    throw e;
  }
  return part;
}

/** Adjust a part's stock (count, damage, delivery outside a parts order) with a reason; never below 0. */
export async function adjustStock(
  ctx: Ctx,
  storeId: string,
  partNoParam: string,
  input: unknown,
  opts: { now?: Date } = {},
) {
  await storeFor(ctx, storeId);
  const partNo = parsePartNo(partNoParam);
  const data = parseInput(partStockSchema, input);
  const database = db(ctx);
  const t = ctx.actor.tenantId;
  const part = await repairOrders.getPart(database, t, storeId, partNo);
  if (!part) throw new NotFoundError("Part");
  const at = (opts.now ?? new Date()).toISOString();
  try {
    await repairOrders.transact(database, [
      repairOrders.stockWrite(database, t, storeId, partNo, data.delta, at),
      repairOrders.partAuditWrite(
        database,
        t,
        storeId,
        auditEntry(ctx, "parts.stock_adjusted", { partNo, delta: data.delta, reason: data.reason }, at),
      ),
    ]);
  } catch (e) {
    if (isContention(e)) throw new UnprocessableError("Stock cannot go below 0.", { delta: "More than the stock." });
    throw e;
  }
  return { ...part, stock: part.stock + data.delta, updatedAt: at };
}

/**
 * Receive a parts order: the parts go to its repair order's missing lines, any
 * rest to stock; when nothing is missing any more the RO goes back to work
 * (waiting_parts → in_progress). One transaction.
 */
export async function receivePartsOrder(ctx: Ctx, storeId: string, orderId: string, opts: { now?: Date } = {}) {
  await storeFor(ctx, storeId);
  if (!ULID.test(orderId)) throw new NotFoundError("Parts order");
  const database = db(ctx);
  const t = ctx.actor.tenantId;
  const order = await repairOrders.getPartsOrder(database, t, orderId);
  if (!order || order.storeId !== storeId) throw new NotFoundError("Parts order");
  if (order.status !== "ordered") throw new ConflictError("This parts order was already received.");
  const ro = await repairOrders.getRepairOrder(database, t, order.repairOrderId);
  if (!ro) throw new NotFoundError("Repair order");
  const at = (opts.now ?? new Date()).toISOString();
  const arriving = new Map(order.lines.map((l) => [l.partNo, l.qty]));
  const toStock = new Map(arriving);
  const lines = ro.lines.map((l) => {
    if (l.kind !== "part" || !l.partNo || !(l.shortQty ?? 0)) return l;
    const avail = toStock.get(l.partNo) ?? 0;
    const take = Math.min(avail, l.shortQty ?? 0);
    if (!take) return l;
    toStock.set(l.partNo, avail - take);
    return { ...l, reservedQty: (l.reservedQty ?? 0) + take, shortQty: (l.shortQty ?? 0) - take };
  });
  const stillShort = shortLines(lines).length > 0;
  const resume = ro.state === "waiting_parts" && !stillShort;
  const next = nextVersion(
    ro,
    {
      lines,
      ...(resume ? { state: "in_progress" as const, stateSince: at } : {}),
      ...(!stillShort ? { partsExpectedOn: undefined } : {}),
    },
    at,
  );
  if (!stillShort) delete next.partsExpectedOn;
  const received: PartsOrder = {
    ...order,
    status: "received",
    receivedAt: at,
    receivedByName: ctx.actor.name,
    version: order.version + 1,
  };
  const rest = [...toStock.entries()].filter(([, q]) => q > 0);
  try {
    await repairOrders.transact(database, [
      ...repairOrders.repairOrderWrites(database, next, ro.version, {
        ...(resume ? { state: stateEntry(ctx, "waiting_parts", "in_progress", at, "parts received") } : {}),
        audits: [
          auditEntry(
            ctx,
            "repair_order.parts_received",
            { parts: order.lines.map((l) => `${l.partNo} × ${l.qty}`).join(", ") },
            at,
          ),
        ],
      }),
      repairOrders.partsOrderWrite(database, received, order.version),
      ...rest.map(([partNo, q]) => repairOrders.stockWrite(database, t, storeId, partNo, q, at)),
      repairOrders.partAuditWrite(
        database,
        t,
        storeId,
        auditEntry(
          ctx,
          "parts.order_received",
          {
            roNumber: ro.roNumber,
            parts: order.lines.map((l) => `${l.partNo} × ${l.qty}`).join(", "),
            ...(rest.length ? { toStock: rest.map(([p, q]) => `${p} × ${q}`).join(", ") } : {}),
          },
          at,
        ),
      ),
    ]);
  } catch (e) {
    if (isContention(e))
      throw new ConflictError("Someone else changed this parts order or its repair order. Reload and try again.");
    throw e;
  }
  return { order: received, repairOrder: next };
}
