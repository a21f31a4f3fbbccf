/** Stores (rooftops) of a dealership group. */
import { ConflictError, newId, parseInput, storePatchSchema, storeSchema } from "@dealeros/core";
import { isConditionFailure, isContention, type Store, stores } from "@dealeros/db";
import { type Ctx, db, requireRole, requireStore } from "./context.ts";

export async function listStores(ctx: Ctx): Promise<Store[]> {
  const all = await stores.listStores(db(ctx), ctx.actor.tenantId);
  const visible = ctx.actor.roles.includes("group_admin")
    ? all
    : all.filter((s) => ctx.actor.storeIds.includes(s.storeId));
  return visible.sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
}

export async function getStore(ctx: Ctx, storeId: string): Promise<Store> {
  return requireStore(ctx, storeId);
}

export async function createStore(ctx: Ctx, input: unknown): Promise<Store> {
  requireRole(ctx.actor, ["group_admin"], "Only the group administrator can add stores.");
  const data = parseInput(storeSchema, input);
  const now = new Date().toISOString();
  const store: Store = {
    tenantId: ctx.actor.tenantId,
    storeId: newId(),
    ...data,
    version: 1,
    createdAt: now,
    updatedAt: now,
    createdBy: ctx.actor.userId,
    updatedBy: ctx.actor.userId,
  };
  await stores.createStore(db(ctx), store, {
    at: now,
    by: ctx.actor.userId,
    byName: ctx.actor.name,
    action: "store.created",
    detail: { storeId: store.storeId, name: store.name },
  });
  return store;
}

export async function updateStore(ctx: Ctx, storeId: string, input: unknown): Promise<Store> {
  const current = await requireStore(ctx, storeId);
  requireRole(ctx.actor, ["group_admin"], "Only the group administrator can change stores.");
  const { version, ...patch } = parseInput(storePatchSchema, input);
  if (version !== current.version) {
    throw new ConflictError("Someone else changed this store since you opened it. Reload and try again.", {
      version: "Out of date.",
    });
  }
  const now = new Date().toISOString();
  const next: Store = {
    ...current,
    ...patch,
    version: current.version + 1,
    updatedAt: now,
    updatedBy: ctx.actor.userId,
  };
  const changed = Object.keys(patch).filter(
    (k) =>
      JSON.stringify((patch as Record<string, unknown>)[k]) !==
      JSON.stringify((current as unknown as Record<string, unknown>)[k]),
  );
  try {
    await stores.updateStore(db(ctx), next, version, {
      at: now,
      by: ctx.actor.userId,
      byName: ctx.actor.name,
      action: "store.updated",
      detail: { storeId, changed },
    });
  } catch (e) {
    if (isConditionFailure(e) || isContention(e)) {
      throw new ConflictError("Someone else changed this store since you opened it. Reload and try again.", {
        version: "Out of date.",
      });
    }
    throw e;
  }
  return next;
}

/** The tenant's audit log (store and staff changes), newest first. */
export async function listAuditLog(ctx: Ctx, limit = 50) {
  requireRole(
    ctx.actor,
    ["group_admin", "general_manager"],
    "Only administrators and general managers can read the audit log.",
  );
  return stores.listAudit(db(ctx), ctx.actor.tenantId, Math.min(Math.max(limit, 1), 200));
}
