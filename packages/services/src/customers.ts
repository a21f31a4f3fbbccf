/**
 * After-sales customers (issue 7, H3): search (name / mobile prefix / exact plate
 * / exact VIN), create a customer with a vehicle, add a vehicle, edit the basics
 * — each audited and version-checked, with the claims keeping one customer per
 * VIN and plate (tenant) and per mobile (store) — and the customer 360.
 *
 * Who: consultants see and work their own customers; service advisors,
 * receptionists, the sales admin and managers the store's. Another store's or
 * tenant's customer (or a colleague's, for a consultant) → 404.
 */
import {
  addMonths,
  ConflictError,
  CUSTOMER_STAFF,
  type CustomerVehicleInput,
  checkVin,
  customerCreateSchema,
  customerListQuerySchema,
  customerPatchSchema,
  customerQueryKind,
  customerVehicleAddSchema,
  DEFAULT_INVENTORY_SETTINGS,
  ForbiddenError,
  localDate,
  NotFoundError,
  newId,
  normalizeCnMobile,
  parseInput,
  type Role,
  UnprocessableError,
  ValidationError,
} from "@dealeros/core";
import {
  type AuditEntry,
  type CallRecord,
  type Contract,
  type Customer,
  type CustomerHistoryEntry,
  type CustomerVehicle,
  cancelledConditions,
  customers,
  customerViews,
  type Db,
  deals,
  delivery,
  type FollowUpRecord,
  inventory,
  isContention,
  keys,
  type PostDeliveryCall,
  prospects,
  type Store,
  stats,
} from "@dealeros/db";
import { type Actor, auditEntry, type Ctx, db, hasRole, requireStore } from "./context.ts";

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** Who sees every customer of the store (everyone else with CUSTOMER_STAFF: their own). */
export const STORE_CUSTOMER_STAFF: readonly Role[] = [
  "service_advisor",
  "receptionist",
  "sales_manager",
  "sales_admin",
  "general_manager",
  "group_admin",
];

export interface CustomerOpts {
  now?: Date;
}

function requireCustomerStaff(actor: Actor): void {
  if (!hasRole(actor, ...CUSTOMER_STAFF, "receptionist"))
    throw new ForbiddenError("Only sales and service staff work with customers.");
}

export function seesWholeStore(actor: Actor): boolean {
  return hasRole(actor, ...STORE_CUSTOMER_STAFF);
}

function canSee(actor: Actor, c: Customer): boolean {
  return seesWholeStore(actor) || c.ownerId === actor.userId;
}

/** The customer of this store the actor may see, else 404 (one Get). */
async function loadCustomer(ctx: Ctx, storeId: string, customerId: string): Promise<{ store: Store; c: Customer }> {
  const store = await requireStore(ctx, storeId);
  requireCustomerStaff(ctx.actor);
  if (!ULID.test(customerId)) throw new NotFoundError("Customer");
  const c = await customers.getCustomer(db(ctx), ctx.actor.tenantId, customerId);
  if (!c || c.storeId !== storeId || !canSee(ctx.actor, c)) throw new NotFoundError("Customer");
  return { store, c };
}

function changed(): ConflictError {
  return new ConflictError("Someone else changed this customer. Reload and try again.", { version: "Out of date." });
}

// ---------- search and list ----------

export interface CustomerSummary {
  customerId: string;
  name: string;
  mobile?: string;
  ownerId: string;
  ownerName: string;
  repeatBuyer: boolean;
  purchases: number;
  referrals: number;
  origin: Customer["origin"];
  vehicles: { vin: string; plate?: string; label: string }[];
  version: number;
}

export const vehicleLabelOf = (v: Pick<CustomerVehicle, "brand" | "modelName" | "trimName" | "plate">) =>
  [v.modelName, v.trimName, v.plate].filter(Boolean).join(" · ");

export function summaryOf(c: Customer): CustomerSummary {
  return {
    customerId: c.customerId,
    name: c.name,
    ...(c.mobile ? { mobile: c.mobile } : {}),
    ownerId: c.ownerId,
    ownerName: c.ownerName,
    repeatBuyer: c.repeatBuyer,
    purchases: c.purchases,
    referrals: c.referrals ?? 0,
    origin: c.origin,
    vehicles: c.vehicles.map((v) => ({ vin: v.vin, ...(v.plate ? { plate: v.plate } : {}), label: vehicleLabelOf(v) })),
    version: c.version,
  };
}

