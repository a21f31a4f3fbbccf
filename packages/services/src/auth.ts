/** Signup, login (throttled), sessions, logout. */
import {
  ConflictError,
  loginSchema,
  newId,
  parseInput,
  signupSchema,
  TooManyRequestsError,
  UnauthorizedError,
} from "@dealeros/core";
import { cancelledConditions, type Db, identity, type LoginRecord, type Store } from "@dealeros/db";
import { type Actor, db } from "./context.ts";
import { dummyHash, hashPassword, verifyPassword } from "./password.ts";
import { type SessionResult, startSessionFor } from "./session.ts";
import { hashSecret, parseToken } from "./tokens.ts";

export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_SECONDS = 15 * 60;
export const LOGIN_LOCK_SECONDS = 15 * 60;

export async function signup(input: unknown, opts: { db?: Db } = {}): Promise<SessionResult> {
  const data = parseInput(signupSchema, input);
  const database = db(opts);
  const now = new Date().toISOString();
  const tenantId = newId();
  const userId = newId();
  const passwordHash = await hashPassword(data.password);
  try {
    await identity.createTenantWithAdmin(
      database,
      { tenantId, name: data.groupName, createdAt: now, createdBy: userId },
      {
        tenantId,
        userId,
        email: data.email,
        name: data.adminName,
        roles: ["group_admin"],
        storeIds: [],
        active: true,
        version: 1,
        createdAt: now,
        updatedAt: now,
        createdBy: userId,
      },
      passwordHash,
    );
  } catch (e) {
    if (cancelledConditions(e)?.includes(0)) {
      throw new ConflictError("This email is already registered. Sign in instead.", {
        email: "This email is already registered.",
      });
    }
    throw e;
  }
  return startSessionFor(database, {
    tenantId,
    userId,
    name: data.adminName,
    email: data.email,
    roles: ["group_admin"],
    storeIds: [],
  });
}

export async function login(input: unknown, opts: { db?: Db } = {}): Promise<SessionResult> {
  const { database, rec } = await checkCredentials(input, opts);
  // an OEM portal account (oem-auth.ts) never gets a tenant session
  if ((rec as { kind?: string }).kind === "oem")
    throw new UnauthorizedError("This is an OEM portal account: sign in on the web page instead.");
  const user = await identity.getUser(database, rec.tenantId, rec.userId);
  if (!user?.active) throw new UnauthorizedError("Email or password is wrong.");
  return startSessionFor(database, user);
}

/**
 * The password check shared by tenant and OEM sign-in (throttled; an unknown
 * email costs as much time as a wrong password): the verified login record.
 */
export async function checkCredentials(
  input: unknown,
  opts: { db?: Db } = {},
): Promise<{ database: Db; rec: LoginRecord }> {
  const data = parseInput(loginSchema, input);
  const database = db(opts);
  const { login: rec, failures } = await identity.getLogin(database, data.email);
  if (failures?.lockedUntil && new Date(failures.lockedUntil).getTime() > Date.now()) {
    const minutes = Math.ceil((new Date(failures.lockedUntil).getTime() - Date.now()) / 60000);
    throw new TooManyRequestsError(`Too many failed sign-ins for this email. Try again in ${minutes} minute(s).`);
  }
  let ok = false;
  if (rec) ok = await verifyPassword(data.password, rec.passwordHash);
  else await verifyPassword(data.password, await dummyHash()); // an unknown email costs as much time as a wrong password
  if (!ok || !rec) {
    await identity.recordLoginFailure(
      database,
      data.email,
      LOGIN_WINDOW_SECONDS,
      LOGIN_MAX_FAILURES,
      LOGIN_LOCK_SECONDS,
    );
    throw new UnauthorizedError("Email or password is wrong.");
  }
  if (!rec.active) throw new UnauthorizedError("This account has been deactivated. Ask your administrator.");
  if (failures) await identity.clearLoginFailures(database, data.email);
  return { database, rec };
}

/**
 * Resolve a session token. One DynamoDB round trip reads the session, the user
 * and (when the request names one) the store — the tenant in every key comes
 * from the token, and the session item must exist for any of it to be used.
 */
export async function authenticate(
  token: string | undefined | null,
  opts: { db?: Db; storeId?: string } = {},
): Promise<{ actor: Actor; store?: Store } | null> {
  const parts = parseToken(token, 3);
  if (!parts) return null;
  const [tenantId, userId, secret] = parts as [string, string, string];
  const database = db(opts);
  const storeId = opts.storeId && /^[0-9A-HJKMNP-TV-Z]{26}$/.test(opts.storeId) ? opts.storeId : undefined;
  const { session, user, store } = await identity.getSessionWithUser(
    database,
    tenantId,
    userId,
    hashSecret(secret),
    storeId,
  );
  if (!session || !user?.active) return null;
  if (session.expiresAt * 1000 < Date.now()) return null;
  return {
    actor: { tenantId, userId, name: user.name, email: user.email, roles: user.roles, storeIds: user.storeIds },
    store,
  };
}

export async function logout(token: string | undefined | null, opts: { db?: Db } = {}): Promise<void> {
  const parts = parseToken(token, 3);
  if (!parts) return;
  const [tenantId, userId, secret] = parts as [string, string, string];
  await identity.deleteSession(db(opts), tenantId, userId, hashSecret(secret));
}
