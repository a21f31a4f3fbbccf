/** Session handling for the web app: the same sessions and services as the API. */

import { type Actor, auth, type Ctx, isCrossSite, readCookie } from "@dealeros/services";
import { redirect } from "@remix-run/node";

export function sessionToken(request: Request): string | undefined {
  return readCookie(request.headers.get("cookie") ?? undefined);
}

/** The signed-in user, or null. Reads the session, the user and (optionally) the store in one round trip. */
export async function getCtx(request: Request, storeId?: string): Promise<Ctx | null> {
  const r = await auth.authenticate(sessionToken(request), { storeId });
  return r ? { actor: r.actor, store: r.store } : null;
}

export async function requireCtx(request: Request, storeId?: string): Promise<Ctx> {
  const ctx = await getCtx(request, storeId);
  if (!ctx) {
    const url = new URL(request.url);
    throw redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return ctx;
}

/** CSRF: a form post must come from this origin (SameSite=Lax is the first lock, this the second). */
export function assertSameOrigin(request: Request): void {
  const headers: Record<string, string | undefined> = {
    origin: request.headers.get("origin") ?? undefined,
    host: request.headers.get("host") ?? undefined,
    "x-forwarded-host": request.headers.get("x-forwarded-host") ?? undefined,
  };
  if (isCrossSite(headers)) throw new Response("Cross-site form post refused.", { status: 403 });
}

export type { Actor };
