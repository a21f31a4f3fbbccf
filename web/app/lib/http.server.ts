import { isAppError } from "@dealeros/core";

/** Loader helper: a service's "not found" (or bad query) becomes the route's 404 (or 400) page. */
export async function orNotFound<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isAppError(e) && e.status === 404) throw new Response("Not found", { status: 404 });
    if (isAppError(e) && e.status === 400) throw new Response(e.message, { status: 400 });
    throw e;
  }
}
