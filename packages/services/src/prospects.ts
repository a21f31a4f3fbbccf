/** Prospect cards (潜客卡): create, make from a walk-in, list, read, transfer — with duplicate protection (撞单). */
import {
  ConflictError,
  callSchema,
  FLOOR_MANAGERS,
  ForbiddenError,
  gradeFor,
  lostDecisionSchema,
  lostRequestSchema,
  missingFacts,
  NotFoundError,
  needsAnalysisSchema,
  newId,
  nextFollowUp,
  parseInput,
  prospectFromWalkInSchema,
  prospectSchema,
  prospectTransferSchema,
  UnprocessableError,
  WALK_IN_LOGGERS,
} from "@dealeros/core";
import type { CallRecord } from "@dealeros/db";
import {
  type AuditEntry,
  cancelledConditions,
  identity,
  isContention,
  type Prospect,
  prospects,
  showroom,
  type User,
} from "@dealeros/db";
import { type Ctx, db, hasRole, requireStore } from "./context.ts";
import { referralFor } from "./customers.ts";
import { getShowroomSettings } from "./settings.ts";

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

async function requireConsultant(ctx: Ctx, storeId: string, userId: string, field: string): Promise<User> {
  const u = await identity.getUser(db(ctx), ctx.actor.tenantId, userId);
  if (!u?.active || !u.roles.includes("sales_consultant") || !u.storeIds.includes(storeId)) {
    throw new UnprocessableError("Choose an active consultant of this store.", {
      [field]: "Choose an active consultant of this store.",
    });
  }
  return u;
}

async function duplicateError(ctx: Ctx, storeId: string, mobile: string): Promise<ConflictError> {
  const claim = await prospects.getMobileClaim(db(ctx), ctx.actor.tenantId, storeId, mobile);
  const owner = claim?.ownerName ?? "another consultant";
  return new ConflictError(
    `This mobile already has a prospect card in this store, owned by ${owner}. Ask a manager to transfer it.`,
    {
      mobile: `Already the prospect of ${owner}.`,
    },
  );
}

function audit(ctx: Ctx, action: string, detail: Record<string, unknown>, at = new Date().toISOString()): AuditEntry {
  return { at, by: ctx.actor.userId, byName: ctx.actor.name, action, detail };
}

/** A stale form (the card changed since it was read) is a 409 the person can act on. */
function assertVersion(current: Prospect, version: number): void {
  if (version !== current.version) throw cardChanged();
}

function cardChanged(): ConflictError {
  return new ConflictError("Someone else changed this card. Reload and try again.", { version: "Out of date." });
}

/** Run a version-checked card write; losing the race to another writer is the same 409. */
async function saveCard(write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (e) {
    if (isContention(e)) throw cardChanged();
    throw e;
  }
}

