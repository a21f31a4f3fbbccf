/**
 * Follow-ups (跟进) and today's plan (当日工作计划, brief rules 6 and 7):
 * completing a follow-up on a card schedules the next one from the grade's
 * cadence, may book an appointment, and closes the open follow-up task; the
 * plan shows a consultant his day (every plan kind) and a supervisor every
 * consultant's completion and overdue work.
 */
import {
  APPOINTMENT_WINDOW_DAYS,
  appointmentOutcomeSchema,
  ConflictError,
  DEFAULT_SHOWROOM_SETTINGS,
  dayBounds,
  FLOOR_MANAGERS,
  ForbiddenError,
  followUpDueAt,
  followUpSchema,
  followUpTaskId,
  isOverdue,
  localDate,
  localTime,
  NotFoundError,
  newId,
  type OverdueSkip,
  type PlanFigures,
  parseInput,
  planFigures,
  planQuerySchema,
  type Role,
  summariseByOwner,
  UnprocessableError,
  WALK_IN_LOGGERS,
} from "@dealeros/core";
import {
  type AuditEntry,
  type FollowUpRecord,
  followUps,
  isContention,
  type PlanFields,
  type PlanTask,
  type Prospect,
  plan,
  type showroom,
} from "@dealeros/db";
import { type Ctx, db, hasRole, requireStore } from "./context.ts";
import { getProspect } from "./prospects.ts";
import { getShowroomSettings } from "./settings.ts";

/** Who sees every consultant's plan: supervisors and managers; the receptionist may read it. */
export const PLAN_SUPERVISORS: readonly Role[] = [...FLOOR_MANAGERS, "receptionist"];

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
type Clock = () => Date;
const systemClock: Clock = () => new Date();

/** The rotation skip as the rotation rule wants it: the floor's counts and the tenant's limit. */
export function rotationSkip(floor: Pick<showroom.Floor, "overdueFollowUps">, limit: number | undefined): OverdueSkip {
  return {
    counts: floor.overdueFollowUps ?? {},
    limit: limit ?? DEFAULT_SHOWROOM_SETTINGS.rotationOverdueLimit,
  };
}

function entry(ctx: Ctx, action: string, detail: Record<string, unknown>, at: string): AuditEntry {
  return { at, by: ctx.actor.userId, byName: ctx.actor.name, action, detail };
}

const cardChanged = () =>
  new ConflictError("Someone else changed this card. Reload and try again.", { version: "Out of date." });

/** "2026-11-27 10:00" in the store's zone, for audit lines people read. */
const localStamp = (iso: string, timeZone: string) => `${localDate(iso, timeZone)} ${localTime(iso, timeZone)}`;

export interface FollowUpResult {
  followUp: FollowUpRecord;
  prospect: Prospect;
  appointment?: PlanTask;
}

/**
 * Complete a follow-up on a card (the owner, or a manager): one transaction
 * writes the follow-up, closes the open follow-up task (or records an unplanned
 * one as done), moves the card's next follow-up by the grade's cadence (version
 * checked; none for a closed, ordered or lost card), books the appointment if
 * the customer agreed to come in, and audits it.
 */
