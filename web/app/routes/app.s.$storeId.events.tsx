/**
 * Events and promotions (活动, issue 7 rule 22): the store's events with their
 * invitation success rates (accepted / invited, attended / invited) and the
 * store's over all events; managers and advisors create one here.
 */
import { events } from "@dealeros/services";
import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { Rate, useEventMessage } from "../lib/events";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useT } from "../lib/i18n";
import { Field, isFormError } from "../lib/ui";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orNotFound(async () => ({ ...(await events.listEvents(ctx, params.storeId!)), storeId: params.storeId! }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const opt = (k: string) => str(form, k)?.trim() || undefined;
  const input = {
    title: str(form, "title") ?? "",
    kind: str(form, "kind") ?? "",
    date: str(form, "date") ?? "",
    startTime: str(form, "startTime") ?? "",
    endTime: opt("endTime"),
    place: str(form, "place") ?? "",
    description: opt("description"),
    capacity: opt("capacity"),
  };
  const r = await attempt(() => events.createEvent(ctx, params.storeId!, input), formValues(form));
  if (!r.ok) return r.error;
  throw redirect(`/app/s/${params.storeId}/events/${r.value.eventId}`);
}

export default function EventsPage() {
  const t = useT();
  const msg = useEventMessage();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = isFormError(result) ? result : undefined;
  return (
    <>
      <h2 style={{ marginTop: 0 }}>{t("events.title")}</h2>
      <section className="card" data-testid="events-store-rates">
        <strong>{t("events.storeRates")}</strong>
        <div className="stats" style={{ marginTop: 8 }}>
          <div>
            <b>{d.totals.invited}</b>
            {t("events.invited")}
          </div>
          <div>
            <b>
              <Rate value={d.totals.acceptedRate} />
            </b>
            {t("events.acceptedRate")}
          </div>
          <div>
            <b>
              <Rate value={d.totals.attendedRate} />
            </b>
            {t("events.attendedRate")}
          </div>
        </div>
      </section>
      {d.events.length === 0 ? (
        <p className="empty">{t("events.none")}</p>
      ) : (
        <table className="responsive" data-testid="events-list">
          <thead>
            <tr>
              <th>{t("events.field.title")}</th>
              <th>{t("events.when")}</th>
              <th>{t("events.invited")}</th>
              <th>{t("events.acceptedRate")}</th>
              <th>{t("events.attendedRate")}</th>
            </tr>
          </thead>
          <tbody>
            {d.events.map((e) => (
              <tr key={e.eventId}>
                <td data-label={t("events.field.title")}>
                  <Link to={`/app/s/${d.storeId}/events/${e.eventId}`}>{e.title}</Link>{" "}
                  <span className="pill">{t(`events.kind.${e.kind}`)}</span>
                </td>
                <td data-label={t("events.when")}>
                  {e.date} {e.startTime}
                  {e.endTime ? `–${e.endTime}` : ""}
                </td>
                <td data-label={t("events.invited")}>{e.invited}</td>
                <td data-label={t("events.acceptedRate")}>
                  <Rate value={e.acceptedRate} /> ({e.accepted})
                </td>
                <td data-label={t("events.attendedRate")}>
                  <Rate value={e.attendedRate} /> ({e.attended})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {d.canOrganise ? (
        <section className="card" style={{ marginTop: 12 }}>
          <h3 style={{ marginTop: 0 }}>{t("events.new")}</h3>
          {err && !Object.keys(err.fields).length ? (
            <div className="banner err" role="alert">
              {msg(err.message)}
            </div>
          ) : null}
          <Form method="post" className="stack">
            <Field name="title" label={t("events.field.title")} form={err} required maxLength={120} />
            <div className="grid2">
              <Field name="kind" label={t("events.field.kind")} form={err}>
                <select id="f-kind" name="kind" defaultValue={err?.values?.kind ?? "event"}>
                  <option value="event">{t("events.kind.event")}</option>
                  <option value="promotion">{t("events.kind.promotion")}</option>
                </select>
              </Field>
              <Field name="date" type="date" label={t("events.field.date")} form={err} required />
              <Field name="startTime" type="time" label={t("events.field.startTime")} form={err} required />
              <Field name="endTime" type="time" label={t("events.field.endTime")} form={err} />
            </div>
            <Field name="place" label={t("events.field.place")} form={err} required maxLength={200} />
            <Field name="description" label={t("events.field.description")} form={err} maxLength={2000} />
            <Field
              name="capacity"
              type="number"
              inputMode="numeric"
              min={1}
              label={t("events.field.capacity")}
              form={err}
            />
            <button type="submit">{t("events.create")}</button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
