/**
 * The retention job (客户关怀, brief rule 22; daily 07:30 store time from the
 * schedule registry). For one store and local day:
 *
 * 1. Reminders per customer: the store's retention index (GSI3, sparse, by the
 *    customer's next reminder date) gives only the customers due on or before
 *    the day — no Scan, however many customers the store has. For each, the
 *    pure rules (core dueRetention) list the due occasions — loan or lease end,
 *    insurance renewal, maintenance due, birthday — and each becomes a
 *    `retention` customer task for the customer's owner, due at 09:00 store
 *    time, keyed by the occurrence (`<occasion>#<vin>#<date>`) so it is written
 *    once. Then the customer moves in the index to its next reminder after the
 *    day (version-checked; a customer changed meanwhile keeps the index its own
 *    write gave it and is picked up by the next run).
 * 2. Holiday greetings (春节, 中秋 — lunar dates via lunar-javascript): in the
 *    three days before a holiday, one `greeting` plan item per owner in the
 *    store (consultant or advisor with customers), counting the customers to
 *    greet and linking to their list; once per owner and holiday.
 *
 * A second run of the same day writes nothing: the due customers moved out of
 * the day's range, and the greeting items exist.
 *
 * DynamoDB calls for a store: ⌈due customers / 1 MB⌉ Queries (the index read, as customers.listRetentionDue) + 1 conditional
 * Put per due reminder + 1 UpdateItem per due customer; on greeting days also
 * 1 Query (greeting items) + 1 Query (staff) + per owner without an item a
 * COUNT Query of the owner index and 1 conditional Put.
 */
import {
  ConflictError,
  dueRetention,
  NotFoundError,
  nextRetentionOn,
  type RetentionOccurrence,
  zonedToUtc,
} from "@dealeros/core";
import {
  type Customer,
  type CustomerTask,
  type CustomerVehicle,
  customerTasks,
  type Db,
  identity,
  retention,
  type Store,
} from "@dealeros/db";
import { type Ctx, db, requireStore } from "./context.ts";
import { greetingsDue } from "./holidays.ts";

/** Customers handled at once. */
const PARALLEL = 16;
/** When reminders and greetings are due on their day (store time). */
const DUE_TIME = "09:00";

export interface RetentionReport {
  storeId: string;
  date: string;
  /** customers read from the retention index (due on or before the day) */
  dueCustomers: number;
  /** reminder tasks written now / already there from an earlier run */
  tasksWritten: number;
  tasksExisting: number;
  /** customers moved to their next reminder date / out of the index (nothing ahead) */
  moved: number;
  removed: number;
  /** customers changed while the job ran (left for the next run) */
  changed: number;
  greetings: { holiday: string; on: string; owners: number; written: number; customers: number }[];
  /** DynamoDB calls made */
  calls: number;
}

function vehicleLabel(v: CustomerVehicle | undefined): string {
  if (!v) return "";
  return [`${v.brand} ${v.modelName}`.trim(), v.plate].filter(Boolean).join(" ");
}

/** The reminder's sentence (English; the plan page shows it translated from occasion and date). */
export function retentionNote(o: RetentionOccurrence, vehicle?: CustomerVehicle): string {
  const car = vehicleLabel(vehicle);
  const of = car ? ` (${car})` : "";
  switch (o.occasion) {
    case "loan_end":
      return `Loan ends ${o.on}${of} — offer a trade-in or a new finance plan`;
    case "insurance":
      return `Insurance renews ${o.on}${of} — offer the renewal`;
    case "maintenance":
      return `Maintenance due ${o.on}${of} — book a service`;
    case "birthday":
      return `Birthday ${o.on} — send greetings`;
  }
}

export function retentionTask(c: Customer, o: RetentionOccurrence, dueAt: string, today: string): CustomerTask {
  const vehicle = o.vin ? c.vehicles.find((v) => v.vin === o.vin) : undefined;
  const at = new Date().toISOString();
  return {
    tenantId: c.tenantId,
    storeId: c.storeId,
    kind: "retention",
    id: o.key,
    customerId: c.customerId,
    ownerId: c.ownerId,
    ownerName: c.ownerName,
    dueAt,
    date: today,
    status: "open",
    title: c.name,
    note: retentionNote(o, vehicle),
    occasion: o.occasion,
    occasionOn: o.on,
    ...(vehicle ? { refId: vehicle.vin } : {}),
    createdAt: at,
    updatedAt: at,
  };
}

