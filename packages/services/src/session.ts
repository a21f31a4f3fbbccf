import type { Db, User } from "@dealeros/db";
import { identity } from "@dealeros/db";
import type { Actor } from "./context.ts";
import { hashSecret, newSecret } from "./tokens.ts";

export const SESSION_COOKIE = "dos_session";
export const SESSION_TTL_SECONDS = 7 * 24 * 3600;

export interface SessionResult {
  token: string;
  actor: Actor;
  maxAge: number;
}

/** Start a session for a user: the cookie value is `<tenantId>.<userId>.<secret>`; only the secret's hash is stored. */
export async function startSessionFor(
  database: Db,
  user: Pick<User, "tenantId" | "userId" | "name" | "email" | "roles" | "storeIds">,
): Promise<SessionResult> {
  const secret = newSecret();
  const now = Date.now();
  await identity.putSession(database, hashSecret(secret), {
    tenantId: user.tenantId,
    userId: user.userId,
    createdAt: new Date(now).toISOString(),
    expiresAt: Math.floor(now / 1000) + SESSION_TTL_SECONDS,
  });
  return {
    token: `${user.tenantId}.${user.userId}.${secret}`,
    maxAge: SESSION_TTL_SECONDS,
    actor: {
      tenantId: user.tenantId,
      userId: user.userId,
      name: user.name,
      email: user.email,
      roles: user.roles,
      storeIds: user.storeIds,
    },
  };
}
