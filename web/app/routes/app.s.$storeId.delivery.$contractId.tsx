/**
 * The delivery of a contract (交车): what the payment gate (款到发货) still misses,
 * in red; the delivery appointment; handover photos; the checklist with the
 * customer's signature; after the handover the post-delivery call (within 3
 * days) and its log form; the payment reminders and the person's reminder task.
 */
import { DELIVERY_CHECKLIST, firstOpenDue, MAX_PHOTO_BYTES, POST_DELIVERY_CALL_OUTCOMES } from "@dealeros/core";
import { delivery } from "@dealeros/services";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuditList } from "../lib/audit";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { type ActionError, attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useFormatDateTime, useLang, useT } from "../lib/i18n";
import { shrinkPhoto } from "../lib/photos";
import { ErrorBanner, Field, isFormError, useServerMessage } from "../lib/ui";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orNotFound(async () => {
    const view = await delivery.getDelivery(ctx, params.storeId!, params.contractId!);
    const c = view.contract;
    const due = firstOpenDue(c.dues, c.paidFen);
    return {
      ...view,
      storeId: params.storeId!,
      me: ctx.actor.userId,
      openDue: due ? { kind: due.kind, dueDate: due.dueDate } : null,
    };
  });
}

const photoTooLarge = "The photo is too large (5 MB at most).";
const fail = (message: string, fields: Record<string, string> = {}, status = 400) =>
  data<ActionError>({ ok: false, message, code: "validation_failed", fields }, { status });

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const storeId = params.storeId!;
  const id = params.contractId!;
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    // a handover photo (kept in memory, at most 5 MB)
    let form: FormData;
    try {
      form = await unstable_parseMultipartFormData(
        request,
        unstable_createMemoryUploadHandler({ maxPartSize: MAX_PHOTO_BYTES }),
      );
    } catch (e) {
      if (e instanceof MaxPartSizeExceededError) return fail(photoTooLarge, { photo: photoTooLarge }, 422);
      throw e;
    }
    const file = form.get("photo");
    const bytes = file && typeof file !== "string" ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
    const r = await attempt(() => delivery.addDeliveryPhotoUpload(ctx, storeId, id, bytes));
    return r.ok ? { ok: true as const, intent: "photo" } : r.error;
  }
  const form = await request.formData();
  const intent = str(form, "intent");
  const version = Number(str(form, "version"));
  const run = async (fn: () => Promise<unknown>) => {
    const r = await attempt(fn, formValues(form));
    return r.ok ? { ok: true as const, intent } : r.error;
  };
  if (intent === "appointment")
    return run(() =>
      delivery.bookDelivery(ctx, storeId, id, {
        version,
        date: str(form, "date") || undefined,
        time: str(form, "time") || undefined,
        note: str(form, "note") || undefined,
      }),
    );
  if (intent === "deliver") {
    const checklist = Object.fromEntries(DELIVERY_CHECKLIST.map((k) => [k, str(form, `check.${k}`) === "on"]));
    return run(() =>
      delivery.completeDelivery(ctx, storeId, id, {
        version,
        checklist,
        keysHandedOver: Number(str(form, "keysHandedOver") || 0),
        customerSigned: str(form, "customerSigned") === "on",
        note: str(form, "note") || undefined,
      }),
    );
  }
  if (intent === "call")
    return run(() =>
      delivery.completePostDeliveryCall(ctx, storeId, id, {
        outcome: str(form, "outcome"),
        note: str(form, "note") || undefined,
      }),
    );
  if (intent === "dunning-done")
    return run(() => delivery.completeDunningTask(ctx, storeId, id, { note: str(form, "note") || undefined }));
  return fail("Nothing to change.");
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

function useCny() {
  const lang = useLang();
  return (fen: number) =>
    new Intl.NumberFormat(lang === "zh" ? "zh-CN" : "en-GB", { style: "currency", currency: "CNY" }).format(fen / 100);
}

function Blockers({ v }: { v: Loaded }) {
  const t = useT();
  const cny = useCny();
  if (v.contract.state !== "signed") return null;
  if (!v.blockers.length)
    return (
      <p className="banner ok" data-testid="delivery-gate-open">
        {t("delivery.gateOpen")}
      </p>
    );
  return (
    <div className="banner err" data-testid="delivery-blockers">
      <strong>{t("delivery.gateClosed")}</strong>
      <ul style={{ margin: "6px 0 0", paddingLeft: 18 }}>
        {v.blockers.map((b) => (
          <li key={b.code}>
            {t(`delivery.blocker.${b.code}`, {
              amount: cny(b.amountFen ?? v.balanceFen),
              kind: v.openDue ? t(`delivery.due.${v.openDue.kind}`) : "",
              date: v.openDue?.dueDate ?? "",
            })}
          </li>
        ))}
      </ul>
    </div>
  );
}

