/**
 * Vehicle inventory (库存, brief rule 12): the tenant's catalogue, vehicles by VIN
 * with status transitions (arrival inspection 新车到店验收 on arrival), the aging
 * view of a store's stock, and key custody (钥匙管理). Managers and the sales
 * admin (销售内勤) change the catalogue and the vehicles; everyone of the store
 * reads them and can take a vehicle's keys. Every change is audited.
 */
import {
  type AgingSummary,
  type CatalogueInput,
  ConflictError,
  catalogueSchema,
  checkVin,
  DEFAULT_INVENTORY_SETTINGS,
  daysInStock,
  findTrim,
  type InventorySettings,
  inventorySettingsSchema,
  keyReturnSchema,
  keyTakeSchema,
  NotFoundError,
  newId,
  ON_LOT_STATUSES,
  openLines,
  parseInput,
  purchaseOrderSchema,
  type Role,
  summarizeAging,
  transitionProblem,
  UnprocessableError,
  ValidationError,
  vehicleListQuerySchema,
  vehicleRegistrationSchema,
  vehicleTransitionSchema,
} from "@dealeros/core";
import {
  type AuditEntry,
  type Catalogue,
  cancelledConditions,
  inventory,
  isContention,
  type KeyHolder,
  type KeyLogEntry,
  type PurchaseOrder,
  type PurchaseOrderLine,
  type StoredInventorySettings,
  type Vehicle,
} from "@dealeros/db";
import { type Ctx, db, hasRole, requireRole, requireStore } from "./context.ts";
import * as periods from "./periods.ts";

/** Who edits the catalogue and the vehicles: the sales admin (销售内勤) and the managers. */
export const INVENTORY_EDITORS: readonly Role[] = ["sales_admin", "sales_manager", "general_manager", "group_admin"];
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

function audit(ctx: Ctx, action: string, detail: Record<string, unknown>, at = new Date().toISOString()): AuditEntry {
  return { at, by: ctx.actor.userId, byName: ctx.actor.name, action, detail };
}

function stale(what: string): ConflictError {
  return new ConflictError(`Someone else changed this ${what}. Reload and try again.`, { version: "Out of date." });
}

// ---------- catalogue and settings ----------

export async function getCatalogue(ctx: Pick<Ctx, "db" | "actor">): Promise<Catalogue> {
  return (await inventory.getCatalogue(db(ctx), ctx.actor.tenantId)) ?? { brands: [], version: 0 };
}

export async function updateCatalogue(ctx: Ctx, input: unknown): Promise<Catalogue> {
  requireRole(ctx.actor, INVENTORY_EDITORS, "Only the sales admin or a manager can change the catalogue.");
  const { version, brands } = parseInput(catalogueSchema, input);
  const current = await getCatalogue(ctx);
  if (version !== current.version) throw stale("catalogue");
  const at = new Date().toISOString();
  const saved: Catalogue = { brands, version: current.version + 1, updatedAt: at, updatedByName: ctx.actor.name };
  const count = (c: { brands: CatalogueInput["brands"] }) =>
    c.brands.reduce((n, b) => n + b.models.reduce((m, x) => m + x.trims.length, 0), 0);
  try {
    await inventory.putCatalogue(
      db(ctx),
      ctx.actor.tenantId,
      saved,
      current.version,
      audit(ctx, "catalogue.saved", { brands: brands.length, trims: count(saved), trimsBefore: count(current) }, at),
    );
  } catch (e) {
    if (isContention(e)) throw stale("catalogue");
    throw e;
  }
  return saved;
}

export async function getInventorySettings(
  ctx: Pick<Ctx, "db" | "actor">,
): Promise<InventorySettings & { version: number; updatedAt?: string; updatedByName?: string }> {
  return {
    ...DEFAULT_INVENTORY_SETTINGS,
    version: 0,
    ...(await inventory.getInventorySettings(db(ctx), ctx.actor.tenantId)),
  };
}