/** Create a card. A consultant creates his own; a receptionist or manager names the owner. */
export async function createProspect(ctx: Ctx, storeId: string, input: unknown): Promise<Prospect> {
  const store = await requireStore(ctx, storeId);
  if (!hasRole(ctx.actor, "sales_consultant", ...WALK_IN_LOGGERS))
    throw new ForbiddenError("Only consultants, receptionists and managers create prospect cards.");
  const data = parseInput(prospectSchema, input);
  const ownerId = data.ownerId ?? (ctx.actor.roles.includes("sales_consultant") ? ctx.actor.userId : undefined);
  if (!ownerId)
    throw new UnprocessableError("Choose the consultant who owns this card.", {
      ownerId: "Choose the consultant who owns this card.",
    });
  if (ownerId !== ctx.actor.userId && !hasRole(ctx.actor, ...WALK_IN_LOGGERS))
    throw new ForbiddenError("You can only create cards for yourself.");
  const owner = await requireConsultant(ctx, storeId, ownerId, "ownerId");
  const now = new Date().toISOString();
  const { ownerId: _o, referrer, ...fields } = data;
  const prospectId = newId();
  // 老客户转介绍 (issue 7): the referring customer, +1 on its count in the same transaction
  const ref = referrer
    ? await referralFor(
        ctx,
        store,
        referrer,
        { prospectId, name: data.name, mobile: data.mobile, ownerName: owner.name },
        now,
      )
    : undefined;
  const p: Prospect = prospects.newCard(
    {
      tenantId: ctx.actor.tenantId,
      storeId,
      prospectId,
      ...fields,
      ...(ref ? { referral: ref.referral } : {}),
      ownerId: owner.userId,
      ownerName: owner.name,
      origin: { kind: "manual" },
      createdBy: ctx.actor.userId,
      createdByName: ctx.actor.name,
    },
    now,
  );
  try {
    await prospects.createProspect(
      db(ctx),
      p,
      audit(ctx, "prospect.created", { owner: owner.name, ...(ref ? { referredBy: ref.referral.name } : {}) }, now),
      undefined,
      ref?.writes,
    );
  } catch (e) {
    const failed = cancelledConditions(e);
    if (p.mobile && failed?.includes(1)) throw await duplicateError(ctx, storeId, p.mobile);
    if (ref && failed?.includes(p.mobile ? 3 : 2))
      throw new ConflictError("Someone else changed the referring customer. Try again.", { referrer: "Changed." });
    throw e;
  }
  return p;
}

/**
 * Turn a walk-in into a card in one step. A returning customer whose mobile
 * already has an active card is linked to that card instead of duplicating it.
 */
export async function prospectFromWalkIn(
  ctx: Ctx,
  storeId: string,
  walkInId: string,
  input: unknown,
): Promise<{ prospect: Prospect; linked: boolean }> {
  await requireStore(ctx, storeId);
  if (!ULID.test(walkInId)) throw new NotFoundError("Walk-in");
  const data = parseInput(prospectFromWalkInSchema, input ?? {});
  const database = db(ctx);
  const w = await showroom.getWalkIn(database, ctx.actor.tenantId, walkInId);
  if (!w || w.storeId !== storeId) throw new NotFoundError("Walk-in");
  if (w.assignment.userId !== ctx.actor.userId && !hasRole(ctx.actor, ...WALK_IN_LOGGERS)) {
    throw new ForbiddenError(
      "Only the consultant who served this visitor, the receptionist or a manager can make the card.",
    );
  }
  if (w.prospectId) throw new ConflictError("This walk-in already has a prospect card.");
  if (!w.assignment.userId) throw new UnprocessableError("Assign the walk-in to a consultant first.");
  const mobile = data.mobile ?? w.mobile;
  const name = data.name ?? w.customerName;
  if (!name) throw new UnprocessableError("Give the customer's name.", { name: "Name is required." });
  if (!mobile) throw new UnprocessableError("Give the customer's mobile.", { mobile: "Mobile is required." });
  const now = new Date().toISOString();
  const claim = await prospects.getMobileClaim(database, ctx.actor.tenantId, storeId, mobile);
  if (claim) {
    const existing = await prospects.getProspect(database, ctx.actor.tenantId, claim.prospectId);
    if (existing) {
      try {
        await prospects.linkWalkInOnly(
          database,
          w,
          existing.prospectId,
          audit(ctx, "walkin.linked", { prospect: existing.name, owner: existing.ownerName }, now),
        );
      } catch (e) {
        if (isContention(e)) throw new ConflictError("Someone else changed this walk-in. Reload and try again.");
        throw e;
      }
      return { prospect: existing, linked: true };
    }
  }
  const owner = await requireConsultant(ctx, storeId, w.assignment.userId, "ownerId");
  const p: Prospect = prospects.newCard(
    {
      tenantId: ctx.actor.tenantId,
      storeId,
      prospectId: newId(),
      name,
      mobile,
      gender: data.gender ?? "unknown",
      city: data.city,
      source: w.source,
      intendedModel: w.intendedModel,
      note: w.note,
      ownerId: owner.userId,
      ownerName: owner.name,
      origin: { kind: "walk_in", walkInId: w.walkInId },
      createdBy: ctx.actor.userId,
      createdByName: ctx.actor.name,
    },
    now,
  );
  try {
    await prospects.createProspect(
      database,
      p,
      audit(ctx, "prospect.created", { owner: owner.name, fromWalkIn: w.walkInId }, now),
      { walkIn: w, expectedVersion: w.version },
    );
  } catch (e) {
    const failed = cancelledConditions(e);
    if (failed?.includes(1)) throw await duplicateError(ctx, storeId, mobile);
    if (failed?.includes(3)) throw new ConflictError("Someone else changed this walk-in. Reload and try again.");
    throw e;
  }
  return { prospect: p, linked: false };
}

