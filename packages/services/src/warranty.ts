/**
 * Warranty claims (保修索赔) after settlement, for the dealership's warranty
 * admin (索赔员): the OEM's decision (approve — possibly less than claimed —,
 * reject with a reason, resubmit after correction, paid), each one
 * version-checked and audited in one transaction; the store's claims by status
 * with totals (claimed, approved, paid, outstanding) from one Query.
 */
import {
  ConflictError,
  localDate,
  NotFoundError,
  nextWarrantyState,
  parseInput,
  SERVICE_STAFF,
  UnprocessableError,
  WARRANTY_STATES,
  type WarrantyAction,
  type WarrantyState,
  type WarrantyTotals,
  warrantyActions,
  warrantyDecisionSchema,
  warrantyListQuerySchema,
  warrantyTotals,
} from "@dealeros/core";
import { isContention, type Store, type WarrantyHistoryEntry, warrantyClaims } from "@dealeros/db";
import { auditEntry, type Ctx, db, requireRole, requireStore } from "./context.ts";

type StoredClaim = warrantyClaims.StoredWarrantyClaim;

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export const FORBIDDEN = "Only the service front desk can work on warranty claims.";

/** A claim as the pages and the API show it: the decisions possible now and what the OEM still owes. */
export interface WarrantyClaimView extends StoredClaim {
  actions: WarrantyAction[];
  /** approved − paid (approved or paid claims), else 0 */
  outstandingFen: number;
  /** claimed − approved (approved or paid claims), else 0 */
  cutFen: number;
}

export function claimView(c: StoredClaim): WarrantyClaimView {
  const { approvedFen, outstandingFen } = warrantyTotals([c]);
  return {
    ...c,
    actions: warrantyActions(c.status),
    outstandingFen,
    cutFen: approvedFen ? c.totalFen - approvedFen : 0,
  };
}

async function storeFor(ctx: Ctx, storeId: string): Promise<Store> {
  const store = await requireStore(ctx, storeId);
  requireRole(ctx.actor, SERVICE_STAFF, FORBIDDEN);
  return store;
}

function changed(): ConflictError {
  return new ConflictError("Someone else changed this warranty claim. Reload and try again.", {
    version: "Out of date.",
  });
}

const AUDIT_ACTION: Record<WarrantyAction, string> = {
  approve: "warranty.approved",
  reject: "warranty.rejected",
  resubmit: "warranty.resubmitted",
  paid: "warranty.paid",
};

/**
 * The OEM's decision on a claim (POST …/warranty-claims/{claimId}/decision).
 * Store first (another tenant's or store's claim: 404 before the body is read),
 * then the claim, the input, the version (409), the state (422 naming it) and
 * the amounts; then the claim's next version and its audit entry in one transaction.
 */
export async function decide(
  ctx: Ctx,
  storeId: string,
  claimId: string,
  input: unknown,
  opts: { now?: Date } = {},
): Promise<WarrantyClaimView> {
  const store = await storeFor(ctx, storeId);
  if (!ULID.test(claimId)) throw new NotFoundError("Warranty claim");
  const database = db(ctx);
  const claim = await warrantyClaims.getClaim(database, ctx.actor.tenantId, claimId);
  if (!claim || claim.storeId !== storeId) throw new NotFoundError("Warranty claim");
  const data = parseInput(warrantyDecisionSchema, input);
  if (data.version !== claim.version) throw changed();
  const to: WarrantyState = nextWarrantyState(claim.status, data.action);
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  const step = (note?: string, amountFen?: number): WarrantyHistoryEntry => ({
    state: to,
    at,
    byId: ctx.actor.userId,
    byName: ctx.actor.name,
    ...(note ? { note } : {}),
    ...(amountFen !== undefined ? { amountFen } : {}),
  });
  let next: StoredClaim;
  let detail: Record<string, unknown>;
  switch (data.action) {
    case "approve": {
      if (data.approvedFen > claim.totalFen)
        throw new UnprocessableError("The approved amount cannot be more than the amount claimed.", {
          approvedFen: "More than claimed.",
        });
      next = {
        ...claim,
        status: to,
        approvedFen: data.approvedFen,
        approvedAt: at,
        ...(data.oemClaimNo ? { oemClaimNo: data.oemClaimNo } : {}),
        history: [...claim.history, step(data.note, data.approvedFen)],
      };
      detail = {
        claimedFen: claim.totalFen,
        approvedFen: data.approvedFen,
        ...(data.oemClaimNo ? { oemClaimNo: data.oemClaimNo } : {}),
      };
      break;
    }
    case "reject":
      next = { ...claim, status: to, rejectReason: data.reason, history: [...claim.history, step(data.reason)] };
      detail = { reason: data.reason.slice(0, 200) };
      break;
    case "resubmit": {
      const { rejectReason: _dropped, ...rest } = claim;
      next = { ...rest, status: to, history: [...claim.history, step(data.note)] };
      detail = { note: data.note.slice(0, 200) };
      break;
    }
    case "paid": {
      const approvedFen = claim.approvedFen ?? 0;
      if (data.paidFen > approvedFen)
        throw new UnprocessableError("The amount paid cannot be more than the amount approved.", {
          paidFen: "More than approved.",
        });
      if (data.paidDate > localDate(now, store.timeZone))
        throw new UnprocessableError("The payment date cannot be in the future.", { paidDate: "In the future." });
      if (data.paidDate < localDate(claim.settledAt, store.timeZone))
        throw new UnprocessableError("The payment date cannot be before the repair order was settled.", {
          paidDate: "Before the settlement.",
        });
      next = {
        ...claim,
        status: to,
        paidFen: data.paidFen,
        paidAt: data.paidDate,
        history: [...claim.history, step(undefined, data.paidFen)],
      };
      detail = { approvedFen, paidFen: data.paidFen, shortFen: approvedFen - data.paidFen, paidDate: data.paidDate };
      break;
    }
  }
  next = { ...next, version: claim.version + 1, updatedAt: at };
  try {
    await warrantyClaims.transact(
      database,
      warrantyClaims.decisionWrites(
        database,
        next,
        claim.version,
        auditEntry(ctx, AUDIT_ACTION[data.action], { roNumber: claim.roNumber, ...detail }, at),
      ),
    );
  } catch (e) {
    if (isContention(e)) throw changed();
    throw e;
  }
  return claimView(next);
}

export type WarrantyCounts = Record<WarrantyState | "all", number>;

/**
 * The store's warranty claims, newest first, optionally of one status; with
 * the count per status and the totals over all claims (claimed, approved,
 * paid, outstanding) — one Query, the filter applied in memory.
 * `totalFen` stays: the claimed total of the claims listed.
 */
export async function listClaims(
  ctx: Ctx,
  storeId: string,
  query: unknown = {},
): Promise<{
  claims: WarrantyClaimView[];
  totalFen: number;
  status?: WarrantyState;
  counts: WarrantyCounts;
  totals: WarrantyTotals;
}> {
  await storeFor(ctx, storeId);
  const { status } = parseInput(warrantyListQuerySchema, query);
  const all = await warrantyClaims.storeClaims(db(ctx), ctx.actor.tenantId, storeId);
  const counts = Object.fromEntries([["all", all.length], ...WARRANTY_STATES.map((s) => [s, 0])]) as WarrantyCounts;
  for (const c of all) counts[c.status]++;
  const claims = (status ? all.filter((c) => c.status === status) : all).map(claimView);
  return {
    claims,
    totalFen: claims.reduce((s, c) => s + c.totalFen, 0),
    ...(status ? { status } : {}),
    counts,
    totals: warrantyTotals(all),
  };
}