export default function DeliveryPage() {
  const t = useT();
  const v = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const stamp = useFormatDateTime();
  const msg = useServerMessage();
  const cny = useCny();
  const lang = useLang();
  const c = v.contract;
  const tz = v.timeZone;
  const err = isFormError(result) ? result : undefined;
  const f = (name: string) => msg(err?.fields[name]);
  const busy = nav.state === "submitting";
  const base = `/app/s/${v.storeId}`;
  const signed = c.state === "signed";
  const refused = err?.message.startsWith("Delivery refused:");
  const myTask = v.dunningTasks.find((x) => x.ownerId === v.me && x.status === "open");
  const appointmentDate = v.appointment ? v.appointment.date : "";
  const checkError = DELIVERY_CHECKLIST.map((k) => f(`checklist.${k}`)).find(Boolean);
  return (
    <>
      <p>
        <Link to={`${base}/k/${c.contractId}`}>← {t("delivery.back")}</Link>
      </p>
      {result && !isFormError(result) ? <div className="banner ok">{t("delivery.saved")}</div> : null}
      {refused ? (
        <div className="banner err" role="alert" data-testid="delivery-refused">
          {lang === "zh" ? t("delivery.refused") : err?.message}
        </div>
      ) : (
        <ErrorBanner data={result} />
      )}

      <div className="card" data-testid="delivery-card">
        <div className="spread">
          <h2 style={{ margin: 0 }}>
            <Link to={`${base}/p/${c.prospectId}`}>{c.customerName}</Link> · {c.contractNo}
          </h2>
          <span className={c.state === "delivered" ? "pill ok" : c.state === "cancelled" ? "pill off" : "pill warn"}>
            {t(`delivery.state.${c.state}`)}
          </span>
        </div>
        <ul className="plain">
          <li>
            {t("delivery.vehicle")}: {[c.vehicle.modelName, c.vehicle.trimName, c.vehicle.colourName].join(" · ")}
            {c.allocation ? ` · VIN ${c.allocation.vin}` : ""}
          </li>
          <li>
            {t("delivery.consultant")}: {c.consultantName} · {t("delivery.balance")}:{" "}
            <strong>{cny(v.balanceFen)}</strong>
          </li>
          {c.delivery?.deliveredAt ? (
            <li data-testid="delivered-line">
              {t("delivery.deliveredAt", {
                at: stamp(c.delivery.deliveredAt, tz),
                name: c.delivery.deliveredByName ?? "—",
                keys: c.delivery.keysHandedOver ?? "—",
              })}
            </li>
          ) : null}
        </ul>
      </div>

      {signed ? (
        <>
          <div className="card">
            <h2>{t("delivery.gate")}</h2>
            <Blockers v={v} />
          </div>

          <div className="card">
            <h2>{t("delivery.appointment")}</h2>
            <p data-testid="delivery-appointment">
              {v.appointment
                ? t("delivery.appointmentAt", { at: stamp(v.appointment.dueAt, tz) })
                : t("delivery.noAppointment")}
              {v.appointment?.note ? ` — ${v.appointment.note}` : ""}
            </p>
            <Form method="post" className="stack" data-testid="appointment-form">
              <input type="hidden" name="intent" value="appointment" />
              <input type="hidden" name="version" value={c.version} />
              <div className="grid2">
                <Field
                  name="date"
                  type="date"
                  label={t("delivery.date")}
                  required
                  defaultValue={err?.values?.date ?? appointmentDate}
                  error={f("date") ?? f("at")}
                />
                <Field
                  name="time"
                  type="time"
                  label={t("delivery.time")}
                  required
                  defaultValue={err?.values?.time ?? "10:00"}
                  error={f("time")}
                />
              </div>
              <Field name="note" label={t("delivery.note")} maxLength={300} defaultValue={err?.values?.note} />
              <button type="submit" disabled={busy}>
                {v.appointment ? t("delivery.rebook") : t("delivery.book")}
              </button>
            </Form>
          </div>

          <div className="card">
            <h2>{t("delivery.photos")}</h2>
            {v.photos.length ? (
              <div className="row" data-testid="delivery-photos">
                {v.photos.map((p) => (
                  <a key={p.id} href={p.url} target="_blank" rel="noreferrer">
                    <img
                      src={p.url}
                      alt={t("delivery.photo")}
                      style={{ width: 96, height: 72, objectFit: "cover", borderRadius: 6 }}
                    />
                  </a>
                ))}
              </div>
            ) : (
              <p className="muted">{t("delivery.noPhotos")}</p>
            )}
            <Form method="post" encType="multipart/form-data" className="row" style={{ marginTop: 8 }}>
              <input
                name="photo"
                type="file"
                accept="image/jpeg,image/png,image/webp,image/*"
                capture="environment"
                required
                aria-label={t("delivery.photo")}
                onChange={(e) => shrinkPhoto(e.currentTarget)}
                aria-invalid={f("photo") ? true : undefined}
                style={{ flex: 1, minWidth: 0 }}
              />
              <button type="submit" className="secondary" disabled={busy}>
                {t("delivery.upload")}
              </button>
            </Form>
            {f("photo") ? <span className="field-error">{f("photo")}</span> : null}
            <p className="muted">{t("delivery.photoHint")}</p>
          </div>

          <div className="card">
            <h2>{t("delivery.checklist")}</h2>
            <Form method="post" className="stack" data-testid="deliver-form">
              <input type="hidden" name="intent" value="deliver" />
              <input type="hidden" name="version" value={c.version} />
              <div className="checks" style={{ flexDirection: "column", alignItems: "flex-start" }}>
                {DELIVERY_CHECKLIST.map((k) => (
                  <label key={k} htmlFor={`f-check-${k}`}>
                    <input
                      id={`f-check-${k}`}
                      type="checkbox"
                      name={`check.${k}`}
                      defaultChecked={err?.values?.[`check.${k}`] === "on"}
                    />{" "}
                    {t(`delivery.check.${k}`)}
                  </label>
                ))}
              </div>
              {checkError ? <span className="field-error">{checkError}</span> : null}
              <Field
                name="keysHandedOver"
                type="number"
                label={t("delivery.keysCount")}
                min={1}
                max={6}
                required
                defaultValue={err?.values?.keysHandedOver ?? 2}
                error={f("keysHandedOver")}
              />
              <div className="checks">
                <label htmlFor="f-signed">
                  <input id="f-signed" type="checkbox" name="customerSigned" required /> {t("delivery.signed")}
                </label>
              </div>
              {f("customerSigned") ? <span className="field-error">{f("customerSigned")}</span> : null}
              <Field name="note" label={t("delivery.note")} maxLength={500} />
              <button type="submit" disabled={busy} data-testid="deliver-button">
                {t("delivery.complete")}
              </button>
            </Form>
          </div>
        </>
      ) : null}

      {v.call ? (
        <div
          className="card"
          data-testid="post-delivery-call"
          style={v.call.overdue ? { borderColor: "var(--err)" } : undefined}
        >
          <h2>{t("delivery.call")}</h2>
          <p>
            <span style={v.call.overdue ? { color: "var(--err)", fontWeight: 600 } : undefined}>
              {t("delivery.callDue", { at: stamp(v.call.dueAt, tz) })}
            </span>{" "}
            {v.call.overdue ? <span className="pill warn">{t("delivery.callOverdue")}</span> : null}
            {v.call.escalatedTo?.length ? (
              <span className="muted">
                {" "}
                · {t("delivery.callEscalated", { names: v.call.escalatedTo.map((u) => u.name).join(", ") })}
              </span>
            ) : null}
          </p>
          {v.call.status === "done" ? (
            <p data-testid="call-done">
              {t("delivery.callDone", { at: stamp(v.call.doneAt, tz), name: v.call.doneByName ?? "—" })} ·{" "}
              {v.call.outcome ? t(`delivery.outcome.${v.call.outcome}`) : ""} ·{" "}
              <span className={v.call.late ? "pill warn" : "pill ok"}>
                {v.call.late ? t("delivery.callLate") : t("delivery.callInTime")}
              </span>
              {v.call.note ? <span className="muted"> — {v.call.note}</span> : null}
            </p>
          ) : v.canCall ? (
            <Form method="post" className="stack" data-testid="call-form">
              <input type="hidden" name="intent" value="call" />
              <fieldset className="checks">
                <legend className="muted">{t("delivery.outcome")}</legend>
                {POST_DELIVERY_CALL_OUTCOMES.map((o) => (
                  <label key={o}>
                    <input type="radio" name="outcome" value={o} required defaultChecked={err?.values?.outcome === o} />{" "}
                    {t(`delivery.outcome.${o}`)}
                  </label>
                ))}
              </fieldset>
              {f("outcome") ? <span className="field-error">{f("outcome")}</span> : null}
              <Field name="note" label={t("delivery.note")} maxLength={500} error={f("note")} />
              <button type="submit" disabled={busy}>
                {t("delivery.logCall")}
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}

      {v.reminders.length || myTask ? (
        <div className="card" data-testid="delivery-reminders">
          <h2>{t("delivery.reminders")}</h2>
          {myTask ? (
            <Form method="post" className="row" style={{ marginBottom: 8 }}>
              <input type="hidden" name="intent" value="dunning-done" />
              <span>{t("delivery.myTask", { date: myTask.date })}</span>
              <input
                name="note"
                aria-label={t("delivery.note")}
                placeholder={t("delivery.note")}
                maxLength={300}
                style={{ width: "auto", flex: 1 }}
              />
              <button type="submit" className="small" disabled={busy}>
                {t("delivery.taskDone")}
              </button>
            </Form>
          ) : null}
          <ul className="plain">
            {v.reminders.map((r) => (
              <li key={r.date}>
                <strong>{r.date}</strong> · {t(`delivery.phase.${r.phase}`)} · {cny(r.openFen)} (
                {t(`delivery.due.${r.dueKind}`)} {r.dueDate}) · {r.toName}
                {r.escalatedTo?.length ? (
                  <span className="pill warn" style={{ marginLeft: 6 }}>
                    {t("delivery.escalatedTo", { names: r.escalatedTo.join(", ") })}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <AuditList audit={v.audit} timeZone={tz} />
    </>
  );
}
