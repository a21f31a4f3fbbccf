/**
 * Vehicle inventory (库存, brief rule 12): the tenant's catalogue (brand → model →
 * trim → colours, list price per trim), VIN validation, the vehicle status
 * machine, arrival inspection (新车到店验收) and stock aging. Pure rules and
 * schemas; no database. Money is integer minor units (fen).
 */
import { z } from "zod";
import { optionalText, requiredText as text } from "./schemas.ts";
import { vinCheckDigit } from "./testdrives.ts";
import { addDays, localDate } from "./time.ts";

// ---------- VIN ----------

export type VinCheck =
  | { ok: true; vin: string; checkDigit: "valid" | "not_used" }
  | { ok: false; vin: string; message: string };

/** Upper-cased, with spaces and hyphens removed (how VINs are typed and printed). */
export function normalizeVin(raw: string): string {
  return raw.toUpperCase().replace(/[\s-]/g, "");
}

/**
 * Check a VIN: 17 characters, letters and digits without I, O or Q, not a
 * placeholder (one character repeated), and the ISO 3779 / 49 CFR 565 / GB 16735
 * check digit in position 9. A VIN whose position 9 is not a valid check digit is
 * accepted only when the tenant allows vehicles from markets that do not use it;
 * it is then flagged (`checkDigit: "not_used"`).
 */
export function checkVin(raw: string, opts: { allowWithoutCheckDigit: boolean }): VinCheck {
  const vin = normalizeVin(raw);
  if (vin.length !== 17) return { ok: false, vin, message: `A VIN has 17 characters; this one has ${vin.length}.` };
  const bad = [...new Set([...vin].filter((c) => !/[A-HJ-NPR-Z0-9]/.test(c)))];
  if (bad.length)
    return {
      ok: false,
      vin,
      message: `A VIN has only letters and digits, never I, O or Q; found ${bad.map((c) => JSON.stringify(c)).join(", ")}.`,
    };
  if (/^(.)\1{16}$/.test(vin)) return { ok: false, vin, message: "This is a placeholder, not a real VIN." };
  if (vinCheckDigit(vin) === vin[8]) return { ok: true, vin, checkDigit: "valid" };
  if (opts.allowWithoutCheckDigit) return { ok: true, vin, checkDigit: "not_used" };
  return {
    ok: false,
    vin,
    message: `The check digit (position 9) of this VIN should be ${vinCheckDigit(vin)}, not ${vin[8]}. Check the VIN for a typing error.`,
  };
}

// ---------- status machine ----------

export const VEHICLE_STATUSES = [
  "on_order",
  "in_transit",
  "arrived",
  "in_stock",
  "allocated",
  "delivered",
  "wholesaled",
] as const;
export type VehicleStatus = (typeof VEHICLE_STATUSES)[number];

/** The only moves a vehicle can make. An allocation can be released (the order fell through). */
export const VEHICLE_TRANSITIONS: Record<VehicleStatus, readonly VehicleStatus[]> = {
  on_order: ["in_transit"],
  in_transit: ["arrived"],
  arrived: ["in_stock"],
  in_stock: ["allocated", "wholesaled"],
  allocated: ["delivered", "in_stock"],
  delivered: [],
  wholesaled: [],
};

/** Statuses a vehicle can be registered in (ordered from the OEM, or already shipped). */
export const VEHICLE_START_STATUSES = ["on_order", "in_transit"] as const;

/** Statuses in which a vehicle stands on the store's lot and counts for aging and stock value. */
export const ON_LOT_STATUSES: readonly VehicleStatus[] = ["arrived", "in_stock", "allocated"];

/** null when the move is allowed; otherwise why not, in words. */
export function transitionProblem(from: VehicleStatus, to: VehicleStatus): string | null {
  if (VEHICLE_TRANSITIONS[from].includes(to)) return null;
  const next = VEHICLE_TRANSITIONS[from];
  return next.length
    ? `A vehicle that is ${label(from)} cannot become ${label(to)}; next it can only become ${next.map(label).join(" or ")}.`
    : `A vehicle that is ${label(from)} cannot change status any more.`;
}

function label(s: VehicleStatus): string {
  return s.replace("_", " ");
}

// ---------- arrival inspection (新车到店验收) ----------