export async function updateInventorySettings(ctx: Ctx, input: unknown): Promise<StoredInventorySettings> {
  requireRole(ctx.actor, INVENTORY_EDITORS, "Only the sales admin or a manager can change the inventory settings.");
  const { version, ...next } = parseInput(inventorySettingsSchema, input);
  const current = await getInventorySettings(ctx);
  if (version !== current.version) throw stale("setting");
  const at = new Date().toISOString();
  const saved = { ...next, version: current.version + 1, updatedAt: at, updatedByName: ctx.actor.name };
  try {
    await inventory.putInventorySettings(
      db(ctx),
      ctx.actor.tenantId,
      saved,
      current.version,
      audit(ctx, "settings.inventory", next, at),
    );
  } catch (e) {
    if (isContention(e)) throw stale("setting");
    throw e;
  }
  return saved;
}

// ---------- vehicles ----------

/** What a screen shows of a vehicle besides the record: days on the lot, keys out too long. */
export type VehicleView = Vehicle & { daysInStock?: number; keyOverdue: boolean };

function view(v: Vehicle, now: Date, timeZone: string, settings: InventorySettings): VehicleView {
  return {
    ...v,
    ...(v.stockedAt ? { daysInStock: daysInStock(v.stockedAt, now, timeZone) } : {}),
    keyOverdue: !!v.keyOut && now.getTime() - Date.parse(v.keyOut.at) > settings.keyOutMinutes * 60_000,
  };
}

export async function registerVehicle(ctx: Ctx, storeId: string, input: unknown): Promise<Vehicle> {
  await requireStore(ctx, storeId);
  requireRole(ctx.actor, INVENTORY_EDITORS, "Only the sales admin or a manager can register vehicles.");
  const data = parseInput(vehicleRegistrationSchema, input);
  const { catalogue, settings } = await inventory.getCatalogueAndSettings(db(ctx), ctx.actor.tenantId);
  const s = { ...DEFAULT_INVENTORY_SETTINGS, ...settings };
  const vin = checkVin(data.vin, { allowWithoutCheckDigit: s.allowVinWithoutCheckDigit });
  if (!vin.ok) throw new ValidationError(vin.message, { vin: vin.message });
  const found = findTrim(catalogue?.brands ?? [], data.modelCode, data.trimCode);
  if (!found)
    throw new UnprocessableError("This model and trim are not in the catalogue.", {
      trimCode: "Not in the catalogue.",
    });
  const colour = found.trim.colours.find((c) => c.code === data.colourCode);
  if (!colour)
    throw new UnprocessableError(`${found.trim.name} does not come in this colour.`, {
      colourCode: "Not a colour of this trim.",
    });
  if (data.poId && data.poLine) {
    const po = await inventory.getPurchaseOrder(db(ctx), ctx.actor.tenantId, data.poId);
    const line = po?.storeId === storeId ? po.lines.find((l) => l.lineNo === data.poLine) : undefined;
    if (!line) throw new UnprocessableError("No such purchase order line in this store.", { poLine: "Not found." });
    if (line.modelCode !== found.model.code || line.trimCode !== found.trim.code || line.colourCode !== colour.code)
      throw new UnprocessableError(
        `Line ${line.lineNo} of the purchase order is for ${line.modelName} ${line.trimName} in ${line.colourName}.`,
        { poLine: "Another trim or colour." },
      );
    if (line.received >= line.quantity) throw poLineFull(line.lineNo);
  }
  const now = new Date().toISOString();
  const v: Vehicle = {
    tenantId: ctx.actor.tenantId,
    storeId,
    vehicleId: newId(),
    vin: vin.vin,
    checkDigit: vin.checkDigit,
    engineNumber: data.engineNumber.toUpperCase(),
    brand: found.brand,
    modelCode: found.model.code,
    modelName: found.model.name,
    trimCode: found.trim.code,
    trimName: found.trim.name,
    colourCode: colour.code,
    colourName: colour.name,
    msrp: found.trim.msrp,
    purchaseCost: data.purchaseCost,
    currency: "CNY",
    status: data.status,
    ...(data.poId && data.poLine ? { poId: data.poId, poLine: data.poLine } : {}),
    ...(data.note ? { note: data.note } : {}),
    version: 1,
    createdAt: now,
    createdBy: ctx.actor.userId,
    createdByName: ctx.actor.name,
    updatedAt: now,
  };
  try {
    await inventory.createVehicle(
      db(ctx),
      v,
      audit(
        ctx,
        "vehicle.registered",
        {
          vin: v.vin,
          status: v.status,
          trim: `${v.modelName} ${v.trimName}`,
          colour: v.colourName,
          purchaseCost: v.purchaseCost,
          ...(v.poId ? { poId: v.poId, poLine: v.poLine } : {}),
          ...(v.checkDigit === "not_used" ? { checkDigit: "not_used" } : {}),
        },
        now,
      ),
    );
  } catch (e) {
    const failed = cancelledConditions(e);
    if (failed?.includes(1))
      throw new ConflictError(`A vehicle with the VIN ${v.vin} is already registered.`, {
        vin: "Already registered.",
      });
    if (failed?.includes(3)) throw poLineFull(v.poLine!);
    throw e;
  }
  return v;
}