/**
 * Search or list a store's customers: a VIN or plate is an exact lookup (two
 * Gets); digits search mobiles by prefix, anything else names by prefix, and
 * `repeat` lists the repeat buyers — one Query each. A consultant gets his own
 * customers (`owner` is forced to me).
 */
export async function searchCustomers(
  ctx: Ctx,
  storeId: string,
  query: unknown = {},
): Promise<{ items: CustomerSummary[]; cursor?: string; kind: string; scope: "me" | "all" }> {
  await requireStore(ctx, storeId);
  requireCustomerStaff(ctx.actor);
  const q = parseInput(customerListQuerySchema, query ?? {});
  const database = db(ctx);
  const t = ctx.actor.tenantId;
  const scope: "me" | "all" = !seesWholeStore(ctx.actor) || q.owner === "me" ? "me" : "all";
  const mine = (c: Customer) => c.storeId === storeId && (scope === "all" || c.ownerId === ctx.actor.userId);
  const limit = q.limit ?? 25;
  const repeatOnly = q.repeat === "1" || q.repeat === "true";
  const { kind, value } = customerQueryKind(q.q);
  if (kind === "vin" || kind === "plate") {
    const c =
      kind === "vin"
        ? await customers.customerByVin(database, t, value)
        : await customers.customerByPlate(database, t, value);
    const items = c && mine(c) && (!repeatOnly || c.repeatBuyer) ? [summaryOf(c)] : [];
    return { items, kind, scope };
  }
  if (scope === "me" && !repeatOnly && kind !== "mobile") {
    const page = await customerViews.ownerCustomersPage(database, t, ctx.actor.userId, storeId, {
      namePrefix: value,
      limit,
      cursor: q.cursor,
    });
    return { items: page.items.map(summaryOf), ...(page.cursor ? { cursor: page.cursor } : {}), kind, scope };
  }
  const page = await customers.searchStoreCustomers(database, t, storeId, {
    q: kind === "name" || kind === "mobile" ? value : undefined,
    repeatOnly,
    limit,
    cursor: q.cursor,
  });
  return {
    items: page.items.filter(mine).map(summaryOf),
    ...(page.cursor ? { cursor: page.cursor } : {}),
    kind: repeatOnly ? "repeat" : kind,
    scope,
  };
}

// ---------- create, add a vehicle, edit ----------

async function checkedVehicle(ctx: Ctx, v: CustomerVehicleInput): Promise<CustomerVehicle> {
  const { settings } = await inventory.getCatalogueAndSettings(db(ctx), ctx.actor.tenantId);
  const s = { ...DEFAULT_INVENTORY_SETTINGS, ...settings };
  const vin = checkVin(v.vin, { allowWithoutCheckDigit: s.allowVinWithoutCheckDigit });
  if (!vin.ok) throw new ValidationError(vin.message, { "vehicle.vin": vin.message });
  return {
    vin: vin.vin,
    ...(v.plate ? { plate: v.plate } : {}),
    brand: v.brand,
    modelName: v.modelName,
    ...(v.trimName ? { trimName: v.trimName } : {}),
    ...(v.colourName ? { colourName: v.colourName } : {}),
    ...(v.purchasedOn ? { purchasedOn: v.purchasedOn } : {}),
    ...(v.insuranceRenewsOn ? { insuranceRenewsOn: v.insuranceRenewsOn } : {}),
    ...(v.loanEndsOn ? { loanEndsOn: v.loanEndsOn } : {}),
    ...(v.lastServiceOn ? { lastServiceOn: v.lastServiceOn } : {}),
  };
}

