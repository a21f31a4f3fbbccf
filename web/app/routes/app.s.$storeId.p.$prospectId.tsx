import { CALL_OUTCOMES, FLOOR_MANAGERS } from "@dealeros/core";
import { prospects, staff } from "@dealeros/services";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useFormatTime, useT } from "../lib/i18n";
import { ErrorBanner, Field, isFormError } from "../lib/ui";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orNotFound(async () => {
    const { prospect, audit, calls } = await prospects.getProspect(ctx, params.storeId!, params.prospectId!);
    const canTransfer = ctx.actor.roles.some((r) => FLOOR_MANAGERS.includes(r));
    const consultants = canTransfer
      ? (await staff.listStaff(ctx))
          .filter(
            (p) =>
              p.active &&
              p.roles.includes("sales_consultant") &&
              p.storeIds.includes(params.storeId!) &&
              p.userId !== prospect.ownerId,
          )
          .map((p) => ({ userId: p.userId, name: p.name }))
      : [];
    return { prospect, audit, calls, canTransfer, consultants, timeZone: ctx.store?.timeZone ?? "Asia/Shanghai" };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  if (str(form, "intent") === "call") {
    const minutes = Number(str(form, "minutes") ?? "0");
    const c = await attempt(
      () =>
        prospects.logCall(ctx, params.storeId!, params.prospectId!, {
          direction: str(form, "direction"),
          durationSeconds: Number.isFinite(minutes) ? Math.round(minutes * 60) : str(form, "minutes"),
          outcome: str(form, "outcome"),
          note: str(form, "note") || undefined,
        }),
      formValues(form),
    );
    if (!c.ok) return c.error;
    return { ok: true as const, call: true };
  }
  const r = await attempt(
    () =>
      prospects.transferProspect(ctx, params.storeId!, params.prospectId!, {
        version: Number(form.get("version")),
        transferTo: str(form, "transferTo") ?? "",
        reason: str(form, "reason") ?? "",
      }),
    formValues(form),
  );
  if (!r.ok) return r.error;
  return { ok: true as const };
}

export default function ProspectCard() {
  const t = useT();
  const fmt = useFormatTime();
  const { prospect: p, audit, calls, canTransfer, consultants, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = isFormError(result) ? result : undefined;
  const [params] = useSearchParams();
  return (
    <>
      {params.get("linked") ? <div className="banner ok">{t("prospectLinked")}</div> : null}
      <p>
        <Link to={`/app/s/${p.storeId}/prospects`}>← {t("prospects")}</Link>
      </p>
      {result && !isFormError(result) ? <div className="banner ok">{t("saved")}</div> : null}
      <ErrorBanner data={result} />
      <div className="card" data-testid="prospect-card">
        <div className="spread">
          <h2 style={{ margin: 0 }}>{p.name}</h2>
          <span className="pill">{p.grade ?? t("ungraded")}</span>
        </div>
        <ul className="plain">
          <li>
            {t("mobile")}: {p.mobile ?? p.phone ?? "—"} · {t("gender")}: {t(`gender.${p.gender}`)} · {t("city")}:{" "}
            {p.city ?? "—"}
          </li>
          <li>
            {t("source")}: {t(`source.${p.source}`)}
            {p.subSource ? ` · ${p.subSource}` : ""} · {t("intendedModel")}: {p.intendedModel ?? "—"}
          </li>
          <li>
            {t("owner")}: <strong>{p.ownerName}</strong> · {t("origin")}: {t(`origin.${p.origin.kind}`)}
            {p.origin.walkInId ? (
              <>
                {" "}
                (<Link to={`/app/s/${p.storeId}/w/${p.origin.walkInId}`}>{t("details")}</Link>)
              </>
            ) : null}
          </li>
          {p.note ? (
            <li>
              {t("note")}: {p.note}
            </li>
          ) : null}
        </ul>
      </div>
      <div className="card">
        <h2>{t("calls")}</h2>
        <Form method="post" className="stack" key={calls.length}>
          <input type="hidden" name="intent" value="call" />
          <div className="grid4">
            <Field name="direction" label={t("direction")}>
              <select id="f-direction" name="direction" defaultValue="outbound">
                <option value="outbound">{t("call.outbound")}</option>
                <option value="inbound">{t("call.inbound")}</option>
              </select>
            </Field>
            <Field
              name="minutes"
              type="number"
              label={t("callMinutes")}
              min={0}
              max={240}
              defaultValue={1}
              inputMode="numeric"
              error={err?.fields.durationSeconds}
            />
            <Field name="outcome" label={t("outcome")} error={err?.fields.outcome}>
              <select id="f-outcome" name="outcome" defaultValue="appointment">
                {CALL_OUTCOMES.map((o) => (
                  <option key={o} value={o}>
                    {t(`outcome.${o}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field name="note" label={t("note")} maxLength={500} form={err} />
          </div>
          <button type="submit">{t("logCall")}</button>
        </Form>
        <ul className="plain" data-testid="calls">
          {calls.map((c) => (
            <li key={c.callId}>
              <strong>{t(`outcome.${c.outcome}`)}</strong> · {t(`call.${c.direction}`)} ·{" "}
              {Math.round(c.durationSeconds / 60)} min · {c.byName} · {fmt(c.at, timeZone)}
              {c.note ? <div className="muted">{c.note}</div> : null}
            </li>
          ))}
        </ul>
      </div>
      {canTransfer ? (
        <div className="card">
          <h2>{t("transfer")}</h2>
          <Form method="post" className="stack">
            <input type="hidden" name="version" value={p.version} />
            <div className="grid2">
              <Field name="transferTo" label={t("transferTo")} form={err}>
                <select id="f-transferTo" name="transferTo" defaultValue="">
                  <option value="">—</option>
                  {consultants.map((c) => (
                    <option key={c.userId} value={c.userId}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </Field>
              <Field name="reason" label={t("reason")} maxLength={200} form={err} />
            </div>
            <button type="submit">{t("transfer")}</button>
          </Form>
        </div>
      ) : null}
      <h2>{t("auditTrail")}</h2>
      <ul className="plain">
        {audit.map((a) => (
          <li key={`${a.at}-${a.action}`}>
            <strong>{t(`audit.${a.action}`)}</strong> · {a.byName} · {fmt(a.at, timeZone)}
            <div className="muted">
              {Object.entries(a.detail)
                .map(([k, v]) => `${k}: ${String(v)}`)
                .join(" · ")}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