function poLineFull(lineNo: number): ConflictError {
  return new ConflictError(`Line ${lineNo} of the purchase order has received all its vehicles.`, {
    poLine: "Line complete.",
  });
}

async function requireVehicle(ctx: Ctx, storeId: string, vehicleId: string): Promise<Vehicle> {
  if (!ULID.test(vehicleId)) throw new NotFoundError("Vehicle");
  const v = await inventory.getVehicle(db(ctx), ctx.actor.tenantId, vehicleId);
  if (!v || v.storeId !== storeId) throw new NotFoundError("Vehicle");
  return v;
}

export async function listVehicles(ctx: Ctx, storeId: string, query: unknown = {}) {
  const store = await requireStore(ctx, storeId);
  const q = parseInput(vehicleListQuerySchema, query);
  const [vehicles, settings] = await Promise.all([
    inventory.listStoreVehicles(db(ctx), ctx.actor.tenantId, storeId, q.status),
    getInventorySettings(ctx),
  ]);
  const now = new Date();
  return { vehicles: vehicles.map((v) => view(v, now, store.timeZone, settings)) };
}

export async function getVehicle(ctx: Ctx, storeId: string, vehicleId: string) {
  const store = await requireStore(ctx, storeId);
  if (!ULID.test(vehicleId)) throw new NotFoundError("Vehicle");
  const [h, settings] = await Promise.all([
    inventory.getVehicleWithHistory(db(ctx), ctx.actor.tenantId, vehicleId),
    getInventorySettings(ctx),
  ]);
  if (!h.vehicle || h.vehicle.storeId !== storeId) throw new NotFoundError("Vehicle");
  return {
    vehicle: view(h.vehicle, new Date(), store.timeZone, settings),
    audit: h.audit.reverse(),
    keyLog: h.keyLog,
    timeZone: store.timeZone,
    canEdit: hasRole(ctx.actor, ...INVENTORY_EDITORS),
  };
}

/** Move a vehicle to its next status (a pure state machine decides); version-checked, audited. */
export async function transitionVehicle(ctx: Ctx, storeId: string, vehicleId: string, input: unknown) {
  const store = await requireStore(ctx, storeId);
  const current = await requireVehicle(ctx, storeId, vehicleId);
  requireRole(ctx.actor, INVENTORY_EDITORS, "Only the sales admin or a manager can change a vehicle's status.");
  const data = parseInput(vehicleTransitionSchema, input);
  if (data.version !== current.version) throw stale("vehicle");
  const problem = transitionProblem(current.status, data.to);
  if (problem) throw new ConflictError(problem, { to: problem });
  if (data.to === "delivered" || data.to === "wholesaled") {
    // period close (issue 6): a wholesale or delivery is booked on today's store-local date
    await periods.assertOpen(ctx, storeId, [periods.bookingDate(store.timeZone)]);
    if (current.keyOut)
      throw new ConflictError(`The keys are out with ${current.keyOut.name}; return them first.`, {
        to: "Keys are out.",
      });
  }
  const at = new Date().toISOString();
  const next: Vehicle = { ...current, status: data.to, version: current.version + 1, updatedAt: at };
  if (data.to === "arrived") {
    next.stockedAt = at;
    next.inspection = { ...data.inspection!, at, by: ctx.actor.userId, byName: ctx.actor.name };
  }
  if (data.to === "wholesaled") next.wholesale = { buyer: data.buyer!, at };
  if (data.to === "delivered") next.deliveredAt = at;
  const failed = data.inspection
    ? Object.entries(data.inspection.items)
        .filter(([, ok]) => !ok)
        .map(([k]) => k)
    : [];
  try {
    await inventory.updateVehicle(
      db(ctx),
      next,
      current,
      audit(
        ctx,
        `vehicle.${data.to}`,
        {
          from: current.status,
          to: data.to,
          ...(data.inspection ? { inspectionFailed: failed.join(", ") || "none" } : {}),
          ...(data.inspection?.damageNotes ? { damageNotes: data.inspection.damageNotes } : {}),
          ...(data.buyer ? { buyer: data.buyer } : {}),
          ...(data.note ? { note: data.note } : {}),
        },
        at,
      ),
    );
  } catch (e) {
    if (isContention(e)) throw stale("vehicle");
    throw e;
  }
  return next;
}

