/**
 * Attendance and whereabouts (考勤签到 / 外出去向): the signed-in person's big
 * sign-in / out / back buttons (made for a phone on the showroom floor), and for
 * the reception desk and managers the day's list, recording for someone else
 * and — managers — corrections, which are new records.
 */
import { FLOOR_MANAGERS, localTime, zonedToUtc } from "@dealeros/core";
import { attendance } from "@dealeros/services";
import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { type ActionError, attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useFormatTime, useT } from "../lib/i18n";
import { DayPicker, ErrorBanner, Field, isFormError } from "../lib/ui";
import styles from "../styles/roster.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const KINDS = ["sign_in", "sign_out", "out", "back"] as const;
type Kind = (typeof KINDS)[number];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const url = new URL(request.url);
  return orNotFound(async () => {
    const day = await attendance.getAttendanceDay(ctx, params.storeId!, {
      date: url.searchParams.get("date") || undefined,
    });
    const timeZone = ctx.store?.timeZone ?? "Asia/Shanghai";
    const now = Date.now();
    const canRecord = ctx.actor.roles.some((r) => r === "receptionist" || FLOOR_MANAGERS.includes(r));
    return {
      day,
      timeZone,
      meId: ctx.actor.userId,
      me: day.people.find((p) => p.userId === ctx.actor.userId) ?? null,
      canRecord,
      canCorrect: ctx.actor.roles.some((r) => FLOOR_MANAGERS.includes(r)),
      defaultBack: localTime(new Date(now + 60 * 60_000), timeZone),
    };
  });
}

const HHMM = /^([01]?\d|2[0-3]):[0-5]\d$/;

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const values = formValues(form);
  const intent = str(form, "intent") ?? "";
  const timeZone = ctx.store?.timeZone ?? "Asia/Shanghai";
  const date = str(form, "date") ?? "";
  const fail = (field: string, message: string) =>
    data<ActionError>(
      { ok: false, code: "validation_failed", message, fields: { [field]: message }, values },
      { status: 400 },
    );
  // a time typed in the form is a store-local time on the day shown
  const instant = (field: string, required: boolean) => {
    const v = (str(form, field) ?? "").trim();
    if (!v) return required ? { error: fail(field, "Use a time like 08:30.") } : { value: undefined };
    if (!HHMM.test(v)) return { error: fail(field, "Use a time like 08:30.") };
    return { value: zonedToUtc(date, v.padStart(5, "0"), timeZone).toISOString() };
  };
  const self = intent === "sign_in" || intent === "sign_out" || intent === "back" || intent === "out";
  const kind = (self ? intent : str(form, "kind")) as Kind;
  if (!KINDS.includes(kind)) return fail("kind", "Choose what to record.");
  const body: Record<string, unknown> = {};
  if (!self) {
    body.userId = str(form, "userId") || undefined;
    body.reason = str(form, "reason") || undefined;
    const at = instant("time", intent === "correct");
    if ("error" in at) return at.error;
    if (at.value) body.at = at.value;
    if (intent === "correct") body.corrects = str(form, "recordId");
  }
  if (kind === "out") {
    body.destination = str(form, "destination") ?? "";
    body.purpose = str(form, "purpose") ?? "";
    const back = instant("back", true);
    if ("error" in back) return back.error;
    body.expectedReturn = back.value;
  }
  const r = await attempt(() => attendance.recordAttendance(ctx, params.storeId!, kind, body), values);
  if (!r.ok) {
    const e = r.error.data;
    // the form calls them "time" and "back"
    const fields = Object.fromEntries(
      Object.entries(e.fields).map(([k, v]) => [k === "at" ? "time" : k === "expectedReturn" ? "back" : k, v]),
    );
    return data<ActionError>({ ...e, fields }, { status: r.error.init?.status ?? 400 });
  }
  return { ok: true as const, kind };
}