export const INSPECTION_ITEMS = [
  "exterior",
  "interior",
  "glass",
  "tyres",
  "electrics",
  "engine_bay",
  "keys",
  "documents",
  "accessories",
] as const;
export type InspectionItem = (typeof INSPECTION_ITEMS)[number];

// ---------- aging ----------

export const AGING_BUCKETS = ["0-30", "31-60", "61-90", "90+"] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];
/** Stock older than this many days is "aged" (the share the brief asks to reduce). */
export const AGED_AFTER_DAYS = 60;

/** Whole store-local days since the vehicle arrived (the arrival day is day 0). */
export function daysInStock(stockedAt: string, now: Date, timeZone: string): number {
  const from = localDate(stockedAt, timeZone);
  const to = localDate(now, timeZone);
  return Math.max(0, Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000));
}

export function agingBucket(days: number): AgingBucket {
  if (days <= 30) return "0-30";
  if (days <= 60) return "31-60";
  if (days <= 90) return "61-90";
  return "90+";
}

export interface AgingCell {
  count: number;
  /** purchase cost, fen */
  value: number;
}
export interface AgingRow {
  key: string;
  label: string;
  buckets: Record<AgingBucket, AgingCell>;
  total: AgingCell;
  aged: AgingCell;
}
export interface AgingSummary {
  byModel: AgingRow[];
  total: AgingRow;
  /** aged (> 60 days) share of the vehicles and of the stock value, 0–1 */
  agedShare: { count: number; value: number };
}

const emptyRow = (key: string, lbl: string): AgingRow => ({
  key,
  label: lbl,
  buckets: Object.fromEntries(AGING_BUCKETS.map((b) => [b, { count: 0, value: 0 }])) as Record<AgingBucket, AgingCell>,
  total: { count: 0, value: 0 },
  aged: { count: 0, value: 0 },
});

function add(row: AgingRow, bucket: AgingBucket, days: number, value: number) {
  row.buckets[bucket].count += 1;
  row.buckets[bucket].value += value;
  row.total.count += 1;
  row.total.value += value;
  if (days > AGED_AFTER_DAYS) {
    row.aged.count += 1;
    row.aged.value += value;
  }
}

/** Buckets per model and in total, with the aged share. Vehicles need days in stock and purchase cost. */
export function summarizeAging(
  vehicles: readonly { modelKey: string; modelLabel: string; days: number; purchaseCost: number }[],
): AgingSummary {
  const rows = new Map<string, AgingRow>();
  const total = emptyRow("all", "All");
  for (const v of vehicles) {
    const b = agingBucket(v.days);
    let row = rows.get(v.modelKey);
    if (!row) {
      row = emptyRow(v.modelKey, v.modelLabel);
      rows.set(v.modelKey, row);
    }
    add(row, b, v.days, v.purchaseCost);
    add(total, b, v.days, v.purchaseCost);
  }
  return {
    byModel: [...rows.values()].sort((a, b) => a.label.localeCompare(b.label)),
    total,
    agedShare: {
      count: total.total.count ? total.aged.count / total.total.count : 0,
      value: total.total.value ? total.aged.value / total.total.value : 0,
    },
  };
}

/** The store-local date `days` days before now (for seeding and tests). */
export function daysAgo(now: Date, days: number, timeZone: string): string {
  return addDays(localDate(now, timeZone), -days);
}

// ---------- schemas ----------

const fen = (lbl: string) =>
  z
    .number({ error: `${lbl} must be an amount in fen (a whole number).` })
    .int(`${lbl} must be a whole number of fen.`)
    .min(1, `${lbl} must be more than 0.`)
    .max(100_000_000_00, `${lbl} must be at most 100,000,000 yuan.`);
const code = (lbl: string) =>
  z
    .string({ error: `${lbl} must be text.` })
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, `${lbl} must be 1–40 lower-case letters, digits or hyphens.`);

const colourSchema = z.object({ code: code("Colour code"), name: text(40, "Colour name") }).strict();
const trimSchema = z
  .object({
    code: code("Trim code"),
    name: text(80, "Trim name"),
    msrp: fen("List price"),
    colours: z.array(colourSchema).min(1, "A trim needs at least one colour.").max(20, "At most 20 colours a trim."),
  })
  .strict();
