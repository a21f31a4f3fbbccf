/** Turning form posts into service input, and service errors into field-level messages. */

import { isAppError } from "@dealeros/core";
import { data } from "@remix-run/node";

export function str(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === "string" ? v : undefined;
}

export interface ActionError {
  ok: false;
  message: string;
  code: string;
  fields: Record<string, string>;
  values?: Record<string, string>;
}

/** Run a service call; an AppError becomes a form error (status kept), anything else is rethrown. */
export async function attempt<T>(fn: () => Promise<T>, values?: Record<string, string>) {
  try {
    return { ok: true as const, value: await fn() };
  } catch (e) {
    if (isAppError(e)) {
      return {
        ok: false as const,
        error: data<ActionError>(
          { ok: false, message: e.message, code: e.code, fields: e.fields ?? {}, values },
          { status: e.status },
        ),
      };
    }
    throw e;
  }
}

export function formValues(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form) if (typeof v === "string" && k !== "password") out[k] = v;
  return out;
}
