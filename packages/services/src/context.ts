import { ForbiddenError, NotFoundError, type Role } from "@dealeros/core";
import { type AuditEntry, type Db, getDb, type Store, stores } from "@dealeros/db";

/** Who is acting: always taken from the verified session, never from the request. */
export interface Actor {
  tenantId: string;
  userId: string;
  name: string;
  email: string;
  roles: Role[];
  storeIds: string[];
}

/** A request's context: the actor and, when the path names a store, that store read with the session. */
export interface Ctx {
  actor: Actor;
  store?: Store;
  db?: Db;
}

export function db(ctx?: { db?: Db }): Db {
  return ctx?.db ?? getDb();
}

export function hasRole(actor: Actor, ...roles: readonly Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

export function requireRole(actor: Actor, roles: readonly Role[], message?: string): void {
  if (!hasRole(actor, ...roles)) throw new ForbiddenError(message);
}

/** Group admins see every store of the tenant; everyone else the stores they were given. */
export function canSeeStore(actor: Actor, storeId: string): boolean {
  return actor.roles.includes("group_admin") || actor.storeIds.includes(storeId);
}

/**
 * The store named by the path, inside the actor's tenant. Another tenant's store,
 * or a store the actor is not given, is "not found" — never a 403 that confirms it exists.
 */
export async function requireStore(ctx: Ctx, storeId: string): Promise<Store> {
  const store =
    ctx.store?.storeId === storeId && ctx.store.tenantId === ctx.actor.tenantId
      ? ctx.store
      : await stores.getStore(db(ctx), ctx.actor.tenantId, storeId);
  if (!store || !canSeeStore(ctx.actor, storeId)) throw new NotFoundError("Store");
  return store;
}

/** An audit entry by the acting person (new code uses this one). */
export function auditEntry(ctx: Ctx, action: string, detail: Record<string, unknown>, at: string): AuditEntry {
  return { at, by: ctx.actor.userId, byName: ctx.actor.name, action, detail };
}