// ---------- aging ----------

export interface AgingView {
  storeId: string;
  timeZone: string;
  asOf: string;
  summary: AgingSummary;
  /** the stock, oldest first, with days in stock and key flags */
  vehicles: VehicleView[];
  keyOutMinutes: number;
}

/** The aging view of a store: its stock on the lot (one Query on GSI2) and the settings (one Get), in parallel. */
export async function getAging(ctx: Ctx, storeId: string): Promise<AgingView> {
  const store = await requireStore(ctx, storeId);
  const [stock, settings] = await Promise.all([
    inventory.listStoreStock(db(ctx), ctx.actor.tenantId, storeId),
    getInventorySettings(ctx),
  ]);
  const now = new Date();
  const vehicles = stock.map((v) => view(v, now, store.timeZone, settings));
  return {
    storeId,
    timeZone: store.timeZone,
    asOf: now.toISOString(),
    summary: summarizeAging(
      vehicles.map((v) => ({
        modelKey: v.modelCode,
        modelLabel: v.modelName,
        days: v.daysInStock ?? 0,
        purchaseCost: v.purchaseCost,
      })),
    ),
    vehicles,
    keyOutMinutes: settings.keyOutMinutes,
  };
}

// ---------- key custody (钥匙管理) ----------

/** Take a vehicle's keys (anyone of the store): one holder at a time; logged. */
export async function takeKeys(ctx: Ctx, storeId: string, vehicleId: string, input: unknown) {
  await requireStore(ctx, storeId);
  const current = await requireVehicle(ctx, storeId, vehicleId);
  const data = parseInput(keyTakeSchema, input);
  if (data.version !== current.version) throw stale("vehicle");
  if (current.keyOut)
    throw new ConflictError(`The keys are already out with ${current.keyOut.name}.`, { version: "Keys are out." });
  if (!ON_LOT_STATUSES.includes(current.status))
    throw new ConflictError("The store does not hold this vehicle's keys.", { version: "No keys here." });
  const at = new Date().toISOString();
  const holder: KeyHolder = {
    logId: newId(),
    userId: ctx.actor.userId,
    name: ctx.actor.name,
    at,
    ...(data.reason ? { reason: data.reason } : {}),
  };
  const next: Vehicle = { ...current, keyOut: holder, version: current.version + 1, updatedAt: at };
  const entry: KeyLogEntry = { id: holder.logId, takenBy: holder };
  try {
    await inventory.updateVehicle(
      db(ctx),
      next,
      current,
      audit(ctx, "vehicle.keys_taken", { ...(data.reason ? { reason: data.reason } : {}) }, at),
      [inventory.keyLogItem(next, entry)],
    );
  } catch (e) {
    if (isContention(e)) throw stale("vehicle");
    throw e;
  }
  return next;
}