/** A claim taken already: 409 naming the customer who holds it (a Get of the claim and of that customer). */
async function claimConflict(
  database: Db,
  tenantId: string,
  storeId: string,
  claim: { what: "vin" | "plate" | "mobile"; value: string },
  field: string,
): Promise<ConflictError> {
  const key =
    claim.what === "vin"
      ? keys.customerVin(tenantId, claim.value)
      : claim.what === "plate"
        ? keys.customerPlate(tenantId, claim.value)
        : keys.customerMobileClaim(tenantId, storeId, claim.value);
  const id = await customers.claimedBy(database, key);
  const holder = id ? await customers.getCustomer(database, tenantId, id) : undefined;
  const who = holder ? `${holder.name}${holder.storeId === storeId ? "" : " (another store)"}` : "another customer";
  const label = claim.what === "vin" ? "VIN" : claim.what;
  const msg = `This ${label} already belongs to the customer ${who}.`;
  return new ConflictError(msg, { [field]: `Already the customer ${who}'s.` });
}

/** Find the failed claim of a cancelled transaction: `claims` in the order they were written from `offset`. */
async function conflictFrom(
  e: unknown,
  ctx: Ctx,
  storeId: string,
  offset: number,
  claims: { what: "vin" | "plate" | "mobile"; value: string; field: string }[],
): Promise<never> {
  const failed = cancelledConditions(e);
  if (failed?.length) {
    const claim = claims.find((_, i) => failed.includes(offset + i));
    if (claim) throw await claimConflict(db(ctx), ctx.actor.tenantId, storeId, claim, claim.field);
    if (isContention(e)) throw changed();
  }
  throw e;
}

/** A new customer with one vehicle (origin service: bought elsewhere or before the system). */
export async function createCustomer(
  ctx: Ctx,
  storeId: string,
  input: unknown,
  opts: CustomerOpts = {},
): Promise<Customer> {
  const store = await requireStore(ctx, storeId);
  requireCustomerStaff(ctx.actor);
  const data = parseInput(customerCreateSchema, input);
  const vehicle = await checkedVehicle(ctx, data.vehicle);
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  const today = localDate(now, store.timeZone);
  const c: Customer = {
    tenantId: ctx.actor.tenantId,
    storeId,
    customerId: newId(),
    name: data.name,
    ...(data.mobile ? { mobile: data.mobile } : {}),
    ...(data.birthday ? { birthday: data.birthday } : {}),
    gender: data.gender ?? "unknown",
    ownerId: ctx.actor.userId,
    ownerName: ctx.actor.name,
    ...(hasRole(ctx.actor, "service_advisor") ? { advisorId: ctx.actor.userId, advisorName: ctx.actor.name } : {}),
    origin: "service",
    prospectIds: [],
    purchases: 0,
    repeatBuyer: false,
    referrals: 0,
    vehicles: [
      {
        ...vehicle,
        ...(data.vehicle.mileageKm !== undefined ? { mileageKm: data.vehicle.mileageKm, mileageOn: today } : {}),
      },
    ],
    ...(data.note ? { note: data.note } : {}),
    version: 1,
    createdAt: at,
    createdBy: ctx.actor.userId,
    createdByName: ctx.actor.name,
    updatedAt: at,
  };
  const entry = auditEntry(ctx, "customer.created", { vin: vehicle.vin, plate: vehicle.plate ?? "" }, at);
  try {
    await customers.transact(db(ctx), customers.createCustomerWrites(db(ctx), c, today, entry));
  } catch (e) {
    await conflictFrom(e, ctx, storeId, 1, [
      { what: "vin", value: vehicle.vin, field: "vehicle.vin" },
      ...(vehicle.plate ? [{ what: "plate" as const, value: vehicle.plate, field: "vehicle.plate" }] : []),
      ...(c.mobile ? [{ what: "mobile" as const, value: c.mobile, field: "mobile" }] : []),
    ]);
  }
  return c;
}

