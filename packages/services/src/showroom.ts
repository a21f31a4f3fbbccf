/** The showroom floor: who is on duty, the walk-in log and fair rotation (brief rules 1 and 2). */
import {
  ConflictError,
  chooseConsultant,
  dutySchema,
  explainAssignment,
  FLOOR_MANAGERS,
  ForbiddenError,
  localDate,
  NotFoundError,
  newId,
  parseInput,
  UnprocessableError,
  WALK_IN_LOGGERS,
  walkInPatchSchema,
  walkInSchema,
} from "@dealeros/core";
import {
  type AuditEntry,
  identity,
  isContention,
  type Store,
  showroom,
  stores,
  type User,
  type WalkIn,
} from "@dealeros/db";
import { type Ctx, db, hasRole, requireRole, requireStore } from "./context.ts";
import { rotationSkip } from "./followups.ts";

export interface DutyBoardEntry {
  userId: string;
  name: string;
  onDuty: boolean;
  checkedInAt: string | null;
  /** position in today's rotation (1 = next up), null when off duty */
  position: number | null;
  next: boolean;
  /** overdue follow-ups (as last counted by the follow-up job) */
  overdueFollowUps: number;
  /** passed over by the rotation for too many overdue follow-ups */
  skipped: boolean;
}

export interface DutyBoard {
  storeId: string;
  date: string;
  entries: DutyBoardEntry[];
  lastServedName: string | null;
}

/** The consultants on duty on a floor, as the rotation rule wants them. */
function onDutyEntries(floor: showroom.Floor) {
  return Object.entries(floor.duty)
    .filter(([, d]) => d.onDuty)
    .map(([userId, d]) => ({ userId, name: d.name, checkedInAt: d.checkedInAt }));
}

function todayAt(store: Store, now = new Date()): string {
  return localDate(now, store.timeZone);
}

/** Today's duty board: every consultant of the store, on duty first in rotation order. */
export async function getDutyBoard(ctx: Ctx, storeId: string): Promise<DutyBoard> {
  const store = await requireStore(ctx, storeId);
  const database = db(ctx);
  const date = todayAt(store);
  const [{ floor, rotationOverdueLimit }, users] = await Promise.all([
    showroom.getRotationContext(database, ctx.actor.tenantId, storeId, date),
    identity.listUsers(database, ctx.actor.tenantId),
  ]);
  const consultants = users.filter(
    (u) => u.active && u.roles.includes("sales_consultant") && u.storeIds.includes(storeId),
  );
  const onDuty = onDutyEntries(floor);
  const skip = rotationSkip(floor, rotationOverdueLimit);
  const decision = chooseConsultant({
    onDuty,
    pointer: { lastUserId: floor.lastUserId, lastCheckedInAt: floor.lastCheckedInAt },
    skip,
  });
  const everyoneOver = !!decision.reasonParams.everyoneOverdue;
  const ordered = [...onDuty].sort((a, b) =>
    a.checkedInAt === b.checkedInAt ? a.userId.localeCompare(b.userId) : a.checkedInAt.localeCompare(b.checkedInAt),
  );
  // rotate so that the next consultant up is first
  const start = Math.max(
    0,
    ordered.findIndex((d) => d.userId === decision.userId),
  );
  const queue = [...ordered.slice(start), ...ordered.slice(0, start)];
  const entries: DutyBoardEntry[] = consultants.map((u) => {
    const pos = queue.findIndex((q) => q.userId === u.userId);
    const d = floor.duty[u.userId];
    return {
      userId: u.userId,
      name: u.name,
      onDuty: !!d?.onDuty,
      checkedInAt: d?.onDuty ? d.checkedInAt : null,
      position: pos >= 0 ? pos + 1 : null,
      next: pos === 0,
      overdueFollowUps: skip.counts[u.userId] ?? 0,
      skipped: !everyoneOver && (skip.counts[u.userId] ?? 0) > skip.limit,
    };
  });
  entries.sort((a, b) => (a.position ?? 999) - (b.position ?? 999) || a.name.localeCompare(b.name, "zh-CN"));
  const last = floor.lastUserId ? (floor.duty[floor.lastUserId]?.name ?? null) : null;
  return { storeId, date, entries, lastServedName: last };
}