/** Return the keys: the holder, or the sales admin / a manager for someone else. */
export async function returnKeys(ctx: Ctx, storeId: string, vehicleId: string, input: unknown) {
  await requireStore(ctx, storeId);
  const current = await requireVehicle(ctx, storeId, vehicleId);
  const data = parseInput(keyReturnSchema, input);
  if (data.version !== current.version) throw stale("vehicle");
  const out = current.keyOut;
  if (!out) throw new ConflictError("The keys are not out.", { version: "Keys are in." });
  if (out.userId !== ctx.actor.userId)
    requireRole(ctx.actor, INVENTORY_EDITORS, "Only the holder, the sales admin or a manager can return the keys.");
  const at = new Date().toISOString();
  const { keyOut: _, ...rest } = current;
  const next: Vehicle = { ...rest, version: current.version + 1, updatedAt: at };
  const closed: KeyLogEntry = {
    id: out.logId,
    takenBy: out,
    returnedAt: at,
    returnedBy: { userId: ctx.actor.userId, name: ctx.actor.name },
  };
  try {
    await inventory.updateVehicle(
      db(ctx),
      next,
      current,
      audit(ctx, "vehicle.keys_returned", { holder: out.name, takenAt: out.at }, at),
      [inventory.keyLogItem(next, closed)],
    );
  } catch (e) {
    if (isContention(e)) throw stale("vehicle");
    throw e;
  }
  return next;
}

// ---------- purchase orders to the OEM ----------

/** Raise a purchase order for trims, colours and quantities of the catalogue (sales admin and managers). */
export async function raisePurchaseOrder(ctx: Ctx, storeId: string, input: unknown): Promise<PurchaseOrder> {
  await requireStore(ctx, storeId);
  requireRole(ctx.actor, INVENTORY_EDITORS, "Only the sales admin or a manager can raise purchase orders.");
  const data = parseInput(purchaseOrderSchema, input);
  const catalogue = await getCatalogue(ctx);
  const fields: Record<string, string> = {};
  const lines: PurchaseOrderLine[] = data.lines.flatMap((l, i) => {
    const found = findTrim(catalogue.brands, l.modelCode, l.trimCode);
    const colour = found?.trim.colours.find((c) => c.code === l.colourCode);
    if (!found || !colour) {
      fields[`lines.${i}`] = found ? "Not a colour of this trim." : "Not in the catalogue.";
      return [];
    }
    return [
      {
        lineNo: i + 1,
        brand: found.brand,
        modelCode: found.model.code,
        modelName: found.model.name,
        trimCode: found.trim.code,
        trimName: found.trim.name,
        colourCode: colour.code,
        colourName: colour.name,
        quantity: l.quantity,
        received: 0,
      },
    ];
  });
  if (Object.keys(fields).length)
    throw new UnprocessableError("Every line must be a trim and colour of the catalogue.", fields);
  const now = new Date().toISOString();
  const po: PurchaseOrder = {
    tenantId: ctx.actor.tenantId,
    storeId,
    poId: newId(),
    lines,
    ...(data.note ? { note: data.note } : {}),
    createdAt: now,
    createdBy: ctx.actor.userId,
    createdByName: ctx.actor.name,
    updatedAt: now,
  };
  await inventory.createPurchaseOrder(
    db(ctx),
    po,
    audit(ctx, "po.raised", { lines: lines.length, vehicles: lines.reduce((n, l) => n + l.quantity, 0) }, now),
  );
  return po;
}

/** The store's purchase orders, newest first, with their open lines (one Query). */
export async function listPurchaseOrders(ctx: Ctx, storeId: string) {
  await requireStore(ctx, storeId);
  const orders = await inventory.listStorePurchaseOrders(db(ctx), ctx.actor.tenantId, storeId);
  return {
    purchaseOrders: orders,
    openLines: orders.flatMap((po) =>
      openLines(po.lines).map((l) => ({ poId: po.poId, createdAt: po.createdAt, ...l })),
    ),
  };
}

export async function getPurchaseOrder(ctx: Ctx, storeId: string, poId: string): Promise<PurchaseOrder> {
  await requireStore(ctx, storeId);
  if (!ULID.test(poId)) throw new NotFoundError("Purchase order");
  const po = await inventory.getPurchaseOrder(db(ctx), ctx.actor.tenantId, poId);
  if (!po || po.storeId !== storeId) throw new NotFoundError("Purchase order");
  return po;
}