const modelSchema = z
  .object({
    code: code("Model code"),
    name: text(60, "Model name"),
    trims: z.array(trimSchema).min(1, "A model needs at least one trim.").max(30, "At most 30 trims a model."),
  })
  .strict();
const brandSchema = z
  .object({
    name: text(40, "Brand"),
    models: z.array(modelSchema).min(1, "A brand needs at least one model.").max(40, "At most 40 models a brand."),
  })
  .strict();

function uniqueCodes(list: { code?: string; name?: string }[], key: "code" | "name", what: string) {
  const seen = new Set<string>();
  for (const x of list) {
    const k = x[key]!;
    if (seen.has(k)) return `${what} "${k}" appears twice.`;
    seen.add(k);
  }
  return null;
}

export const catalogueSchema = z
  .object({
    version: z.number({ error: "version is required." }).int().min(0),
    brands: z.array(brandSchema).max(10, "At most 10 brands."),
  })
  .strict()
  .superRefine((c, ctx) => {
    const problem =
      uniqueCodes(c.brands, "name", "Brand") ??
      uniqueCodes(
        c.brands.flatMap((b) => b.models),
        "code",
        "Model code",
      ) ??
      c.brands
        .flatMap((b) => b.models)
        .map(
          (m) =>
            uniqueCodes(m.trims, "code", `Trim code in ${m.name}`) ??
            m.trims.map((t) => uniqueCodes(t.colours, "code", `Colour code in ${t.name}`)).find(Boolean) ??
            null,
        )
        .find(Boolean);
    if (problem) ctx.addIssue({ code: "custom", path: ["brands"], message: problem });
  })
  .meta({ id: "CatalogueInput" });
export type CatalogueInput = z.infer<typeof catalogueSchema>;
export type CatalogueBrand = CatalogueInput["brands"][number];

/** A trim found in the catalogue, with its model and brand. */
export function findTrim(
  brands: readonly CatalogueBrand[],
  modelCode: string,
  trimCode: string,
): {
  brand: string;
  model: { code: string; name: string };
  trim: CatalogueBrand["models"][number]["trims"][number];
} | null {
  for (const b of brands)
    for (const m of b.models)
      if (m.code === modelCode) {
        const t = m.trims.find((x) => x.code === trimCode);
        return t ? { brand: b.name, model: { code: m.code, name: m.name }, trim: t } : null;
      }
  return null;
}

export const inventorySettingsSchema = z
  .object({
    version: z.number({ error: "version is required." }).int().min(0),
    allowVinWithoutCheckDigit: z.boolean({ error: "allowVinWithoutCheckDigit must be true or false." }),
    keyOutMinutes: z
      .number({ error: "Key-out limit must be a number of minutes." })
      .int("Key-out limit must be a whole number of minutes.")
      .min(15, "Key-out limit must be at least 15 minutes.")
      .max(1440, "Key-out limit must be at most 1440 minutes."),
  })
  .strict()
  .meta({ id: "InventorySettingsInput" });

export interface InventorySettings {
  /** accept VINs whose position 9 is not a check digit (markets that do not use it); flagged */
  allowVinWithoutCheckDigit: boolean;
  /** a vehicle's keys out longer than this are flagged */
  keyOutMinutes: number;
}
export const DEFAULT_INVENTORY_SETTINGS: InventorySettings = { allowVinWithoutCheckDigit: false, keyOutMinutes: 120 };

export const vehicleRegistrationSchema = z
  .object({
    vin: z.string({ error: "VIN must be text." }).max(40, "VIN must be at most 40 characters."),
    engineNumber: text(30, "Engine number"),
    modelCode: code("Model"),
    trimCode: code("Trim"),
    colourCode: code("Colour"),
    purchaseCost: fen("Purchase cost"),
    status: z.enum(VEHICLE_START_STATUSES, { error: "A new vehicle is on_order or in_transit." }).default("on_order"),
    /** the purchase order line the vehicle arrives against (matched on trim and colour) */
    poId: z
      .string()
      .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "Not a valid purchase order id.")
      .optional(),
    poLine: z.number({ error: "poLine must be a line number." }).int().min(1).max(30).optional(),
    note: optionalText(300, "Note"),
  })
  .strict()
  .refine((v) => (v.poId === undefined) === (v.poLine === undefined), {
    path: ["poLine"],
    message: "Give both the purchase order and its line, or neither.",
  })
  .meta({ id: "VehicleRegistration" });
