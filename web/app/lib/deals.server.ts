/** Server helpers for the deal pages: 403 pages, the deal settings form. */
import { isAppError, QUOTING_ROLES } from "@dealeros/core";
import { type Ctx, dealSettings } from "@dealeros/services";
import { data } from "@remix-run/node";
import { YUAN_MESSAGE, yuanToFen } from "../components/quote-form-read";
import { type ActionError, attempt, formValues, str } from "./forms.server";
import { orNotFound } from "./http.server";

/** Loader helper: not found → 404 page, a role that may not see it → 403 page (never a 500). */
export async function orDenied<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await orNotFound(fn);
  } catch (e) {
    if (isAppError(e) && e.status === 403) throw new Response(e.message, { status: 403 });
    throw e;
  }
}

/** The deal settings form (yuan; empty = no limit) → updateDealSettings (fen; null = no limit). */
export async function saveDealSettings(ctx: Ctx, form: FormData) {
  const values = formValues(form);
  const fields: Record<string, string> = {};
  const limits = Object.fromEntries(
    QUOTING_ROLES.map((r) => {
      const name = `discountLimitFen.${r}`;
      const fen = yuanToFen(str(form, name));
      if (fen === null) fields[name] = YUAN_MESSAGE;
      return [r, fen ?? null];
    }),
  );
  if (Object.keys(fields).length)
    return data<ActionError>(
      { ok: false, message: YUAN_MESSAGE, code: "validation_failed", fields, values },
      { status: 400 },
    );
  const num = (name: string) => {
    const v = str(form, name)?.trim();
    return v ? Number(v) : undefined;
  };
  const r = await attempt(
    () =>
      dealSettings.updateDealSettings(ctx, {
        version: num("version"),
        discountLimitFen: limits,
        dunningEscalateAfter: num("dunningEscalateAfter"),
        depositDueDays: num("depositDueDays"),
      }),
    values,
  );
  if (!r.ok) return r.error;
  return { ok: true as const, deals: true as const };
}