async function inBatches<T>(items: readonly T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

/** Run the retention job for one store and local day (idempotent). */
export async function retentionJob(store: Store, today: string, opts: { db?: Db } = {}): Promise<RetentionReport> {
  const database = opts.db ?? db();
  const { tenantId, storeId } = store;
  const dueAt = zonedToUtc(today, DUE_TIME, store.timeZone).toISOString();
  const report: RetentionReport = {
    storeId,
    date: today,
    dueCustomers: 0,
    tasksWritten: 0,
    tasksExisting: 0,
    moved: 0,
    removed: 0,
    changed: 0,
    greetings: [],
    calls: 0,
  };
  const { items: due, calls } = await retention.dueCustomers(database, tenantId, storeId, today);
  report.calls += calls;
  report.dueCustomers = due.length;
  await inBatches(due, PARALLEL, async (c) => {
    for (const o of dueRetention({ birthday: c.birthday, vehicles: c.vehicles }, today)) {
      const written = await customerTasks.putCustomerTask(database, retentionTask(c, o, dueAt, today));
      report.calls++;
      if (written) report.tasksWritten++;
      else report.tasksExisting++;
    }
    const next = nextRetentionOn({ birthday: c.birthday, vehicles: c.vehicles }, today);
    const moved = await retention.moveRetentionIndex(database, c, next);
    report.calls++;
    if (!moved) report.changed++;
    else if (next) report.moved++;
    else report.removed++;
  });
  const holidays = greetingsDue(today);
  if (holidays.length) report.greetings = await holidayGreetings(database, store, today, dueAt, holidays, report);
  return report;
}

async function holidayGreetings(
  database: Db,
  store: Store,
  today: string,
  dueAt: string,
  holidays: { holiday: retention.GreetingHoliday; on: string }[],
  report: RetentionReport,
): Promise<RetentionReport["greetings"]> {
  const { tenantId, storeId } = store;
  const out: RetentionReport["greetings"] = [];
  let staff: Awaited<ReturnType<typeof identity.listUsers>> | undefined;
  for (const h of holidays) {
    const existing = await retention.listGreetings(database, tenantId, storeId, h.holiday, h.on);
    report.calls++;
    const done = new Set(existing.map((g) => g.ownerId));
    if (!staff) {
      staff = await identity.listUsers(database, tenantId);
      report.calls++;
    }
    // the people who look after customers here: consultants and advisors of the store
    const owners = staff.filter(
      (u) =>
        u.active &&
        u.storeIds.includes(storeId) &&
        u.roles.some((r) => r === "sales_consultant" || r === "service_advisor") &&
        !done.has(u.userId),
    );
    const row = { holiday: h.holiday, on: h.on, owners: existing.length, written: 0, customers: 0 };
    await inBatches(owners, PARALLEL, async (u) => {
      const { count, calls } = await retention.countOwnerCustomers(database, tenantId, u.userId, storeId);
      report.calls += calls;
      if (count === 0) return;
      const at = new Date().toISOString();
      const written = await retention.putGreeting(database, {
        tenantId,
        storeId,
        kind: "greeting",
        id: `${h.holiday}#${h.on}#${u.userId}`,
        ownerId: u.userId,
        ownerName: u.name,
        dueAt,
        date: today,
        status: "open",
        title: `${h.holiday === "spring_festival" ? "Spring Festival" : "Mid-Autumn Festival"} greetings`,
        note: `${h.holiday === "spring_festival" ? "Spring Festival" : "Mid-Autumn Festival"} on ${h.on}: greet your ${count} customers`,
        holiday: h.holiday,
        holidayOn: h.on,
        customers: count,
        createdAt: at,
        updatedAt: at,
      });
      report.calls++;
      if (written) {
        row.owners++;
        row.written++;
        row.customers += count;
      }
    });
    out.push(row);
  }
  return out;
}

/**
 * The owner ticks his holiday greeting done (the id is `<holiday>#<date>#<userId>`:
 * only his own — anyone else's, or another store's → 404). One UpdateItem.
 */
export async function completeGreeting(ctx: Ctx, storeId: string, id: string, opts: { now?: Date } = {}) {
  await requireStore(ctx, storeId);
  const m = /^(spring_festival|mid_autumn)#(\d{4}-\d{2}-\d{2})#([0-9A-HJKMNP-TV-Z]{26})$/.exec(id);
  if (!m || m[3] !== ctx.actor.userId) throw new NotFoundError("Greeting");
  const g = {
    tenantId: ctx.actor.tenantId,
    storeId,
    holiday: m[1] as retention.GreetingHoliday,
    holidayOn: m[2]!,
    ownerId: ctx.actor.userId,
  };
  const at = (opts.now ?? new Date()).toISOString();
  if (await retention.closeGreeting(db(ctx), g, at)) return { ...g, status: "done" as const, doneAt: at };
  const all = await retention.listGreetings(db(ctx), g.tenantId, storeId, g.holiday, g.holidayOn);
  if (!all.some((x) => x.ownerId === g.ownerId)) throw new NotFoundError("Greeting");
  throw new ConflictError("This greeting is already done.");
}