export async function completeFollowUp(
  ctx: Ctx,
  storeId: string,
  prospectId: string,
  input: unknown,
  clock: Clock = systemClock,
): Promise<FollowUpResult> {
  const store = await requireStore(ctx, storeId);
  const { prospect: card } = await getProspect(ctx, storeId, prospectId);
  if (card.ownerId !== ctx.actor.userId && !hasRole(ctx.actor, ...FLOOR_MANAGERS))
    throw new ForbiddenError("Only the card's consultant or a manager records follow-ups.");
  const data = parseInput(followUpSchema, input);
  if (data.version !== card.version) throw cardChanged();
  const now = clock();
  const at = now.toISOString();
  const tz = store.timeZone;
  let appointmentAt: string | undefined;
  if (data.appointmentAt) {
    const t = Date.parse(data.appointmentAt);
    if (t < now.getTime() - 5 * 60_000)
      throw new UnprocessableError("The appointment time has already passed.", {
        appointmentAt: "The appointment time has already passed.",
      });
    if (t > now.getTime() + APPOINTMENT_WINDOW_DAYS * 86_400_000)
      throw new UnprocessableError(`An appointment can be at most ${APPOINTMENT_WINDOW_DAYS} days ahead.`, {
        appointmentAt: `An appointment can be at most ${APPOINTMENT_WINDOW_DAYS} days ahead.`,
      });
    appointmentAt = new Date(t).toISOString();
  }
  const database = db(ctx);
  const [settings, open] = await Promise.all([
    getShowroomSettings(ctx),
    followUps.listCardWork(database, ctx.actor.tenantId, prospectId, { openOnly: true }),
  ]);
  const active = card.status === "active";
  const nextDue = active ? followUpDueAt(card.grade, now, tz, settings.grading) : null;

  // the task this follow-up fulfils: the open one due last; older open ones are superseded
  const openTasks = open.filter((t) => t.kind === "follow_up").sort((a, b) => b.dueAt.localeCompare(a.dueAt));
  const [fulfilled, ...superseded] = openTasks;
  const closedTasks: PlanTask[] = [
    ...(fulfilled ? [{ ...fulfilled, status: "done" as const, doneAt: at, updatedAt: at, outcome: data.outcome }] : []),
    ...superseded.map((t) => ({
      ...t,
      status: "cancelled" as const,
      cancelledReason: "superseded",
      updatedAt: at,
    })),
  ];
  // an unplanned follow-up (no task yet) still lands in the day's plan, as done
  const todayEnd = dayBounds(localDate(now, tz), tz).end;
  const unplannedDue = card.nextFollowUpAt && card.nextFollowUpAt < todayEnd ? card.nextFollowUpAt : at;
  const doneTask: PlanTask | undefined = fulfilled
    ? undefined
    : {
        tenantId: ctx.actor.tenantId,
        storeId,
        kind: "follow_up",
        id: followUpTaskId(prospectId, unplannedDue),
        ownerId: card.ownerId,
        ownerName: card.ownerName,
        dueAt: unplannedDue,
        date: localDate(unplannedDue, tz),
        status: "done",
        doneAt: at,
        title: card.name,
        prospectId,
        grade: card.grade ?? undefined,
        outcome: data.outcome,
        createdAt: at,
        createdBy: ctx.actor.userId,
        updatedAt: at,
      };
  const followUpId = newId();
  for (const t of closedTasks) if (t.status === "done") t.followUpId = followUpId;
  if (doneTask) doneTask.followUpId = followUpId;

  const appointment: PlanTask | undefined = appointmentAt
    ? {
        tenantId: ctx.actor.tenantId,
        storeId,
        kind: "appointment",
        id: newId(),
        ownerId: card.ownerId,
        ownerName: card.ownerName,
        dueAt: appointmentAt,
        date: localDate(appointmentAt, tz),
        status: "open",
        title: card.name,
        prospectId,
        grade: card.grade ?? undefined,
        note: data.nextStep,
        createdAt: at,
        createdBy: ctx.actor.userId,
        updatedAt: at,
      }
    : undefined;
  const wasOverdue = fulfilled ? fulfilled.dueAt < at : undefined;
  const record: FollowUpRecord = {
    followUpId,
    prospectId,
    at,
    channel: data.channel,
    outcome: data.outcome,
    note: data.note,
    nextStep: data.nextStep,
    appointmentAt,
    appointmentId: appointment?.id,
    taskId: (fulfilled ?? doneTask)?.id,
    wasOverdue,
    nextFollowUpAt: nextDue ?? undefined,
    by: ctx.actor.userId,
    byName: ctx.actor.name,
  };
  const next: Prospect = { ...card, nextFollowUpAt: nextDue ?? undefined, version: card.version + 1, updatedAt: at };
  const audits = [
    entry(
      ctx,
      "followup.completed",
      {
        channel: data.channel,
        outcome: data.outcome,
        overdue: wasOverdue ? "yes" : undefined,
        next: nextDue ? localStamp(nextDue, tz) : "—",
        appointment: appointmentAt ? localStamp(appointmentAt, tz) : undefined,
      },
      at,
    ),
  ];
  try {
    await followUps.completeFollowUp(database, {
      card: next,
      expectedVersion: card.version,
      audits,
      record,
      closedTasks,
      newDoneTask: doneTask,
      appointment,
    });
  } catch (e) {
    if (isContention(e)) throw cardChanged();
    throw e;
  }
  // one fewer overdue for the rotation right away (the follow-up job recounts every 15 minutes anyway)
  if (fulfilled && wasOverdue)
    await followUps.decrementOverdue(database, ctx.actor.tenantId, storeId, localDate(now, tz), fulfilled.ownerId);
  return { followUp: record, prospect: next, appointment };
}