/** The list (filters, search, sort, one Query per page) lives in prospect-list.ts. */
export { listProspects } from "./prospect-list.ts";

export async function getProspect(ctx: Ctx, storeId: string, prospectId: string) {
  await requireStore(ctx, storeId);
  if (!ULID.test(prospectId)) throw new NotFoundError("Prospect");
  const {
    prospect,
    audit: trail,
    calls,
    followUps,
  } = await prospects.getProspectWithAudit(db(ctx), ctx.actor.tenantId, prospectId);
  if (!prospect || prospect.storeId !== storeId) throw new NotFoundError("Prospect");
  if (prospect.ownerId !== ctx.actor.userId && !hasRole(ctx.actor, ...WALK_IN_LOGGERS)) {
    throw new ForbiddenError(`This prospect card belongs to ${prospect.ownerName}.`);
  }
  return { prospect, audit: trail, calls, followUps };
}

/** Log a phone call on a card (the owner, the receptionist or a manager). */
export async function logCall(ctx: Ctx, storeId: string, prospectId: string, input: unknown): Promise<CallRecord> {
  const { prospect } = await getProspect(ctx, storeId, prospectId);
  const data = parseInput(callSchema, input);
  const at = new Date().toISOString();
  const call: CallRecord = { callId: newId(), at, ...data, by: ctx.actor.userId, byName: ctx.actor.name };
  try {
    await prospects.logCall(
      db(ctx),
      prospect,
      call,
      audit(
        ctx,
        "prospect.call",
        { direction: data.direction, outcome: data.outcome, seconds: data.durationSeconds },
        at,
      ),
    );
  } catch (e) {
    if (isContention(e)) return logCall(ctx, storeId, prospectId, input); // the first-response stamp raced another call: log it plainly
    throw e;
  }
  return call;
}

/** A manager hands a card to another consultant, with a reason (audited). */
export async function transferProspect(
  ctx: Ctx,
  storeId: string,
  prospectId: string,
  input: unknown,
): Promise<Prospect> {
  const { prospect: current } = await getProspect(ctx, storeId, prospectId);
  if (!hasRole(ctx.actor, ...FLOOR_MANAGERS)) throw new ForbiddenError("Only a manager can transfer a prospect card.");
  const data = parseInput(prospectTransferSchema, input);
  assertVersion(current, data.version);
  if (data.transferTo === current.ownerId)
    throw new UnprocessableError("The card already belongs to this consultant.", { transferTo: "Already the owner." });
  const target = await requireConsultant(ctx, storeId, data.transferTo, "transferTo");
  const now = new Date().toISOString();
  const next: Prospect = {
    ...current,
    ownerId: target.userId,
    ownerName: target.name,
    version: current.version + 1,
    updatedAt: now,
  };
  const entry = audit(
    ctx,
    "prospect.transferred",
    { from: current.ownerName, to: target.name, reason: data.reason },
    now,
  );
  await saveCard(() => prospects.transferProspect(db(ctx), next, current.version, entry));
  return next;
}

/**
 * Save the needs analysis (the 10 key facts) and grade the card from it: the
 * grade's cadence sets the next follow-up; a grade change is kept in the history.
 */
