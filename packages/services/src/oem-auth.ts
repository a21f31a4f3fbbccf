/**
 * OEM sign-in and sessions. OEM users sign in on the same /login as dealership
 * staff; their cookie value is `OEM.<oemId>.<userId>.<secret>` — four parts, so
 * the tenant session parser (three ULID-led parts) refuses it before any read:
 * no tenant endpoint or page ever accepts an OEM session. OEM sessions live
 * under the OEM's own partition.
 */
import { type OemRole, UnauthorizedError } from "@dealeros/core";
import { type Db, identity, oem } from "@dealeros/db";
import { checkCredentials } from "./auth.ts";
import { db } from "./context.ts";
import { SESSION_TTL_SECONDS, startSessionFor } from "./session.ts";
import { hashSecret, newSecret } from "./tokens.ts";

/** Who is acting at an OEM: always from the verified OEM session. */
export interface OemActor {
  oemId: string;
  userId: string;
  name: string;
  email: string;
  role: OemRole;
  /** a regional rep's one region; an OEM admin has none (every region of the OEM) */
  regionId?: string;
}

export interface OemCtx {
  oem: OemActor;
  db?: Db;
}

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** `OEM.<oemId>.<userId>.<secret>` → its parts, or null. */
export function parseOemToken(token: string | undefined | null): [string, string, string] | null {
  if (!token || token.length > 200) return null;
  const p = token.split(".");
  if (p.length !== 4 || p[0] !== "OEM") return null;
  if (!ULID.test(p[1]!) || !ULID.test(p[2]!) || !/^[A-Za-z0-9_-]{20,100}$/.test(p[3]!)) return null;
  return [p[1]!, p[2]!, p[3]!];
}

export interface SignInResult {
  kind: "tenant" | "oem";
  token: string;
  maxAge: number;
  /** where the web app lands after sign-in */
  home: "/app" | "/oem";
}

/** The web sign-in: one form for dealership staff (tenant session) and OEM users (OEM session). */
export async function signIn(input: unknown, opts: { db?: Db } = {}): Promise<SignInResult> {
  const { database, rec } = await checkCredentials(input, opts);
  const r = rec as typeof rec & { kind?: string; oemId?: string };
  if (r.kind === "oem" && r.oemId) {
    const user = await oem.getOemUser(database, r.oemId, r.userId);
    if (!user?.active) throw new UnauthorizedError("Email or password is wrong.");
    const secret = newSecret();
    const now = Date.now();
    await oem.putOemSession(database, hashSecret(secret), {
      oemId: user.oemId,
      userId: user.userId,
      createdAt: new Date(now).toISOString(),
      expiresAt: Math.floor(now / 1000) + SESSION_TTL_SECONDS,
    });
    return {
      kind: "oem",
      token: `OEM.${user.oemId}.${user.userId}.${secret}`,
      maxAge: SESSION_TTL_SECONDS,
      home: "/oem",
    };
  }
  const user = await identity.getUser(database, rec.tenantId, rec.userId);
  if (!user?.active) throw new UnauthorizedError("Email or password is wrong.");
  const s = await startSessionFor(database, user);
  return { kind: "tenant", token: s.token, maxAge: s.maxAge, home: "/app" };
}

/** Resolve an OEM session token (one round trip: session + user), or null. */
export async function authenticateOem(
  token: string | undefined | null,
  opts: { db?: Db } = {},
): Promise<OemCtx | null> {
  const parts = parseOemToken(token);
  if (!parts) return null;
  const [oemId, userId, secret] = parts;
  const database = db(opts);
  const { session, user } = await oem.getOemSessionWithUser(database, oemId, userId, hashSecret(secret));
  if (!session || !user?.active) return null;
  if (session.expiresAt * 1000 < Date.now()) return null;
  return {
    oem: {
      oemId,
      userId,
      name: user.name,
      email: user.email,
      role: user.role,
      ...(user.role === "regional_rep" && user.regionId ? { regionId: user.regionId } : {}),
    },
    ...(opts.db ? { db: opts.db } : {}),
  };
}

export async function logoutOem(token: string | undefined | null, opts: { db?: Db } = {}): Promise<void> {
  const parts = parseOemToken(token);
  if (!parts) return;
  await oem.deleteOemSession(db(opts), parts[0], parts[1], hashSecret(parts[2]));
}