/** Add a vehicle to a customer (the VIN and plate claimed in the same transaction). */
export async function addVehicle(
  ctx: Ctx,
  storeId: string,
  customerId: string,
  input: unknown,
  opts: CustomerOpts = {},
): Promise<Customer> {
  const { store, c } = await loadCustomer(ctx, storeId, customerId);
  const data = parseInput(customerVehicleAddSchema, input);
  if (data.version !== c.version) throw changed();
  const vehicle = await checkedVehicle(ctx, data.vehicle);
  if (c.vehicles.some((v) => v.vin === vehicle.vin))
    throw new ConflictError("This customer already has this vehicle.", { "vehicle.vin": "Already on this customer." });
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  const today = localDate(now, store.timeZone);
  const next: Customer = {
    ...c,
    vehicles: [
      ...c.vehicles,
      {
        ...vehicle,
        ...(data.vehicle.mileageKm !== undefined ? { mileageKm: data.vehicle.mileageKm, mileageOn: today } : {}),
      },
    ],
    version: c.version + 1,
    updatedAt: at,
  };
  const database = db(ctx);
  const entry = auditEntry(ctx, "customer.vehicle_added", { vin: vehicle.vin, plate: vehicle.plate ?? "" }, at);
  try {
    await customers.transact(database, [
      ...customers.updateCustomerWrites(database, next, c.version, today, entry),
      ...customers.claimWrites(database, c, { vins: [vehicle.vin], plates: vehicle.plate ? [vehicle.plate] : [] }),
    ]);
  } catch (e) {
    if (cancelledConditions(e)?.includes(0)) throw changed();
    await conflictFrom(e, ctx, storeId, 2, [
      { what: "vin", value: vehicle.vin, field: "vehicle.vin" },
      ...(vehicle.plate ? [{ what: "plate" as const, value: vehicle.plate, field: "vehicle.plate" }] : []),
    ]);
  }
  return next;
}

/** Edit basics: name, mobile, birthday (MM-DD), note, a vehicle's plate. Claims move with mobile and plate. */
export async function updateCustomer(
  ctx: Ctx,
  storeId: string,
  customerId: string,
  input: unknown,
  opts: CustomerOpts = {},
): Promise<Customer> {
  const { store, c } = await loadCustomer(ctx, storeId, customerId);
  const data = parseInput(customerPatchSchema, input);
  if (data.version !== c.version) throw changed();
  const t = ctx.actor.tenantId;
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  const today = localDate(now, store.timeZone);
  const database = db(ctx);
  const next: Customer = { ...c, version: c.version + 1, updatedAt: at };
  const detail: Record<string, unknown> = {};
  const claimItems: ReturnType<typeof customers.claimWrites> = [];
  const releases: ReturnType<typeof customers.claimWrites> = [];
  const newClaims: { what: "plate" | "mobile"; value: string; field: string }[] = [];
  if (data.name !== undefined && data.name !== c.name) {
    next.name = data.name;
    detail.name = `${c.name} → ${data.name}`;
  }
  if (data.mobile !== undefined && data.mobile !== (c.mobile ?? "")) {
    if (data.mobile) {
      next.mobile = data.mobile;
      newClaims.push({ what: "mobile", value: data.mobile, field: "mobile" });
    } else delete next.mobile;
    if (c.mobile)
      releases.push(
        customers.releaseClaimWrite(database, keys.customerMobileClaim(t, storeId, c.mobile), c.customerId),
      );
    detail.mobile = `${c.mobile ?? "—"} → ${data.mobile || "—"}`;
  }
  if (data.birthday !== undefined && data.birthday !== (c.birthday ?? "")) {
    if (data.birthday) next.birthday = data.birthday;
    else delete next.birthday;
    detail.birthday = `${c.birthday ?? "—"} → ${data.birthday || "—"}`;
  }
  if (data.note !== undefined && data.note !== (c.note ?? "")) {
    if (data.note) next.note = data.note;
    else delete next.note;
    detail.note = "changed";
  }
  if (data.plate !== undefined) {
    const vin = data.vin!.toUpperCase();
    const v = c.vehicles.find((x) => x.vin === vin);
    if (!v)
      throw new UnprocessableError("This customer has no vehicle with this VIN.", { vin: "Not this customer's." });
    if (data.plate !== (v.plate ?? "")) {
      next.vehicles = c.vehicles.map((x) => {
        if (x.vin !== vin) return x;
        const { plate: _p, ...rest } = x;
        return data.plate ? { ...rest, plate: data.plate } : rest;
      });
      if (data.plate) newClaims.push({ what: "plate", value: data.plate, field: "plate" });
      if (v.plate) releases.push(customers.releaseClaimWrite(database, keys.customerPlate(t, v.plate), c.customerId));
      detail.plate = `${v.plate ?? "—"} → ${data.plate || "—"} (${vin})`;
    }
  }
  if (!Object.keys(detail).length) return c;
  for (const n of newClaims)
    claimItems.push(
      ...customers.claimWrites(database, c, n.what === "plate" ? { plates: [n.value] } : { mobile: n.value }),
    );
  const entry = auditEntry(ctx, "customer.updated", detail, at);
  try {
    await customers.transact(database, [
      ...customers.updateCustomerWrites(database, next, c.version, today, entry),
      ...claimItems,
      ...releases,
    ]);
  } catch (e) {
    if (cancelledConditions(e)?.includes(0)) throw changed();
    await conflictFrom(e, ctx, storeId, 2, newClaims);
  }
  return next;
}