export async function saveNeedsAnalysis(
  ctx: Ctx,
  storeId: string,
  prospectId: string,
  input: unknown,
): Promise<Prospect> {
  const { prospect: current } = await getProspect(ctx, storeId, prospectId);
  const { version, ...needs } = parseInput(needsAnalysisSchema, input);
  assertVersion(current, version);
  if (current.status !== "active") throw new UnprocessableError("This card is closed.");
  const now = new Date();
  const at = now.toISOString();
  const { grading } = await getShowroomSettings(ctx);
  const grade = gradeFor(needs, current.grade, grading);
  const next: Prospect = {
    ...current,
    needs,
    intendedModel: needs.intendedModel ?? current.intendedModel,
    grade,
    nextFollowUpAt: nextFollowUp(grade, now, grading) ?? undefined,
    version: current.version + 1,
    updatedAt: at,
  };
  const audits: AuditEntry[] = [
    audit(ctx, "prospect.needs", { timing: needs.purchaseTiming, missing: missingFacts(needs).length }, at),
  ];
  if (grade !== current.grade)
    audits.push(audit(ctx, "prospect.graded", { from: current.grade ?? "—", to: grade }, at));
  await saveCard(() => prospects.saveProspect(db(ctx), next, current.version, audits));
  return next;
}

/** The owner asks to close the card as lost (战败) with a reason; it stays in his list until a supervisor decides. */
export async function requestLost(ctx: Ctx, storeId: string, prospectId: string, input: unknown): Promise<Prospect> {
  const { prospect: current } = await getProspect(ctx, storeId, prospectId);
  const data = parseInput(lostRequestSchema, input);
  assertVersion(current, data.version);
  if (current.status !== "active") throw new UnprocessableError("This card is closed.");
  if (current.lostRequest) throw new ConflictError("A loss is already waiting for the supervisor's decision.");
  const at = new Date().toISOString();
  const next: Prospect = {
    ...current,
    lostRequest: {
      reason: data.reason,
      note: data.note,
      requestedBy: ctx.actor.userId,
      requestedByName: ctx.actor.name,
      at,
    },
    version: current.version + 1,
    updatedAt: at,
  };
  await saveCard(() =>
    prospects.saveProspect(db(ctx), next, current.version, [
      audit(ctx, "prospect.lost_requested", { reason: data.reason, note: data.note }, at),
    ]),
  );
  return next;
}

/** The supervisor approves (card closed as F, the mobile freed) or rejects (back to work) a loss. */
export async function decideLost(ctx: Ctx, storeId: string, prospectId: string, input: unknown): Promise<Prospect> {
  const { prospect: current } = await getProspect(ctx, storeId, prospectId);
  if (!hasRole(ctx.actor, ...FLOOR_MANAGERS)) throw new ForbiddenError("Only a supervisor or manager approves a loss.");
  const data = parseInput(lostDecisionSchema, input);
  assertVersion(current, data.version);
  const request = current.lostRequest;
  if (!request) throw new UnprocessableError("No loss is waiting for a decision on this card.");
  const at = new Date().toISOString();
  const { lostRequest: _r, ...rest } = current;
  const database = db(ctx);
  if (data.approve) {
    const next: Prospect = {
      ...rest,
      status: "closed",
      grade: "F",
      nextFollowUpAt: undefined,
      lost: {
        reason: request.reason,
        note: request.note,
        approvedBy: ctx.actor.userId,
        approvedByName: ctx.actor.name,
        at,
      },
      version: current.version + 1,
      updatedAt: at,
    };
    await saveCard(() =>
      prospects.closeProspect(database, next, current.version, [
        audit(ctx, "prospect.lost_approved", { reason: request.reason, comment: data.comment }, at),
        audit(ctx, "prospect.graded", { from: current.grade ?? "—", to: "F" }, at),
      ]),
    );
    return next;
  }
  const next: Prospect = { ...rest, version: current.version + 1, updatedAt: at };
  await saveCard(() =>
    prospects.saveProspect(database, next, current.version, [
      audit(ctx, "prospect.lost_rejected", { reason: request.reason, comment: data.comment }, at),
    ]),
  );
  return next;
}
