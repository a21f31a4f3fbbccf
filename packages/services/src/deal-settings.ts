/**
 * Tenant deal settings: the discount each role may give without approval, the
 * dunning escalation and the deposit due days. Read by quotes, contracts and the
 * dunning job; edited by the group admin or a general manager (version-checked,
 * audited in the tenant log).
 */
import {
  ConflictError,
  DEFAULT_DEAL_SETTINGS,
  type DealSettings,
  dealSettingsInputSchema,
  parseInput,
  QUOTING_ROLES,
  type Role,
} from "@dealeros/core";
import { deals, isContention } from "@dealeros/db";
import { type Ctx, db, requireRole } from "./context.ts";

export type { DealSettings };

/** Who changes the deal settings. */
export const DEAL_SETTINGS_EDITORS: readonly Role[] = ["group_admin", "general_manager"];

export type DealSettingsView = DealSettings & { version: number; updatedAt?: string; updatedByName?: string };

/** The tenant's deal settings, defaults filled in (one GetItem). Works for a request ctx or a job's tenant. */
export async function getDealSettings(
  ctx: Pick<Ctx, "db"> & { actor: { tenantId: string } },
): Promise<DealSettingsView> {
  return withDefaults(await deals.getDealSettings(db(ctx), ctx.actor.tenantId));
}

/** Defaults for whatever was never saved (a limit for a role added later, e.g.). */
export function withDefaults(saved: deals.StoredDealSettings | undefined): DealSettingsView {
  return {
    ...DEFAULT_DEAL_SETTINGS,
    version: 0,
    ...saved,
    discountLimitFen: { ...DEFAULT_DEAL_SETTINGS.discountLimitFen, ...saved?.discountLimitFen },
  };
}

/** For jobs, which run per store without a session. */
export function dealSettingsForTenant(tenantId: string, opts: { db?: Ctx["db"] } = {}) {
  return getDealSettings({ actor: { tenantId }, db: opts.db });
}

function stale(): ConflictError {
  return new ConflictError("Someone else changed the deal settings. Reload and try again.", {
    version: "Out of date.",
  });
}

export async function updateDealSettings(ctx: Ctx, input: unknown): Promise<DealSettingsView> {
  requireRole(
    ctx.actor,
    DEAL_SETTINGS_EDITORS,
    "Only the group administrator or a general manager can change the deal settings.",
  );
  const { version, ...next } = parseInput(dealSettingsInputSchema, input);
  const current = await getDealSettings(ctx);
  if (version !== current.version) throw stale();
  const at = new Date().toISOString();
  const changed: Record<string, unknown> = {};
  for (const r of QUOTING_ROLES)
    if (next.discountLimitFen[r] !== current.discountLimitFen[r])
      changed[`limit.${r}`] = `${current.discountLimitFen[r] ?? "none"} → ${next.discountLimitFen[r] ?? "none"}`;
  if (next.dunningEscalateAfter !== current.dunningEscalateAfter)
    changed.dunningEscalateAfter = `${current.dunningEscalateAfter} → ${next.dunningEscalateAfter}`;
  if (next.depositDueDays !== current.depositDueDays)
    changed.depositDueDays = `${current.depositDueDays} → ${next.depositDueDays}`;
  const saved: deals.StoredDealSettings = {
    ...next,
    version: current.version + 1,
    updatedAt: at,
    updatedByName: ctx.actor.name,
  };
  try {
    await deals.putDealSettings(db(ctx), ctx.actor.tenantId, saved, current.version, {
      at,
      by: ctx.actor.userId,
      byName: ctx.actor.name,
      action: "settings.deals",
      detail: changed,
    });
  } catch (e) {
    if (isContention(e)) throw stale();
    throw e;
  }
  return saved;
}
