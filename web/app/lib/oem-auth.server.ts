/** OEM sessions for the portal pages (/oem…): the same cookie, an OEM-shaped token no tenant page accepts. */
import { oemAuth } from "@dealeros/services";
import { redirect } from "@remix-run/node";
import { sessionToken } from "./auth.server";

export type OemCtx = oemAuth.OemCtx;

/** The signed-in OEM user, or null (a tenant session is not an OEM session). */
export function getOemCtx(request: Request): Promise<OemCtx | null> {
  return oemAuth.authenticateOem(sessionToken(request));
}

export async function requireOemCtx(request: Request): Promise<OemCtx> {
  const ctx = await getOemCtx(request);
  if (!ctx) {
    const url = new URL(request.url);
    throw redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return ctx;
}