// ---------- the customer 360 ----------

export interface Customer360 {
  customer: Customer;
  summary: CustomerSummary;
  purchases: {
    contractId: string;
    contractNo: string;
    prospectId: string;
    vehicle: string;
    vin?: string;
    state: Contract["state"];
    signedDate: string;
    deliveredAt?: string;
    totalFen: number;
    consultantName: string;
  }[];
  cards: { prospectId: string; name: string; ownerName: string; status: string; grade: string | null }[];
  history: CustomerHistoryEntry[];
  complaints: (AuditEntry & { prospectId: string })[];
  calls: {
    kind: "card_call" | "follow_up" | "post_delivery_call" | "task";
    at: string;
    title: string;
    /** for a task: its kind (service_confirm, retention, …), shown in the reader's language */
    taskKind?: string;
    outcome?: string;
    note?: string;
    byName?: string;
    status?: string;
  }[];
  referrals: AuditEntry[];
  audit: AuditEntry[];
  /** DynamoDB calls made: 2 + 2 per card (at most 5 cards) + 1 per delivered contract */
  reads: number;
}

const MAX_CARDS = 5;

/**
 * Everything about one customer. Reads, in two parallel waves: the customer's
 * partition (META, audit, tasks) and its service history (GSI5) — then per sales
 * card (newest 5) its partition (calls, follow-ups, complaints in the audit)
 * and its deals (GSI2), and per delivered contract its partition (the
 * post-delivery call).
 */
export async function getCustomer360(ctx: Ctx, storeId: string, customerId: string): Promise<Customer360> {
  await requireStore(ctx, storeId);
  requireCustomerStaff(ctx.actor);
  if (!ULID.test(customerId)) throw new NotFoundError("Customer");
  const database = db(ctx);
  const t = ctx.actor.tenantId;
  const [part, history] = await Promise.all([
    customers.readCustomer(database, t, customerId),
    customerViews.customerHistory(database, t, customerId),
  ]);
  const c = part.customer;
  if (!c || c.storeId !== storeId || !canSee(ctx.actor, c)) throw new NotFoundError("Customer");
  const cardIds = c.prospectIds.slice(-MAX_CARDS);
  const perCard = await Promise.all(
    cardIds.map(async (id) => {
      const [card, dealsOf] = await Promise.all([
        prospects.getProspectWithAudit(database, t, id),
        deals.listProspectDeals(database, t, id),
      ]);
      return { id, card, contracts: dealsOf.contracts.filter((k) => k.storeId === storeId) };
    }),
  );
  const delivered = perCard.flatMap((p) => p.contracts.filter((k) => k.state === "delivered"));
  const deliveryCalls = await Promise.all(
    delivered.map(async (k) => (await delivery.getDeliveryRecord(database, t, k.contractId)).call),
  );
  const calls: Customer360["calls"] = [];
  for (const p of perCard) {
    for (const call of p.card.calls as CallRecord[])
      calls.push({
        kind: "card_call",
        at: call.at,
        title: `${call.direction} · ${Math.round(call.durationSeconds / 60)} min`,
        outcome: call.outcome,
        ...(call.note ? { note: call.note } : {}),
        byName: call.byName,
      });
    for (const f of p.card.followUps as FollowUpRecord[])
      calls.push({
        kind: "follow_up",
        at: f.at,
        title: f.channel,
        outcome: f.outcome,
        ...(f.note ? { note: f.note } : {}),
      });
  }
  for (const call of deliveryCalls.filter((x): x is PostDeliveryCall => !!x))
    calls.push({
      kind: "post_delivery_call",
      at: call.doneAt ?? call.dueAt,
      title: call.vehicle,
      status: call.status,
      ...(call.outcome ? { outcome: call.outcome } : {}),
      ...(call.note ? { note: call.note } : {}),
      ...(call.doneByName ? { byName: call.doneByName } : {}),
    });
  for (const task of part.tasks)
    calls.push({
      kind: "task",
      at: String(task.doneAt ?? task.dueAt ?? task.createdAt ?? ""),
      title: String(task.title ?? ""),
      taskKind: String(task.kind),
      status: String(task.status ?? ""),
      ...(task.outcome ? { outcome: String(task.outcome) } : {}),
      ...(task.ownerName ? { byName: String(task.ownerName) } : {}),
    });
  calls.sort((a, b) => b.at.localeCompare(a.at));
  return {
    customer: c,
    summary: summaryOf(c),
    purchases: perCard
      .flatMap((p) => p.contracts)
      .map((k) => ({
        contractId: k.contractId,
        contractNo: k.contractNo,
        prospectId: k.prospectId,
        vehicle: [k.vehicle.modelName, k.vehicle.trimName, k.vehicle.colourName].filter(Boolean).join(" · "),
        ...(k.allocation?.vin ? { vin: k.allocation.vin } : {}),
        state: k.state,
        signedDate: k.signedDate,
        ...(k.delivery?.deliveredAt ? { deliveredAt: k.delivery.deliveredAt } : {}),
        totalFen: k.totals.totalFen,
        consultantName: k.consultantName,
      }))
      .sort((a, b) => b.signedDate.localeCompare(a.signedDate)),
    cards: perCard.flatMap((p) =>
      p.card.prospect
        ? [
            {
              prospectId: p.id,
              name: p.card.prospect.name,
              ownerName: p.card.prospect.ownerName,
              status: p.card.prospect.status,
              grade: p.card.prospect.grade,
            },
          ]
        : [],
    ),
    history,
    complaints: perCard
      .flatMap((p) =>
        p.card.audit.filter((a) => a.action.startsWith("complaint.")).map((a) => ({ ...a, prospectId: p.id })),
      )
      .sort((a, b) => b.at.localeCompare(a.at)),
    calls,
    referrals: part.audit.filter((a) => a.action === "customer.referred").reverse(),
    audit: [...part.audit].reverse(),
    reads: 2 + 2 * cardIds.length + delivered.length,
  };
}