export interface CardWork {
  prospectId: string;
  nextFollowUpAt: string | null;
  overdue: boolean;
  followUps: FollowUpRecord[];
  /** the card's follow-up tasks and appointments, latest due first */
  work: PlanItemView[];
}

/** A card's follow-up history and its tasks and appointments (two Queries). */
export async function listCardFollowUps(
  ctx: Ctx,
  storeId: string,
  prospectId: string,
  clock: Clock = systemClock,
): Promise<CardWork> {
  await requireStore(ctx, storeId);
  if (!ULID.test(prospectId)) throw new NotFoundError("Prospect");
  const [card, work] = await Promise.all([
    getProspect(ctx, storeId, prospectId),
    followUps.listCardWork(db(ctx), ctx.actor.tenantId, prospectId),
  ]);
  const now = clock();
  const next = card.prospect.nextFollowUpAt ?? null;
  return {
    prospectId,
    nextFollowUpAt: next,
    overdue: card.prospect.status === "active" && !!next && next < now.toISOString(),
    followUps: card.followUps,
    work: work
      .filter((w) => w.storeId === storeId)
      .sort((a, b) => b.dueAt.localeCompare(a.dueAt))
      .map((w) => planItemView(w, now)),
  };
}

/** The receptionist or the consultant records how an appointment went: arrived (done), no-show or cancelled. */
export async function recordAppointmentOutcome(
  ctx: Ctx,
  storeId: string,
  prospectId: string,
  appointmentId: string,
  input: unknown,
  clock: Clock = systemClock,
): Promise<PlanItemView> {
  const store = await requireStore(ctx, storeId);
  if (!ULID.test(prospectId) || !ULID.test(appointmentId)) throw new NotFoundError("Appointment");
  const database = db(ctx);
  const [{ prospect: card }, work] = await Promise.all([
    getProspect(ctx, storeId, prospectId),
    followUps.listCardWork(database, ctx.actor.tenantId, prospectId),
  ]);
  const appt = work.find((w) => w.kind === "appointment" && w.id === appointmentId && w.storeId === storeId);
  if (!appt) throw new NotFoundError("Appointment");
  if (card.ownerId !== ctx.actor.userId && !hasRole(ctx.actor, ...WALK_IN_LOGGERS))
    throw new ForbiddenError("Only the card's consultant, the receptionist or a manager records an appointment.");
  const data = parseInput(appointmentOutcomeSchema, input);
  if (appt.status !== "open") throw new ConflictError("This appointment is already closed.");
  const now = clock();
  const at = now.toISOString();
  const next: PlanTask = {
    ...appt,
    status: data.outcome === "arrived" ? "done" : "cancelled",
    ...(data.outcome === "arrived" ? { doneAt: at } : {}),
    outcome: data.outcome,
    note: data.note ?? appt.note,
    updatedAt: at,
  };
  try {
    await followUps.closeAppointment(
      database,
      next,
      entry(ctx, `appointment.${data.outcome}`, { at: localStamp(appt.dueAt, store.timeZone), note: data.note }, at),
    );
  } catch (e) {
    if (isContention(e)) throw new ConflictError("This appointment is already closed.");
    throw e;
  }
  return planItemView(next, now);
}

/** A plan item as lists show it, whatever its kind. */
export interface PlanItemView {
  kind: PlanFields["kind"];
  id: string;
  ownerId: string;
  ownerName: string;
  dueAt: string;
  date: string;
  status: PlanFields["status"];
  doneAt?: string;
  title: string;
  prospectId?: string;
  /** the contract of a delivery, post-delivery call or dunning task */
  contractId?: string;
  /** the after-sales customer of a customer task */
  customerId?: string;
  /** open and past due (by the clock, not only by the job's flag) */
  overdue: boolean;
  outcome?: string;
  note?: string;
  /** retention reminder (issue 7, H4): the occasion and its date, so the page words the note in the user's language */
  occasion?: string;
  occasionOn?: string;
  /** holiday greeting (issue 7, H4): the holiday, its date and how many customers to greet */
  holiday?: string;
  holidayOn?: string;
  customers?: number;
}

