import { FLOOR_MANAGERS } from "@dealeros/core";
import { prospects, showroom, staff } from "@dealeros/services";
import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AuditList } from "../lib/audit";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useFormatTime, useT } from "../lib/i18n";
import { ErrorBanner, Field, HandOver, isFormError } from "../lib/ui";
import { ReasonText } from "../lib/walkins";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orNotFound(async () => {
    const { walkIn, audit } = await showroom.getWalkIn(ctx, params.storeId!, params.walkInId!);
    const canReassign = ctx.actor.roles.some((r) => FLOOR_MANAGERS.includes(r));
    const consultants = canReassign ? await staff.listStoreConsultants(ctx, params.storeId!) : [];
    return { walkIn, audit, canReassign, consultants, timeZone: ctx.store?.timeZone ?? "Asia/Shanghai" };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const intent = str(form, "intent");
  if (intent === "prospect") {
    const r = await attempt(
      () =>
        prospects.prospectFromWalkIn(ctx, params.storeId!, params.walkInId!, {
          name: str(form, "name") || undefined,
          mobile: str(form, "mobile") || undefined,
          gender: str(form, "gender") || undefined,
        }),
      formValues(form),
    );
    if (!r.ok) return r.error;
    return redirect(`/app/s/${params.storeId}/p/${r.value.prospect.prospectId}${r.value.linked ? "?linked=1" : ""}`);
  }
  const version = Number(form.get("version"));
  const input =
    intent === "depart"
      ? { version, departedAt: "now" }
      : { version, reassignTo: str(form, "reassignTo") || undefined, reason: str(form, "reason") ?? "" };
  const r = await attempt(() => showroom.updateWalkIn(ctx, params.storeId!, params.walkInId!, input), formValues(form));
  if (!r.ok) return r.error;
  return { ok: true as const };
}

export default function WalkInDetail() {
  const t = useT();
  const fmt = useFormatTime();
  const { walkIn: w, audit, canReassign, consultants, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = isFormError(result) ? result : undefined;
  return (
    <>
      <p>
        <Link to={`/app/s/${w.storeId}?date=${w.date}`}>← {t("walkIns")}</Link>
      </p>
      {result && !isFormError(result) ? <div className="banner ok">{t("saved")}</div> : null}
      <ErrorBanner data={result} />
      <div className="card">
        <div className="spread">
          <h2 style={{ margin: 0 }}>{w.customerName ?? "—"}</h2>
          <span className={w.visitType === "return" ? "pill warn" : "pill"}>{t(w.visitType)}</span>
        </div>
        <ul className="plain">
          <li>
            {t("arrival")}: {w.date} {fmt(w.arrivedAt, timeZone)} · {t("departure")}:{" "}
            {w.departedAt
              ? `${fmt(w.departedAt, timeZone)} (${t("minutes", { n: w.durationMinutes ?? 0 })})`
              : t("stillHere")}
          </li>
          <li>
            {t("partySize")}: {w.partySize} · {t("source")}: {t(`source.${w.source}`)}
          </li>
          <li>
            {t("mobile")}: {w.mobile ?? "—"} · {t("intendedModel")}: {w.intendedModel ?? "—"}
          </li>
          {w.note ? (
            <li>
              {t("note")}: {w.note}
            </li>
          ) : null}
          <li>
            {t("consultant")}: <strong>{w.assignment.name ?? "—"}</strong> — <ReasonText a={w.assignment} />
          </li>
        </ul>
        {!w.departedAt ? (
          <Form method="post" style={{ marginTop: 8 }}>
            <input type="hidden" name="version" value={w.version} />
            <button type="submit" name="intent" value="depart" className="secondary">
              {t("markDeparted")}
            </button>
          </Form>
        ) : null}
      </div>
      {w.prospectId ? (
        <p>
          <Link className="button secondary" to={`/app/s/${w.storeId}/p/${w.prospectId}`}>
            {t("openProspect")}
          </Link>
        </p>
      ) : w.assignment.userId ? (
        <div className="card">
          <h2>{t("makeProspect")}</h2>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="prospect" />
            <div className="grid4">
              <Field
                name="name"
                label={t("name")}
                maxLength={60}
                defaultValue={err?.values?.name ?? w.customerName}
                error={err?.fields.name}
              />
              <Field
                name="mobile"
                type="tel"
                label={t("mobile")}
                maxLength={20}
                defaultValue={err?.values?.mobile ?? w.mobile}
                error={err?.fields.mobile}
              />
              <Field name="gender" label={t("gender")}>
                <select id="f-gender" name="gender" defaultValue="unknown">
                  {["unknown", "male", "female"].map((g) => (
                    <option key={g} value={g}>
                      {t(`gender.${g}`)}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
            <button type="submit">{t("createProspect")}</button>
          </Form>
        </div>
      ) : null}
      {canReassign ? (
        <div className="card">
          <h2>{t("reassign")}</h2>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="reassign" />
            <input type="hidden" name="version" value={w.version} />
            <HandOver
              field="reassignTo"
              label={t("reassignTo")}
              consultants={consultants.filter((c) => c.userId !== w.assignment.userId)}
              form={err}
              submit={t("reassign")}
            />
          </Form>
        </div>
      ) : null}
      <AuditList audit={audit} timeZone={timeZone} />
    </>
  );
}