/** A consultant toggles himself; a receptionist or manager toggles anyone of the store. */
export async function setDuty(ctx: Ctx, storeId: string, userId: string, input: unknown): Promise<DutyBoard> {
  const store = await requireStore(ctx, storeId);
  const { onDuty } = parseInput(dutySchema, input);
  const self = userId === ctx.actor.userId;
  if (!self && !hasRole(ctx.actor, "receptionist", ...FLOOR_MANAGERS)) {
    throw new ForbiddenError("You can only change your own duty status.");
  }
  const database = db(ctx);
  const user = await identity.getUser(database, ctx.actor.tenantId, userId);
  if (!user || !(user.storeIds.includes(storeId) || user.roles.includes("group_admin")))
    throw new NotFoundError("Staff member");
  if (!user.roles.includes("sales_consultant")) {
    throw new UnprocessableError("Only sales consultants go on duty for the rotation.", {
      userId: "Not a sales consultant.",
    });
  }
  if (!user.active) throw new UnprocessableError("This staff member is deactivated.");
  const now = new Date().toISOString();
  const date = todayAt(store);
  const floor = await showroom.getFloor(database, ctx.actor.tenantId, storeId, date);
  const current = floor.duty[userId];
  if (!current || current.onDuty !== onDuty) {
    await showroom.setDuty(
      database,
      ctx.actor.tenantId,
      storeId,
      date,
      userId,
      dutyEntryFor(current, user.name, onDuty, ctx.actor.userId, now),
    );
  }
  return getDutyBoard({ ...ctx, store }, storeId);
}

/**
 * A consultant's next duty entry (the duty toggle and attendance both use it):
 * checking in (again) puts the consultant at the end of the queue; going off
 * duty keeps his check-in time for the rotation pointer.
 */
export function dutyEntryFor(
  current: showroom.DutyEntryState | undefined,
  name: string,
  onDuty: boolean,
  changedBy: string,
  now: string,
): showroom.DutyEntryState {
  return {
    name,
    onDuty,
    checkedInAt: onDuty ? now : (current?.checkedInAt ?? now),
    changedBy,
    updatedAt: now,
  };
}

/** Take a (deactivated) consultant off today's duty in each of their stores. */
export async function takeOffDutyEverywhere(ctx: Ctx, user: Pick<User, "tenantId" | "userId" | "storeIds">) {
  const database = db(ctx);
  const now = new Date().toISOString();
  for (const storeId of user.storeIds) {
    const store = await stores.getStore(database, user.tenantId, storeId);
    if (!store) continue;
    const date = todayAt(store);
    const current = (await showroom.getFloor(database, user.tenantId, storeId, date)).duty[user.userId];
    if (!current?.onDuty) continue;
    await showroom.setDuty(database, user.tenantId, storeId, date, user.userId, {
      ...current,
      onDuty: false,
      changedBy: ctx.actor.userId,
      updatedAt: now,
    });
  }
}

export interface WalkInView extends WalkIn {
  durationMinutes: number | null;
}

function view(w: WalkIn): WalkInView {
  const durationMinutes = w.departedAt
    ? Math.round((new Date(w.departedAt).getTime() - new Date(w.arrivedAt).getTime()) / 60000)
    : null;
  return { ...w, durationMinutes };
}

/**
 * Concurrent walk-ins of one store race for the rotation pointer: each round one
 * wins and the others decide again. They keep trying for a few seconds (well
 * inside the 10 s function timeout) with exponential backoff and full jitter,
 * so a burst (two desks, a coach party) spreads out instead of colliding again.
 */
/** how long a receptionist may wait for a busy floor (ROTATION_RETRY_BUDGET_MS overrides, e.g. for load tests) */
const rotationRetryBudgetMs = () => Number(process.env.ROTATION_RETRY_BUDGET_MS) || 8_000;
const rotationBackoffMs = (attempt: number) => Math.random() * Math.min(300, 15 * 2 ** attempt);

/**
 * Log a walk-in and hand it to a consultant. DynamoDB round trips: one BatchGet
 * (floor of the day + who last served this mobile) and one transaction; a
 * concurrent walk-in that moved the rotation pointer first makes the transaction
 * fail and we decide again with the fresh pointer.
 */