export function planItemView(
  i: PlanFields & {
    outcome?: unknown;
    note?: unknown;
    occasion?: unknown;
    occasionOn?: unknown;
    holiday?: unknown;
    holidayOn?: unknown;
    customers?: unknown;
  },
  now: Date,
): PlanItemView {
  return {
    kind: i.kind,
    id: i.id,
    ownerId: i.ownerId,
    ownerName: i.ownerName,
    dueAt: i.dueAt,
    date: i.date,
    status: i.status,
    ...(i.doneAt ? { doneAt: i.doneAt } : {}),
    title: i.title,
    ...(i.prospectId ? { prospectId: i.prospectId } : {}),
    ...(i.contractId ? { contractId: i.contractId } : {}),
    ...(i.customerId ? { customerId: i.customerId } : {}),
    overdue: isOverdue(i, now),
    ...(typeof i.outcome === "string" ? { outcome: i.outcome } : {}),
    ...(typeof i.note === "string" ? { note: i.note } : {}),
    ...(typeof i.occasion === "string" ? { occasion: i.occasion, occasionOn: String(i.occasionOn ?? "") } : {}),
    ...(typeof i.holiday === "string"
      ? { holiday: i.holiday, holidayOn: String(i.holidayOn ?? ""), customers: Number(i.customers ?? 0) }
      : {}),
  };
}

export interface ConsultantPlan {
  view: "consultant";
  date: string;
  now: string;
  ownerId: string;
  ownerName: string | null;
  figures: PlanFigures;
  /** the day's items in time order, done ones included */
  items: PlanItemView[];
  /** open items from before the day (overdue) */
  overdueBefore: PlanItemView[];
}

export interface SupervisorPlan {
  view: "supervisor";
  date: string;
  now: string;
  figures: PlanFigures;
  consultants: ReturnType<typeof summariseByOwner>;
}

/**
 * Today's plan (or another day's). A consultant: his items of the day and his
 * open items from before it. A supervisor (owner=all): every consultant's
 * figures; owner=<userId> drills down. Two Queries, run side by side.
 */
export async function getPlan(
  ctx: Ctx,
  storeId: string,
  query: Record<string, string | undefined> = {},
  clock: Clock = systemClock,
): Promise<ConsultantPlan | SupervisorPlan> {
  const store = await requireStore(ctx, storeId);
  const q = parseInput(planQuerySchema, query);
  const now = clock();
  const tz = store.timeZone;
  const date = q.date ?? localDate(now, tz);
  const supervisor = hasRole(ctx.actor, ...PLAN_SUPERVISORS);
  const owner = q.owner ?? (supervisor ? "all" : "me");
  const database = db(ctx);
  const tenantId = ctx.actor.tenantId;
  const { start } = dayBounds(date, tz);
  if (owner === "all") {
    if (!supervisor) throw new ForbiddenError("Only supervisors see every consultant's plan.");
    const [day, earlier] = await Promise.all([
      plan.storeDayPlan(database, tenantId, storeId, date),
      plan.storeOpenWork(database, tenantId, storeId, start),
    ]);
    return {
      view: "supervisor",
      date,
      now: now.toISOString(),
      figures: planFigures(day, earlier, now),
      consultants: summariseByOwner(day, earlier, now),
    };
  }
  const ownerId = owner === "me" ? ctx.actor.userId : owner;
  if (ownerId !== ctx.actor.userId && !supervisor) throw new ForbiddenError("You can only see your own plan.");
  const [day, earlierAll] = await Promise.all([
    plan.storeDayPlan(database, tenantId, storeId, date, ownerId),
    plan.userOpenWork(database, tenantId, ownerId, start),
  ]);
  const earlier = earlierAll.filter((i) => i.storeId === storeId);
  const byTime = (a: PlanFields, b: PlanFields) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id);
  return {
    view: "consultant",
    date,
    now: now.toISOString(),
    ownerId,
    ownerName: day[0]?.ownerName ?? earlier[0]?.ownerName ?? (ownerId === ctx.actor.userId ? ctx.actor.name : null),
    figures: planFigures(day, earlier, now),
    items: [...day].sort(byTime).map((i) => planItemView(i, now)),
    overdueBefore: [...earlier].sort(byTime).map((i) => planItemView(i, now)),
  };
}