// ---------- the delivery makes the customer ----------

/**
 * The customer writes of a delivery (added to the delivery transaction): a new
 * customer (origin sales, owned by the consultant), or the existing customer of
 * the same mobile in the store with the car added — a repeat buyer. Loan end =
 * handover + the finance term; insurance renews a year after. A new customer
 * keeps the card's referrer (老客户转介绍). Reads, in one wave: the mobile claim
 * and its customer (two Gets), the VIN claim and the card (one Get each).
 * A VIN already registered to another customer is refused (409) — nothing written.
 */
export async function deliveryCustomerWrites(
  database: Db,
  c: Contract,
  vin: string,
  today: string,
  at: string,
  audit: AuditEntry,
): Promise<ReturnType<typeof customers.claimWrites>> {
  const t = c.tenantId;
  const [existing, vinHolder, card] = await Promise.all([
    c.customerMobile ? customers.customerByMobile(database, t, c.storeId, c.customerMobile) : undefined,
    customers.claimedBy(database, keys.customerVin(t, vin)),
    prospects.getProspect(database, t, c.prospectId),
  ]);
  if (vinHolder && vinHolder !== existing?.customerId) {
    const holder = await customers.getCustomer(database, t, vinHolder);
    throw new ConflictError(
      `The VIN ${vin} is already registered to the customer ${holder?.name ?? "of another record"}; correct that customer's vehicles first.`,
    );
  }
  const vehicle: CustomerVehicle = {
    vin,
    brand: c.vehicle.brand,
    modelName: c.vehicle.modelName,
    ...(c.vehicle.trimName ? { trimName: c.vehicle.trimName } : {}),
    ...(c.vehicle.colourName ? { colourName: c.vehicle.colourName } : {}),
    purchasedOn: today,
    contractId: c.contractId,
    contractNo: c.contractNo,
    ...(c.finance ? { loanEndsOn: addMonths(today, c.finance.termMonths) } : {}),
    insuranceRenewsOn: addMonths(today, 12),
    mileageKm: 0,
    mileageOn: today,
  };
  const next = customers.customerAfterDelivery(existing, {
    tenantId: t,
    storeId: c.storeId,
    customerId: newId(),
    prospectId: c.prospectId,
    name: c.customerName,
    ...(c.customerMobile ? { mobile: c.customerMobile } : {}),
    ownerId: c.consultantId,
    ownerName: c.consultantName,
    vehicle,
    at,
    by: audit.by,
    byName: audit.byName,
  });
  if (!existing)
    return customers.createCustomerWrites(
      database,
      card?.referral ? { ...next, referredBy: card.referral } : next,
      today,
      card?.referral ? { ...audit, detail: { ...audit.detail, referredBy: card.referral.name } } : audit,
    );
  return [
    ...customers.updateCustomerWrites(database, next, existing.version, today, {
      ...audit,
      action: "customer.purchased_again",
      detail: { ...audit.detail, purchases: next.purchases, repeatBuyer: next.repeatBuyer ? "yes" : "no" },
    }),
    ...(vinHolder ? [] : customers.claimWrites(database, next, { vins: [vin] })),
  ];
}