export default function Attendance() {
  const t = useT();
  const fmt = useFormatTime();
  const { day, me, meId, canRecord, canCorrect, timeZone, defaultBack } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = isFormError(result) ? result : undefined;
  const errFor = (intent: string) => (err?.values?.intent === intent ? err : undefined);
  const shifts = (s: { start: string; end: string }[]) =>
    s.length ? s.map((x) => `${x.start}–${x.end}`).join(", ") : t("attendance.notRostered");
  const status = me?.status ?? "absent";
  const records = canRecord ? day.records : day.records.filter((r) => r.userId === meId);
  const outErr = errFor("out");
  return (
    <>
      {result && !isFormError(result) ? (
        <div className="banner ok" role="status">
          {t("attendance.done")}
        </div>
      ) : null}
      <ErrorBanner data={result} />

      {day.today ? (
        <section className="card att-me" data-testid="attendance-me">
          <h2 style={{ margin: 0 }}>{t("attendance.me")}</h2>
          <div className="muted">
            {t("attendance.shift")}: {shifts(me?.shifts ?? [])}
          </div>
          <div className="att-state">
            <span className={status === "present" ? "pill ok" : status === "out" ? "pill warn" : "pill off"}>
              {t(`attendance.status.${status}`)}
            </span>{" "}
            {me?.signedInAt ? (
              <>
                {t("attendance.signedIn")} {fmt(me.signedInAt, timeZone)}{" "}
                {me.late ? (
                  <span className="pill warn">{t("attendance.late", { minutes: me.lateMinutes })}</span>
                ) : me.shifts.length ? (
                  <span className="pill ok">{t("attendance.onTime")}</span>
                ) : null}
              </>
            ) : null}{" "}
            {me?.isConsultant && me.onDuty !== null ? (
              <span className={me.onDuty ? "pill ok" : "pill off"}>
                {me.onDuty ? t("attendance.onDutyNow") : t("attendance.offDutyNow")}
              </span>
            ) : null}
          </div>
          {me?.out ? (
            <div>
              {t("attendance.outTo", {
                destination: me.out.destination,
                purpose: me.out.purpose,
                time: fmt(me.out.expectedReturn, timeZone),
              })}{" "}
              {me.out.overdue ? <span className="pill warn">{t("attendance.overdue")}</span> : null}
            </div>
          ) : null}
          <div className="att-actions">
            {status === "absent" || status === "signed_out" ? (
              <Form method="post">
                <button type="submit" name="intent" value="sign_in" className="att-big" data-testid="sign-in">
                  {t("attendance.signIn")}
                </button>
              </Form>
            ) : null}
            {status === "out" ? (
              <Form method="post">
                <button type="submit" name="intent" value="back" className="att-big" data-testid="back">
                  {t("attendance.back")}
                </button>
              </Form>
            ) : null}
            {status === "present" ? (
              <Form method="post">
                <button
                  type="submit"
                  name="intent"
                  value="sign_out"
                  className="att-big secondary"
                  data-testid="sign-out"
                >
                  {t("attendance.signOut")}
                </button>
              </Form>
            ) : null}
          </div>
          {status === "present" || status === "absent" ? (
            <details open={!!outErr}>
              <summary className="button secondary" style={{ listStyle: "none", textAlign: "center" }}>
                {t("attendance.goOut")}
              </summary>
              <Form method="post" className="stack" style={{ marginTop: 10 }}>
                <input type="hidden" name="date" value={day.date} />
                <div className="grid2">
                  <Field
                    name="destination"
                    label={t("attendance.destination")}
                    required
                    maxLength={100}
                    form={outErr}
                  />
                  <Field name="purpose" label={t("attendance.purpose")} required maxLength={200} form={outErr} />
                  <Field
                    name="back"
                    type="time"
                    label={t("attendance.expectedReturn")}
                    required
                    defaultValue={outErr?.values?.back ?? defaultBack}
                    form={outErr}
                  />
                </div>
                <button type="submit" name="intent" value="out" data-testid="go-out">
                  {t("attendance.goOut")}
                </button>
              </Form>
            </details>
          ) : null}
          <p className="muted" style={{ margin: 0 }}>
            {t("attendance.dutyHint")}
          </p>
        </section>
      ) : null}

      {canRecord ? (
        <>
          <div className="spread">
            <h2>{t("attendance.list", { date: day.date })}</h2>
            <DayPicker date={day.date} buttonClassName="small secondary" label={t("attendance.show")} />
          </div>
          <table className="responsive" data-testid="attendance-list">
            <thead>
              <tr>
                <th>{t("name")}</th>
                <th>{t("attendance.shift")}</th>
                <th>{t("attendance.signedIn")}</th>
                <th>{t("attendance.whereabouts")}</th>
                <th>{t("attendance.signedOut")}</th>
              </tr>
            </thead>
            <tbody>
              {day.people.map((p) => (
                <tr key={p.userId} className={p.late ? "late" : undefined}>
                  <td data-label={t("name")}>
                    <strong>{p.name}</strong>{" "}
                    {p.onDuty ? <span className="pill ok">{t("attendance.onDutyNow")}</span> : null}
                  </td>
                  <td data-label={t("attendance.shift")}>{shifts(p.shifts)}</td>
                  <td data-label={t("attendance.signedIn")}>
                    {fmt(p.signedInAt, timeZone)}{" "}
                    {p.late ? (
                      <span className="pill warn">{t("attendance.late", { minutes: p.lateMinutes })}</span>
                    ) : null}
                  </td>
                  <td data-label={t("attendance.whereabouts")}>
                    <span
                      className={p.status === "out" ? "pill warn" : p.status === "present" ? "pill ok" : "pill off"}
                    >
                      {t(`attendance.status.${p.status}`)}
                    </span>
                    {p.out ? (
                      <div>
                        {t("attendance.outTo", {
                          destination: p.out.destination,
                          purpose: p.out.purpose,
                          time: fmt(p.out.expectedReturn, timeZone),
                        })}{" "}
                        {p.out.overdue ? <span className="pill warn">{t("attendance.overdue")}</span> : null}
                      </div>
                    ) : null}
                  </td>
                  <td data-label={t("attendance.signedOut")}>{fmt(p.signedOutAt, timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>

          <div className="card" style={{ marginTop: 16 }}>
            <h2 style={{ marginTop: 0 }}>{t("attendance.recordFor")}</h2>
            <p className="muted">{t("attendance.recordForHint")}</p>
            <Form method="post" className="stack" key={result && !isFormError(result) ? "done" : "form"}>
              <input type="hidden" name="intent" value="record" />
              <input type="hidden" name="date" value={day.date} />
              <div className="grid4">
                <Field name="userId" label={t("attendance.person")} form={errFor("record")}>
                  <select id="f-userId" name="userId" defaultValue={errFor("record")?.values?.userId ?? ""} required>
                    <option value="">—</option>
                    {day.people.map((p) => (
                      <option key={p.userId} value={p.userId}>
                        {p.name}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field name="kind" label={t("attendance.what")} form={errFor("record")}>
                  <select id="f-kind" name="kind" defaultValue={errFor("record")?.values?.kind ?? "sign_in"}>
                    {KINDS.map((k) => (
                      <option key={k} value={k}>
                        {t(`attendance.kind.${k}`)}
                      </option>
                    ))}
                  </select>
                </Field>
                {canCorrect ? (
                  <Field name="time" type="time" label={t("attendance.time")} form={errFor("record")} />
                ) : null}
                <Field name="reason" label={t("attendance.reason")} maxLength={200} form={errFor("record")} />
                <Field name="destination" label={t("attendance.destination")} maxLength={100} form={errFor("record")} />
                <Field name="purpose" label={t("attendance.purpose")} maxLength={200} form={errFor("record")} />
                <Field
                  name="back"
                  type="time"
                  label={t("attendance.expectedReturn")}
                  defaultValue={errFor("record")?.values?.back ?? defaultBack}
                  form={errFor("record")}
                />
              </div>
              <button type="submit">{t("attendance.record")}</button>
            </Form>
          </div>
        </>
      ) : null}

      <h2>{t("attendance.records")}</h2>
      {records.length === 0 ? (
        <p className="empty">{t("attendance.noRecords")}</p>
      ) : (
        <ul className="plain" data-testid="attendance-records">
          {records.map((r) => (
            <li key={r.recordId}>
              <span className={r.supersededBy ? "att-superseded" : undefined}>
                <strong>{fmt(r.at, timeZone)}</strong> {r.name} · {t(`attendance.kind.${r.kind}`)}
                {r.kind === "out" ? ` · ${r.destination} · ${r.purpose} → ${fmt(r.expectedReturn, timeZone)}` : ""}
              </span>{" "}
              {r.late ? (
                <span className="pill warn">{t("attendance.late", { minutes: r.lateMinutes ?? 0 })}</span>
              ) : null}{" "}
              {r.corrects ? <span className="pill">{t("attendance.correction")}</span> : null}{" "}
              {r.supersededBy ? <span className="pill off">{t("attendance.corrected")}</span> : null}
              <div className="muted">
                {t("attendance.by", { name: r.recordedByName })}
                {r.reason ? ` · ${r.reason}` : ""}
              </div>
              {canCorrect && !r.supersededBy ? (
                <details className="att-fix" open={errFor("correct")?.values?.recordId === r.recordId}>
                  <summary>{t("attendance.correct")}</summary>
                  <Form method="post" className="row" style={{ marginTop: 6 }}>
                    <input type="hidden" name="intent" value="correct" />
                    <input type="hidden" name="date" value={day.date} />
                    <input type="hidden" name="recordId" value={r.recordId} />
                    <input type="hidden" name="userId" value={r.userId} />
                    <input type="hidden" name="kind" value={r.kind} />
                    {r.kind === "out" ? (
                      <>
                        <input type="hidden" name="destination" value={r.destination ?? ""} />
                        <input type="hidden" name="purpose" value={r.purpose ?? ""} />
                        <input type="hidden" name="back" value={localTime(r.expectedReturn ?? r.at, timeZone)} />
                      </>
                    ) : null}
                    <input
                      type="time"
                      name="time"
                      required
                      aria-label={t("attendance.correctedTime")}
                      defaultValue={localTime(r.at, timeZone)}
                      style={{ width: "auto" }}
                    />
                    <input
                      name="reason"
                      required
                      maxLength={200}
                      placeholder={t("attendance.reason")}
                      style={{ width: "auto", flex: 1 }}
                    />
                    <button type="submit" className="small">
                      {t("save")}
                    </button>
                  </Form>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