export async function logWalkIn(ctx: Ctx, storeId: string, input: unknown): Promise<WalkInView> {
  const store = await requireStore(ctx, storeId);
  requireRole(ctx.actor, WALK_IN_LOGGERS, "Only receptionists and managers log walk-ins.");
  const data = parseInput(walkInSchema, input);
  const database = db(ctx);
  const now = new Date();
  const arrivedAt = data.arrivedAt ? new Date(data.arrivedAt) : now;
  if (arrivedAt.getTime() > now.getTime() + 5 * 60000) {
    throw new UnprocessableError("Arrival time cannot be in the future.", {
      arrivedAt: "Arrival time cannot be in the future.",
    });
  }
  if (arrivedAt.getTime() < now.getTime() - 7 * 86400000) {
    throw new UnprocessableError("Arrival time is more than 7 days ago.", {
      arrivedAt: "Arrival time is more than 7 days ago.",
    });
  }
  const date = localDate(arrivedAt, store.timeZone);
  const nowIso = now.toISOString();

  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    const { floor, lastServedBy, prospectId, rotationOverdueLimit } = await showroom.getRotationContext(
      database,
      ctx.actor.tenantId,
      storeId,
      date,
      data.mobile,
    );
    const onDuty = onDutyEntries(floor);
    const decision = chooseConsultant({
      onDuty,
      pointer: { lastUserId: floor.lastUserId, lastCheckedInAt: floor.lastCheckedInAt },
      returningConsultantId: data.visitType === "return" ? lastServedBy : null,
      // consultants with too many overdue follow-ups are passed over (counts kept on the floor by the follow-up job)
      skip: rotationSkip(floor, rotationOverdueLimit),
    });
    const walkIn: WalkIn = {
      tenantId: ctx.actor.tenantId,
      storeId,
      walkInId: newId(),
      date,
      arrivedAt: arrivedAt.toISOString(),
      partySize: data.partySize,
      visitType: data.visitType,
      source: data.source,
      customerName: data.customerName,
      mobile: data.mobile,
      intendedModel: data.intendedModel,
      note: data.note,
      // a visitor whose mobile already has a prospect card is linked to it
      ...(prospectId ? { prospectId } : {}),
      assignment: {
        userId: decision.userId,
        name: decision.name,
        reasonCode: decision.reasonCode,
        reasonParams: decision.reasonParams,
        reasonText: explainAssignment(decision),
        assignedAt: nowIso,
        assignedBy: ctx.actor.userId,
      },
      version: 1,
      createdAt: nowIso,
      createdBy: ctx.actor.userId,
      createdByName: ctx.actor.name,
      updatedAt: nowIso,
    };
    const audit: AuditEntry = {
      at: nowIso,
      by: ctx.actor.userId,
      byName: ctx.actor.name,
      action: "walkin.logged",
      detail: { assignedTo: decision.name, reason: walkIn.assignment.reasonText },
    };
    try {
      await showroom.insertWalkIn(database, walkIn, audit, {
        advance: decision.advancesRotation,
        readVersion: floor.rotationVersion,
        checkedInAt: onDuty.find((d) => d.userId === decision.userId)?.checkedInAt,
      });
      return view(walkIn);
    } catch (e) {
      if (isContention(e) && Date.now() - started < rotationRetryBudgetMs()) {
        await new Promise((r) => setTimeout(r, rotationBackoffMs(attempt)));
        continue;
      }
      if (isContention(e))
        throw new ConflictError("The showroom is very busy right now; please log the visitor again.");
      throw e;
    }
  }
}

/** The day's walk-in log of a store, in arrival order (one Query). */
export async function listWalkIns(
  ctx: Ctx,
  storeId: string,
  date?: string,
): Promise<{ date: string; walkIns: WalkInView[] }> {
  const store = await requireStore(ctx, storeId);
  const day = date ?? todayAt(store);
  const list = await showroom.listStoreWalkIns(db(ctx), ctx.actor.tenantId, storeId, day);
  return { date: day, walkIns: list.map(view) };
}

/** "My customers today": the walk-ins assigned to the signed-in consultant (one Query). */
export async function myWalkInsToday(ctx: Ctx, storeId: string): Promise<{ date: string; walkIns: WalkInView[] }> {
  const store = await requireStore(ctx, storeId);
  const day = todayAt(store);
  const list = await showroom.listConsultantWalkIns(db(ctx), ctx.actor.tenantId, ctx.actor.userId, day);
  return { date: day, walkIns: list.filter((w) => w.storeId === storeId).map(view) };
}

