/** Tenant showroom settings: read by the rules that use them, edited by managers (audited). */
import {
  ConflictError,
  DEFAULT_SHOWROOM_SETTINGS,
  FLOOR_MANAGERS,
  parseInput,
  type ShowroomSettings,
  showroomSettingsSchema,
} from "@dealeros/core";
import { isContention, settings as store } from "@dealeros/db";
import { type Ctx, db, requireRole } from "./context.ts";

export type { ShowroomSettings };

/** The tenant's settings, defaults filled in (one GetItem). Works for a request ctx or a job's tenant. */
export async function getShowroomSettings(
  ctx: Pick<Ctx, "db"> & { actor: { tenantId: string } },
): Promise<ShowroomSettings & { version: number; updatedAt?: string; updatedByName?: string }> {
  const saved = await store.getShowroomSettings(db(ctx), ctx.actor.tenantId);
  return { ...DEFAULT_SHOWROOM_SETTINGS, version: 0, ...saved };
}

/** For jobs, which run per store without a session. */
export function settingsForTenant(tenantId: string) {
  return getShowroomSettings({ actor: { tenantId } });
}

export async function updateShowroomSettings(ctx: Ctx, input: unknown) {
  requireRole(ctx.actor, FLOOR_MANAGERS, "Only a manager can change the showroom settings.");
  const { version, ...next } = parseInput(showroomSettingsSchema, input);
  const current = await getShowroomSettings(ctx);
  if (version !== current.version)
    throw new ConflictError("Someone else changed the settings. Reload and try again.", { version: "Out of date." });
  const at = new Date().toISOString();
  const changed = (Object.keys(next) as (keyof ShowroomSettings)[]).filter(
    (k) => JSON.stringify(next[k]) !== JSON.stringify(current[k]),
  );
  const saved = { ...next, version: current.version + 1, updatedAt: at, updatedByName: ctx.actor.name };
  try {
    await store.putShowroomSettings(db(ctx), ctx.actor.tenantId, saved, current.version, {
      at,
      by: ctx.actor.userId,
      byName: ctx.actor.name,
      action: "settings.showroom",
      detail: { changed: changed.join(", ") },
    });
  } catch (e) {
    if (isContention(e))
      throw new ConflictError("Someone else changed the settings. Reload and try again.", { version: "Out of date." });
    throw e;
  }
  return saved;
}
