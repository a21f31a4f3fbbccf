/** Staff: invitations (one-time token with expiry), acceptance, deactivation. */
import {
  acceptInvitationSchema,
  ConflictError,
  ForbiddenError,
  invitationSchema,
  NotFoundError,
  newId,
  parseInput,
  UnprocessableError,
} from "@dealeros/core";
import { cancelledConditions, type Db, type Invitation, identity, isContention, stores, type User } from "@dealeros/db";
import { type Actor, type Ctx, db, requireRole } from "./context.ts";
import { log } from "./log.ts";
import { deliverInvitation } from "./mailer.ts";
import { hashPassword } from "./password.ts";
import { startSessionFor } from "./session.ts";
import { takeOffDutyEverywhere } from "./showroom.ts";
import { hashSecret, newSecret, parseToken } from "./tokens.ts";

export const INVITATION_TTL_SECONDS = 7 * 24 * 3600;

export interface StaffMember {
  userId: string;
  name: string;
  email: string;
  roles: User["roles"];
  storeIds: string[];
  active: boolean;
  version: number;
  createdAt: string;
}

function toStaff(u: User): StaffMember {
  return {
    userId: u.userId,
    name: u.name,
    email: u.email,
    roles: u.roles,
    storeIds: u.storeIds,
    active: u.active,
    version: u.version,
    createdAt: u.createdAt,
  };
}

function isAdmin(a: Actor) {
  return a.roles.includes("group_admin");
}

export async function listStaff(ctx: Ctx): Promise<StaffMember[]> {
  const users = await identity.listUsers(db(ctx), ctx.actor.tenantId);
  const visible = isAdmin(ctx.actor)
    ? users
    : users.filter((u) => u.storeIds.some((s) => ctx.actor.storeIds.includes(s)) || u.userId === ctx.actor.userId);
  return visible
    .map(toStaff)
    .sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, "zh-CN"));
}

export interface InvitationView {
  email: string;
  roles: Invitation["roles"];
  storeIds: string[];
  status: Invitation["status"] | "expired";
  invitedByName: string;
  createdAt: string;
  expiresAt: string;
}

function invitationView(i: Invitation): InvitationView {
  const expired = i.status === "pending" && i.expiresAt * 1000 < Date.now();
  return {
    email: i.email,
    roles: i.roles,
    storeIds: i.storeIds,
    status: expired ? "expired" : i.status,
    invitedByName: i.invitedByName,
    createdAt: i.createdAt,
    expiresAt: new Date(i.expiresAt * 1000).toISOString(),
  };
}

export async function listInvitations(ctx: Ctx): Promise<InvitationView[]> {
  requireRole(ctx.actor, ["group_admin", "general_manager", "sales_manager"]);
  const all = await identity.listInvitations(db(ctx), ctx.actor.tenantId);
  const visible = isAdmin(ctx.actor)
    ? all
    : all.filter((i) => i.invitedBy === ctx.actor.userId || i.storeIds.some((s) => ctx.actor.storeIds.includes(s)));
  return visible.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map(invitationView);
}

/**
 * Invite a person by email with roles and stores. Returns the one-time token;
 * locally the accept link is shown to the inviter and logged, in the cloud it is e-mailed (SES).
 */
export async function invite(ctx: Ctx, input: unknown): Promise<{ invitation: InvitationView; token: string }> {
  requireRole(
    ctx.actor,
    ["group_admin", "general_manager", "sales_manager"],
    "Only administrators and managers can invite staff.",
  );
  const data = parseInput(invitationSchema, input);
  const database = db(ctx);
  if (!isAdmin(ctx.actor)) {
    if (data.roles.includes("group_admin"))
      throw new ForbiddenError("Only the group administrator can invite another administrator.");
    if (data.storeIds.length === 0 || data.storeIds.some((s) => !ctx.actor.storeIds.includes(s))) {
      throw new ForbiddenError("You can invite staff only to your own stores.");
    }
  }
  if (!data.roles.includes("group_admin") && data.storeIds.length === 0) {
    throw new UnprocessableError("Choose at least one store for this person.", {
      storeIds: "Choose at least one store.",
    });
  }
  // every store must be the tenant's own
  const own = new Set((await stores.listStores(database, ctx.actor.tenantId)).map((s) => s.storeId));
  const unknown = data.storeIds.filter((s) => !own.has(s));
  if (unknown.length)
    throw new UnprocessableError("Unknown store.", { storeIds: `Unknown store: ${unknown.join(", ")}` });
  const existing = await identity.getLogin(database, data.email);
  if (existing.login)
    throw new ConflictError("Someone with this email already has an account.", {
      email: "This email already has an account.",
    });

  const secret = newSecret();
  const token = `${ctx.actor.tenantId}.${secret}`;
  const now = new Date();
  const inv: Invitation = {
    tenantId: ctx.actor.tenantId,
    tokenHash: hashSecret(secret),
    email: data.email,
    roles: data.roles,
    storeIds: data.storeIds,
    invitedBy: ctx.actor.userId,
    invitedByName: ctx.actor.name,
    createdAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + INVITATION_TTL_SECONDS,
    status: "pending",
  };
  await identity.putInvitation(database, inv);
  await stores.putAudit(database, ctx.actor.tenantId, {
    at: inv.createdAt,
    by: ctx.actor.userId,
    byName: ctx.actor.name,
    action: "staff.invited",
    detail: { name: inv.email, roles: inv.roles },
  });
  log.info("invitation created", { email: inv.email, roles: inv.roles });
  await deliverInvitation(inv.email, `/invite/${token}`, ctx.actor.name);
  return { invitation: invitationView(inv), token };
}

