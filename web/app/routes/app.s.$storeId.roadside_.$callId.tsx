/** One roadside call (救援, issue 7): its times in order, dispatch / arrived / close, and the audit trail. */
import { roadside } from "@dealeros/services";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AuditList } from "../lib/audit";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { useCny, yuanToFen } from "../lib/contracts";
import { CustomerErrorBanner, useFieldErrors } from "../lib/customers";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useFormatDateTime, useT } from "../lib/i18n";
import { Field, isFormError } from "../lib/ui";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orNotFound(async () => {
    const rec = await roadside.getCall(ctx, params.storeId!, params.callId!);
    const staff = rec.call.status === "called" ? await roadside.technicians(ctx, params.storeId!) : [];
    return { ...rec, staff, storeId: params.storeId!, timeZone: ctx.store?.timeZone ?? "Asia/Shanghai" };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const intent = str(form, "intent");
  const version = Number(form.get("version"));
  const storeId = params.storeId!;
  const id = params.callId!;
  const run = (() => {
    switch (intent) {
      case "dispatched":
        return () =>
          roadside.recordStep(ctx, storeId, id, "dispatched", {
            version,
            technicianId: str(form, "technicianId") || undefined,
            tow: str(form, "tow")?.trim() || undefined,
          });
      case "arrived":
        return () => roadside.recordStep(ctx, storeId, id, "arrived", { version });
      case "done":
        return () =>
          roadside.recordStep(ctx, storeId, id, "done", {
            version,
            outcome: str(form, "outcome") ?? "",
            chargeFen: yuanToFen(str(form, "charge") || "0"),
          });
      default:
        throw new Response("Unknown action.", { status: 400 });
    }
  })();
  const r = await attempt(run, { ...formValues(form), intent: intent ?? "" });
  if (!r.ok) return r.error;
  return { ok: true as const, intent };
}

export default function RoadsideCallPage() {
  const t = useT();
  const fmt = useFormatDateTime();
  const cny = useCny();
  const { call: c, audit, staff, storeId, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = isFormError(result) ? result : undefined;
  const fe = useFieldErrors(result);
  const [params] = useSearchParams();
  const times = [
    ["roadside.calledAt", c.calledAt],
    ["roadside.dispatchedAt", c.dispatchedAt],
    ["roadside.arrivedAt", c.arrivedAt],
    ["roadside.doneAt", c.doneAt],
  ] as const;
  return (
    <>
      <p>
        <Link to={`/app/s/${storeId}/roadside`}>{t("roadside.back")}</Link>
      </p>
      {params.get("logged") ? <div className="banner ok">{t("roadside.logged")}</div> : null}
      {result && !isFormError(result) ? <div className="banner ok">{t("roadside.saved")}</div> : null}
      <CustomerErrorBanner data={result} />
      <div className="card" data-testid="roadside-call">
        <div className="spread">
          <h2 style={{ margin: 0 }}>
            {c.customerId ? <Link to={`/app/s/${storeId}/cu/${c.customerId}`}>{c.name}</Link> : c.name}
          </h2>
          <span className={c.status === "done" ? "pill ok" : "pill warn"} data-testid="roadside-status">
            {t(`roadside.status.${c.status}`)}
          </span>
        </div>
        <p className="muted" style={{ margin: "6px 0" }}>
          {[c.mobile, c.plate, c.vehicleLabel, c.vin].filter(Boolean).join(" · ")}
        </p>
        <p style={{ margin: "6px 0" }}>
          <strong>{t("roadside.location")}:</strong> {c.location}
        </p>
        <p style={{ margin: "6px 0" }}>
          <strong>{t("roadside.problem")}:</strong> {c.problem}
        </p>
        <ul className="plain">
          {times.map(([k, v]) => (
            <li key={k} className="spread">
              <span>{t(k)}</span>
              <strong>{v ? fmt(v, timeZone) : "—"}</strong>
            </li>
          ))}
        </ul>
        {c.technicianName || c.tow ? (
          <p className="muted">{[c.technicianName, c.tow].filter(Boolean).join(" · ")}</p>
        ) : null}
        {c.status === "done" ? (
          <p>
            <strong>{t("roadside.outcome")}:</strong> {c.outcome} · {cny(c.chargeFen ?? 0)}
          </p>
        ) : null}
      </div>

      {c.status === "called" ? (
        <Form method="post" className="card stack" data-testid="dispatch-form">
          <input type="hidden" name="intent" value="dispatched" />
          <input type="hidden" name="version" value={c.version} />
          <div className="grid4">
            <Field name="technicianId" label={t("roadside.technician")} error={fe("technicianId")}>
              <select id="f-technicianId" name="technicianId" defaultValue={err?.values?.technicianId ?? ""}>
                <option value="">{t("roadside.noTechnician")}</option>
                {staff.map((s) => (
                  <option key={s.userId} value={s.userId}>
                    {s.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field name="tow" label={t("roadside.tow")} maxLength={200} form={err} error={fe("tow")} />
          </div>
          <button type="submit" data-testid="dispatch">
            {t("roadside.dispatch")}
          </button>
        </Form>
      ) : null}
      {c.status === "dispatched" ? (
        <Form method="post" className="card">
          <input type="hidden" name="intent" value="arrived" />
          <input type="hidden" name="version" value={c.version} />
          <button type="submit" data-testid="arrive">
            {t("roadside.arrive")}
          </button>
        </Form>
      ) : null}
      {c.status === "arrived" ? (
        <Form method="post" className="card stack" data-testid="done-form">
          <input type="hidden" name="intent" value="done" />
          <input type="hidden" name="version" value={c.version} />
          <Field
            name="outcome"
            label={t("roadside.outcome")}
            maxLength={500}
            required
            form={err}
            error={fe("outcome")}
          />
          <Field
            name="charge"
            inputMode="numeric"
            label={t("roadside.charge")}
            placeholder="0"
            form={err}
            error={fe("chargeFen")}
          />
          <button type="submit" data-testid="close-call">
            {t("roadside.done")}
          </button>
        </Form>
      ) : null}
      <AuditList audit={audit} timeZone={timeZone} />
    </>
  );
}
