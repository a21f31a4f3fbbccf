/** Session cookie: HTTP-only, SameSite=Lax, Secure in the cloud. */
import { SESSION_COOKIE } from "./session.ts";

export function readCookie(
  cookies: readonly string[] | string | undefined | null,
  name = SESSION_COOKIE,
): string | undefined {
  if (!cookies) return undefined;
  const list = typeof cookies === "string" ? cookies.split(";") : cookies.flatMap((c) => c.split(";"));
  for (const c of list) {
    const i = c.indexOf("=");
    if (i > 0 && c.slice(0, i).trim() === name) return decodeURIComponent(c.slice(i + 1).trim());
  }
  return undefined;
}

export function sessionCookie(token: string, maxAge: number): string {
  const secure = process.env.COOKIE_SECURE === "true" ? "; Secure" : "";
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`;
}

export function clearSessionCookie(): string {
  const secure = process.env.COOKIE_SECURE === "true" ? "; Secure" : "";
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure}`;
}

/**
 * CSRF defence for cookie-authenticated writes: a browser always sends Origin on
 * a cross-site POST; it must name this host. (SameSite=Lax and the JSON content
 * type already stop classic form posts; this is the second lock.)
 */
export function isCrossSite(headers: Record<string, string | undefined>): boolean {
  const origin = headers.origin;
  if (!origin || origin === "null") return origin === "null";
  const host = headers["x-forwarded-host"] ?? headers.host;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}