async function loadInvitation(database: Db, token: string): Promise<Invitation> {
  const parts = parseToken(token, 2);
  if (!parts) throw new NotFoundError("Invitation");
  const inv = await identity.getInvitation(database, parts[0]!, hashSecret(parts[1]!));
  if (!inv) throw new NotFoundError("Invitation");
  return inv;
}

/** What the accept page shows before the person sets a name and password. */
export async function previewInvitation(
  token: string,
  opts: { db?: Db } = {},
): Promise<InvitationView & { groupName: string }> {
  const database = db(opts);
  const inv = await loadInvitation(database, token);
  const tenant = await identity.getTenant(database, inv.tenantId);
  return { ...invitationView(inv), groupName: tenant?.name ?? "" };
}

export async function acceptInvitation(token: string, input: unknown, opts: { db?: Db } = {}) {
  const data = parseInput(acceptInvitationSchema, input);
  const database = db(opts);
  const inv = await loadInvitation(database, token);
  if (inv.status === "accepted") throw new ConflictError("This invitation has already been used. Sign in instead.");
  if (inv.status !== "pending" || inv.expiresAt * 1000 < Date.now()) {
    throw new UnprocessableError("This invitation has expired. Ask for a new one.");
  }
  const now = new Date().toISOString();
  const user: User = {
    tenantId: inv.tenantId,
    userId: newId(),
    email: inv.email,
    name: data.name,
    roles: inv.roles,
    storeIds: inv.storeIds,
    active: true,
    version: 1,
    createdAt: now,
    updatedAt: now,
    createdBy: inv.invitedBy,
  };
  try {
    await identity.acceptInvitation(database, inv, user, await hashPassword(data.password));
  } catch (e) {
    const failed = cancelledConditions(e);
    if (failed?.includes(0)) throw new ConflictError("This invitation has already been used or has expired.");
    if (failed?.includes(1)) throw new ConflictError("Someone with this email already has an account.");
    throw e;
  }
  await stores.putAudit(database, user.tenantId, {
    at: now,
    by: user.userId,
    byName: user.name,
    action: "staff.joined",
    detail: { name: user.name, email: user.email },
  });
  return startSessionFor(database, user);
}

export async function setStaffActive(ctx: Ctx, userId: string, active: boolean): Promise<StaffMember> {
  requireRole(
    ctx.actor,
    ["group_admin", "general_manager"],
    "Only administrators and general managers can deactivate staff.",
  );
  const database = db(ctx);
  const user = await identity.getUser(database, ctx.actor.tenantId, userId);
  if (!user) throw new NotFoundError("Staff member");
  if (!isAdmin(ctx.actor) && !user.storeIds.some((s) => ctx.actor.storeIds.includes(s)))
    throw new NotFoundError("Staff member");
  if (user.userId === ctx.actor.userId) throw new UnprocessableError("You cannot deactivate yourself.");
  if (user.roles.includes("group_admin") && !isAdmin(ctx.actor))
    throw new ForbiddenError("Only the group administrator can change an administrator.");
  if (user.active === active) return toStaff(user);
  try {
    const next = await identity.setUserActive(database, user, active, ctx.actor.userId);
    // a deactivated consultant must not keep receiving walk-ins from today's rotation
    if (!active) await takeOffDutyEverywhere(ctx, user);
    await stores.putAudit(database, ctx.actor.tenantId, {
      at: next.updatedAt,
      by: ctx.actor.userId,
      byName: ctx.actor.name,
      action: active ? "staff.reactivated" : "staff.deactivated",
      detail: { userId, name: user.name },
    });
    return toStaff(next);
  } catch (e) {
    if (isContention(e))
      throw new ConflictError("This staff member was changed at the same time. Reload and try again.");
    throw e;
  }
}

/** The active sales consultants of a store (for assignment, transfer and reassignment pickers): one Query. */
export async function listStoreConsultants(ctx: Ctx, storeId: string): Promise<{ userId: string; name: string }[]> {
  return (await listStaff(ctx))
    .filter((p) => p.active && p.roles.includes("sales_consultant") && p.storeIds.includes(storeId))
    .map((p) => ({ userId: p.userId, name: p.name }));
}