export async function getWalkIn(
  ctx: Ctx,
  storeId: string,
  walkInId: string,
): Promise<{ walkIn: WalkInView; audit: AuditEntry[] }> {
  await requireStore(ctx, storeId);
  if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(walkInId)) throw new NotFoundError("Walk-in");
  const { walkIn, audit } = await showroom.getWalkInWithAudit(db(ctx), ctx.actor.tenantId, walkInId);
  if (!walkIn || walkIn.storeId !== storeId) throw new NotFoundError("Walk-in");
  return { walkIn: view(walkIn), audit };
}

/** Departure, details, or a manager's reassignment with a reason — each change audited. */
export async function updateWalkIn(ctx: Ctx, storeId: string, walkInId: string, input: unknown): Promise<WalkInView> {
  await requireStore(ctx, storeId);
  if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(walkInId)) throw new NotFoundError("Walk-in");
  const patch = parseInput(walkInPatchSchema, input);
  const database = db(ctx);
  const current = await showroom.getWalkIn(database, ctx.actor.tenantId, walkInId);
  if (!current || current.storeId !== storeId) throw new NotFoundError("Walk-in");
  const isAssignee = current.assignment.userId === ctx.actor.userId;
  if (!isAssignee && !hasRole(ctx.actor, ...WALK_IN_LOGGERS))
    throw new ForbiddenError("Only the receptionist, the manager or the assigned consultant can change this walk-in.");
  if (patch.version !== current.version)
    throw new ConflictError("Someone else changed this walk-in. Reload and try again.", { version: "Out of date." });

  const now = new Date();
  const nowIso = now.toISOString();
  const next: WalkIn = { ...current, version: current.version + 1, updatedAt: nowIso };
  const changes: Record<string, unknown> = {};
  let action = "walkin.updated";
  if (patch.departedAt) {
    const dep = patch.departedAt === "now" ? now : new Date(patch.departedAt);
    if (dep.getTime() < new Date(current.arrivedAt).getTime()) {
      throw new UnprocessableError("Departure cannot be before arrival.", {
        departedAt: "Departure cannot be before arrival.",
      });
    }
    if (dep.getTime() > now.getTime() + 5 * 60000)
      throw new UnprocessableError("Departure cannot be in the future.", {
        departedAt: "Departure cannot be in the future.",
      });
    next.departedAt = dep.toISOString();
    changes.departedAt = next.departedAt;
    action = "walkin.departed";
  }
  for (const f of ["customerName", "mobile", "intendedModel", "note"] as const) {
    if (patch[f] !== undefined && patch[f] !== current[f]) {
      next[f] = patch[f];
      changes[f] = patch[f];
    }
  }
  if (patch.reassignTo) {
    requireRole(ctx.actor, FLOOR_MANAGERS, "Only a manager can reassign a walk-in.");
    if (patch.reassignTo === current.assignment.userId)
      throw new UnprocessableError("The walk-in is already assigned to this consultant.", {
        reassignTo: "Already assigned to this consultant.",
      });
    const target = await identity.getUser(database, ctx.actor.tenantId, patch.reassignTo);
    if (!target?.active || !target.roles.includes("sales_consultant") || !target.storeIds.includes(storeId)) {
      throw new UnprocessableError("Choose an active consultant of this store.", {
        reassignTo: "Choose an active consultant of this store.",
      });
    }
    next.assignment = {
      userId: target.userId,
      name: target.name,
      reasonCode: "reassigned",
      reasonParams: { by: ctx.actor.name, reason: patch.reason!, from: current.assignment.name ?? "—" },
      reasonText: explainAssignment({
        reasonCode: "reassigned",
        reasonParams: { by: ctx.actor.name, reason: patch.reason! },
      }),
      assignedAt: nowIso,
      assignedBy: ctx.actor.userId,
    };
    changes.reassignedFrom = current.assignment.name;
    changes.reassignedTo = target.name;
    changes.reason = patch.reason;
    action = "walkin.reassigned";
  }
  if (Object.keys(changes).length === 0) throw new UnprocessableError("Nothing to change.");
  try {
    await showroom.updateWalkIn(database, next, current.version, {
      at: nowIso,
      by: ctx.actor.userId,
      byName: ctx.actor.name,
      action,
      detail: changes,
    });
  } catch (e) {
    if (isContention(e))
      throw new ConflictError("Someone else changed this walk-in. Reload and try again.", { version: "Out of date." });
    throw e;
  }
  return view(next);
}