export type VehicleRegistration = z.infer<typeof vehicleRegistrationSchema>;

const inspectionSchema = z
  .object({
    items: z
      .object(
        Object.fromEntries(
          INSPECTION_ITEMS.map((i) => [i, z.boolean({ error: `${i} must be true (passed) or false.` })]),
        ) as Record<InspectionItem, z.ZodBoolean>,
      )
      .strict(),
    damageNotes: optionalText(1000, "Damage notes"),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (Object.values(v.items).some((ok) => !ok) && !v.damageNotes)
      ctx.addIssue({
        code: "custom",
        path: ["damageNotes"],
        message: "Describe the damage or what is missing for every item that did not pass.",
      });
  });
export type ArrivalInspection = z.infer<typeof inspectionSchema>;

export const vehicleTransitionSchema = z
  .object({
    version: z.number({ error: "version is required." }).int().min(1, "version is required."),
    to: z.enum(VEHICLE_STATUSES, { error: `Status must be one of ${VEHICLE_STATUSES.join(", ")}.` }),
    inspection: inspectionSchema.optional(),
    /** the secondary dealer a wholesaled vehicle goes to */
    buyer: optionalText(100, "Buyer"),
    note: optionalText(300, "Note"),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.to === "arrived" && !v.inspection)
      ctx.addIssue({
        code: "custom",
        path: ["inspection"],
        message: "An arrival needs the arrival inspection (新车到店验收).",
      });
    if (v.to !== "arrived" && v.inspection)
      ctx.addIssue({ code: "custom", path: ["inspection"], message: "An inspection is recorded only on arrival." });
    if (v.to === "wholesaled" && !v.buyer)
      ctx.addIssue({ code: "custom", path: ["buyer"], message: "Name the dealer the vehicle is wholesaled to." });
  })
  .meta({ id: "VehicleTransition" });
export type VehicleTransitionInput = z.infer<typeof vehicleTransitionSchema>;

export const vehicleListQuerySchema = z
  .object({
    status: z.enum(VEHICLE_STATUSES, { error: `Status must be one of ${VEHICLE_STATUSES.join(", ")}.` }).optional(),
  })
  .strict();

export const keyTakeSchema = z
  .object({
    version: z.number({ error: "version is required." }).int().min(1, "version is required."),
    reason: optionalText(200, "Reason"),
  })
  .strict()
  .meta({ id: "VehicleKeyTake" });
export const keyReturnSchema = z
  .object({ version: z.number({ error: "version is required." }).int().min(1, "version is required.") })
  .strict()
  .meta({ id: "VehicleKeyReturn" });

// ---------- purchase orders to the OEM ----------

export const purchaseOrderSchema = z
  .object({
    lines: z
      .array(
        z
          .object({
            modelCode: code("Model"),
            trimCode: code("Trim"),
            colourCode: code("Colour"),
            quantity: z
              .number({ error: "Quantity must be a number." })
              .int("Quantity must be a whole number.")
              .min(1, "Quantity must be at least 1.")
              .max(200, "Quantity must be at most 200."),
          })
          .strict(),
      )
      .min(1, "A purchase order needs at least one line.")
      .max(30, "At most 30 lines per purchase order."),
    note: optionalText(300, "Note"),
  })
  .strict()
  .superRefine((po, ctx) => {
    const seen = new Set<string>();
    po.lines.forEach((l, i) => {
      const k = `${l.modelCode}|${l.trimCode}|${l.colourCode}`;
      if (seen.has(k))
        ctx.addIssue({ code: "custom", path: ["lines", i], message: "This trim and colour is already on the order." });
      seen.add(k);
    });
  })
  .meta({ id: "PurchaseOrderInput" });
export type PurchaseOrderInput = z.infer<typeof purchaseOrderSchema>;

/** Lines still waiting for vehicles. */
export function openLines<L extends { quantity: number; received: number }>(lines: readonly L[]): L[] {
  return lines.filter((l) => l.received < l.quantity);
}
