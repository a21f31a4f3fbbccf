/**
 * End-of-day consistency check (检核, rule 8): the system itself lists every
 * walk-in of the day without a prospect card, every card made that day without
 * a needs analysis, every completed test drive without the supervisor's
 * sign-off and every overdue follow-up. Calls cannot lack an outcome: it is
 * required when a call is logged. The supervisor ticks the day off; the job at
 * closing time keeps the day's result.
 */
import {
  addDays,
  ConflictError,
  eodTickSchema,
  FLOOR_MANAGERS,
  ForbiddenError,
  localDate,
  parseInput,
  UnprocessableError,
  WALK_IN_LOGGERS,
  walkInListQuerySchema,
  zonedToUtc,
} from "@dealeros/core";
import {
  type Db,
  type EodCheck,
  type EodGap,
  eod,
  isConditionFailure,
  type PlanFields,
  plan,
  type Store,
  showroom,
} from "@dealeros/db";
import { type Ctx, db, hasRole, requireStore } from "./context.ts";

type DriveItem = PlanFields & { returned?: { at: string }; signedOff?: unknown; prospectName?: string };

/** Compute the day's gaps from the live records: five Queries, whatever the store's size. */
export async function computeGaps(database: Db, store: Store, date: string, now = new Date()) {
  const { tenantId, storeId, timeZone } = store;
  const from = zonedToUtc(date, "00:00", timeZone).toISOString();
  const to = zonedToUtc(addDays(date, 1), "00:00", timeZone).toISOString();
  const cutoff = now.toISOString() < to ? now.toISOString() : to;
  const [walkIns, cards, day, open] = await Promise.all([
    showroom.listStoreWalkIns(database, tenantId, storeId, date),
    eod.storeProspectsCreated(database, tenantId, storeId, from, to),
    plan.storeDayPlan<DriveItem>(database, tenantId, storeId, date),
    plan.storeOpenWork(database, tenantId, storeId, cutoff),
  ]);
  const gaps: EodGap[] = [];
  for (const w of walkIns)
    if (!w.prospectId)
      gaps.push({
        kind: "walk_in_without_card",
        id: w.walkInId,
        title: w.customerName ?? (w.mobile ? w.mobile : `${w.partySize} ×`),
        ownerId: w.assignment.userId ?? undefined,
        ownerName: w.assignment.name ?? undefined,
        at: w.arrivedAt,
      });
  for (const p of cards)
    if (p.status === "active" && !p.needs)
      gaps.push({
        kind: "card_without_needs",
        id: p.prospectId,
        prospectId: p.prospectId,
        title: p.name,
        ownerId: p.ownerId,
        ownerName: p.ownerName,
        at: p.createdAt,
      });
  const drives = day.filter((i) => i.kind === "test_drive" && i.returned);
  for (const d of drives)
    if (!d.signedOff)
      gaps.push({
        kind: "drive_without_sign_off",
        id: d.id,
        prospectId: d.prospectId,
        title: d.prospectName ?? d.title,
        ownerId: d.ownerId,
        ownerName: d.ownerName,
        at: d.returned!.at,
      });
  const followUps = open.filter((i) => i.kind === "follow_up" || i.kind === "appointment");
  for (const f of followUps)
    gaps.push({
      kind: "overdue_follow_up",
      id: f.id,
      prospectId: f.prospectId,
      title: f.title,
      ownerId: f.ownerId,
      ownerName: f.ownerName,
      at: f.dueAt,
    });
  return {
    tenantId,
    storeId,
    date,
    computedAt: now.toISOString(),
    gaps,
    checked: {
      walkIns: walkIns.length,
      cardsCreated: cards.length,
      drivesCompleted: drives.length,
      openFollowUps: followUps.length,
    },
  };
}

function canSeeStoreCheck(ctx: Ctx): boolean {
  return hasRole(ctx.actor, ...WALK_IN_LOGGERS);
}

/**
 * The check of a day: live for today (and for a day nobody ticked yet but the job kept),
 * the kept result for a ticked day. Consultants see their own gaps, to fix them before close.
 */
export async function getEndOfDay(ctx: Ctx, storeId: string, query: Record<string, string | undefined> = {}) {
  const store = await requireStore(ctx, storeId);
  const q = parseInput(walkInListQuerySchema, query);
  const today = localDate(new Date(), store.timeZone);
  const date = q.date ?? today;
  if (date > today)
    throw new UnprocessableError("The end-of-day check is for today or a past day.", { date: "In the future." });
  const database = db(ctx);
  const kept = await eod.getEodCheck(database, ctx.actor.tenantId, storeId, date);
  const live = kept?.ticked || (date < today && kept) ? undefined : await computeGaps(database, store, date);
  const result: EodCheck = live
    ? { ...live, ticked: kept?.ticked }
    : (kept ?? { ...(await computeGaps(database, store, date)) });
  const mine = !canSeeStoreCheck(ctx);
  const gaps = mine ? result.gaps.filter((g) => g.ownerId === ctx.actor.userId) : result.gaps;
  return {
    ...result,
    gaps,
    live: !!live,
    canTick: hasRole(ctx.actor, ...FLOOR_MANAGERS) && !result.ticked && date <= today,
    timeZone: store.timeZone,
  };
}

/** The supervisor ticks the day off. With gaps left, a note must say why. Once per day. */
export async function tickEndOfDay(ctx: Ctx, storeId: string, input: unknown) {
  const store = await requireStore(ctx, storeId);
  if (!hasRole(ctx.actor, ...FLOOR_MANAGERS))
    throw new ForbiddenError("Only the showroom supervisor or a manager ticks the day off.");
  const data = parseInput(eodTickSchema, input);
  const today = localDate(new Date(), store.timeZone);
  if (data.date > today)
    throw new UnprocessableError("The end-of-day check is for today or a past day.", { date: "In the future." });
  const database = db(ctx);
  const snapshot = await computeGaps(database, store, data.date);
  if (snapshot.gaps.length > 0 && !data.note)
    throw new UnprocessableError(
      `${snapshot.gaps.length} gap(s) are still open. Fix them, or add a note saying why, to tick the day off.`,
      { note: "Explain the open gaps." },
    );
  const tick = {
    at: new Date().toISOString(),
    by: ctx.actor.userId,
    byName: ctx.actor.name,
    note: data.note,
    gapsAtTick: snapshot.gaps.length,
  };
  try {
    await eod.tickEod(database, snapshot, tick);
  } catch (e) {
    if (isConditionFailure(e)) throw new ConflictError("This day has already been ticked off.");
    throw e;
  }
  return { ...snapshot, ticked: tick };
}

/** The last two weeks of checks of a store (one Query). */
export async function listEndOfDay(ctx: Ctx, storeId: string) {
  await requireStore(ctx, storeId);
  if (!canSeeStoreCheck(ctx)) throw new ForbiddenError("Only the receptionist and managers see past checks.");
  return eod.listEodChecks(db(ctx), ctx.actor.tenantId, storeId);
}

/** The job at closing time: keep the day's result (idempotent: the same day overwrites one item, a tick stays). */
export async function endOfDaySnapshot(store: Store, date: string, opts: { db?: Db; now?: Date } = {}) {
  const snapshot = await computeGaps(db(opts), store, date, opts.now);
  await eod.putEodSnapshot(db(opts), snapshot);
  return { gaps: snapshot.gaps.length };
}