// ---------- referrals (老客户转介绍) ----------

/**
 * The referring customer named on a new prospect card: a customer id or a
 * mobile of this store's customer (else 422, field `referrer`). Returns what the
 * card stores and the writes that add one to the referrer's count (with an audit
 * entry naming the new card), for the card's own transaction. Reads: one or two Gets.
 */
export async function referralFor(
  ctx: Ctx,
  store: Pick<Store, "storeId" | "timeZone">,
  referrer: string,
  card: { prospectId: string; name: string; mobile?: string; ownerName: string },
  at: string,
): Promise<{ referral: { customerId: string; name: string }; writes: ReturnType<typeof customers.claimWrites> }> {
  const database = db(ctx);
  const t = ctx.actor.tenantId;
  const mobile = normalizeCnMobile(referrer);
  const c = ULID.test(referrer)
    ? await customers.getCustomer(database, t, referrer)
    : mobile
      ? await customers.customerByMobile(database, t, store.storeId, mobile)
      : undefined;
  if (!ULID.test(referrer) && !mobile)
    throw new ValidationError("Give the referring customer's mobile (or pick the customer).", {
      referrer: "Give the referring customer's mobile (or pick the customer).",
    });
  if (!c || c.storeId !== store.storeId)
    throw new UnprocessableError("No customer of this store has this mobile.", {
      referrer: "No customer of this store has this mobile.",
    });
  if (card.mobile && c.mobile === card.mobile)
    throw new UnprocessableError("The referring customer cannot be the new prospect.", {
      referrer: "The referring customer cannot be the new prospect.",
    });
  const next: Customer = { ...c, referrals: (c.referrals ?? 0) + 1, version: c.version + 1, updatedAt: at };
  return {
    referral: { customerId: c.customerId, name: c.name },
    writes: customers.updateCustomerWrites(
      database,
      next,
      c.version,
      localDate(at, store.timeZone),
      auditEntry(
        ctx,
        "customer.referred",
        { prospect: card.name, owner: card.ownerName, prospectId: card.prospectId },
        at,
      ),
    ),
  };
}

/**
 * The store's referral rate over a period of local dates: referred new cards /
 * new cards, from the day statistics (one Query).
 */
export async function referralRate(
  ctx: Ctx,
  storeId: string,
  range: { from: string; to: string },
): Promise<{ from: string; to: string; referred: number; newCards: number; rate: number | null }> {
  const store = await requireStore(ctx, storeId);
  requireCustomerStaff(ctx.actor);
  const days = await stats.listDayStats(db(ctx), store.tenantId, store.storeId, range.from, range.to);
  const referred = days.reduce((n, d) => n + (d.referrals ?? 0), 0);
  const newCards = days.reduce((n, d) => n + d.newProspects, 0);
  return { ...range, referred, newCards, rate: newCards ? referred / newCards : null };
}

/** One customer's summary (pre-filling a form from the customer page): one Get; 404 as for the 360. */
export async function customerSummary(ctx: Ctx, storeId: string, customerId: string): Promise<CustomerSummary> {
  const { c } = await loadCustomer(ctx, storeId, customerId);
  return summaryOf(c);
}
