/**
 * One event (活动): details and success rates, inviting the store's customers
 * by filters (preview first; at most 2,000 per event), and the invitations with
 * the answer and attendance buttons (a consultant sees his own customers').
 */
import { events, staff as staffService } from "@dealeros/services";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { Rate, useEventMessage } from "../lib/events";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useT } from "../lib/i18n";
import { ConsultantSelect, Field, isFormError } from "../lib/ui";

const FILTERS = ["model", "purchaseYear", "lastServiceBefore", "ownerId"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const url = new URL(request.url);
  const preview = url.searchParams.get("preview") === "1";
  const filters = Object.fromEntries(FILTERS.map((k) => [k, url.searchParams.get(k) ?? ""]));
  return orNotFound(async () => {
    const ev = await events.getEvent(ctx, params.storeId!, params.eventId!);
    const [consultants, candidates] = await Promise.all([
      ev.canOrganise ? staffService.listStoreConsultants(ctx, params.storeId!) : [],
      preview && ev.canOrganise
        ? events.eventCandidates(ctx, params.storeId!, params.eventId!, filters).catch((e: Error) => ({
            error: e.message,
          }))
        : undefined,
    ]);
    return { ...ev, consultants, candidates, filters, storeId: params.storeId! };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const intent = str(form, "intent");
  const storeId = params.storeId!;
  const eventId = params.eventId!;
  if (intent === "invite") {
    const input: Record<string, string | number> = {};
    for (const k of FILTERS) {
      const v = str(form, k)?.trim();
      if (v) input[k] = k === "purchaseYear" && /^\d+$/.test(v) ? Number(v) : v;
    }
    const r = await attempt(() => events.inviteCustomers(ctx, storeId, eventId, input), formValues(form));
    return r.ok ? { ok: true as const, invited: r.value } : r.error;
  }
  const customerId = str(form, "customerId") ?? "";
  const r =
    intent === "rsvp"
      ? await attempt(() => events.recordRsvp(ctx, storeId, eventId, customerId, { answer: str(form, "answer") }))
      : await attempt(() =>
          events.recordEventAttendance(ctx, storeId, eventId, customerId, {
            attended: str(form, "attended") === "yes",
          }),
        );
  return r.ok ? { ok: true as const, saved: customerId } : r.error;
}

export default function EventPage() {
  const t = useT();
  const msg = useEventMessage();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const err = isFormError(result) ? result : undefined;
  const e = d.event;
  const c = d.candidates;
  return (
    <>
      <p>
        <Link to={`/app/s/${d.storeId}/events`}>{t("events.back")}</Link>
      </p>
      <h2 style={{ marginTop: 0 }} data-testid="event-title">
        {e.title} <span className="pill">{t(`events.kind.${e.kind}`)}</span>
      </h2>
      <p className="muted">
        {e.date} {e.startTime}
        {e.endTime ? `–${e.endTime}` : ""} · {e.place}
        {e.capacity ? ` · ${t("events.places", { n: e.capacity })}` : ""}
      </p>
      {e.description ? <p>{e.description}</p> : null}
      <div className="stats" data-testid="event-figures">
        <div>
          <b>{e.invited}</b>
          {t("events.invited")}
        </div>
        <div>
          <b>{e.accepted}</b>
          {t("events.accepted")}
        </div>
        <div>
          <b>{e.declined}</b>
          {t("events.declined")}
        </div>
        <div>
          <b>{e.attended}</b>
          {t("events.attended")}
        </div>
        <div>
          <b>{e.noShow}</b>
          {t("events.noShow")}
        </div>
        <div>
          <b>
            <Rate value={e.acceptedRate} />
          </b>
          {t("events.acceptedRate")}
        </div>
        <div>
          <b>
            <Rate value={e.attendedRate} />
          </b>
          {t("events.attendedRate")}
        </div>
      </div>
      {err ? (
        <div className="banner err" role="alert">
          {msg(err.message)}
          {Object.values(err.fields).length ? `: ${Object.values(err.fields).map(msg).join(" ")}` : ""}
        </div>
      ) : null}
      {result && "invited" in result && result.invited ? (
        <div className="banner ok" role="status">
          {t("events.invitedDone", { n: result.invited.invited, total: result.invited.total })}
        </div>
      ) : null}
      {d.canOrganise ? (
        <section className="card" data-testid="event-invite">
          <h3 style={{ marginTop: 0 }}>{t("events.inviteTitle")}</h3>
          <p className="muted">{t("events.inviteHint", { max: "2,000" })}</p>
          <Form method="get" className="stack">
            <input type="hidden" name="preview" value="1" />
            <div className="grid2">
              <Field name="model" label={t("events.filter.model")} defaultValue={d.filters.model} />
              <Field
                name="purchaseYear"
                type="number"
                inputMode="numeric"
                label={t("events.filter.purchaseYear")}
                defaultValue={d.filters.purchaseYear}
              />
              <Field
                name="lastServiceBefore"
                type="date"
                label={t("events.filter.lastServiceBefore")}
                defaultValue={d.filters.lastServiceBefore}
              />
              <Field name="ownerId" label={t("events.filter.owner")}>
                <ConsultantSelect
                  name="ownerId"
                  consultants={d.consultants}
                  defaultValue={d.filters.ownerId}
                  emptyLabel={t("events.filter.anyOwner")}
                />
              </Field>
            </div>
            <button type="submit" className="secondary">
              {t("events.preview")}
            </button>
          </Form>
          {c && "error" in c ? (
            <div className="banner err" role="alert">
              {msg(c.error)}
            </div>
          ) : null}
          {c && "count" in c ? (
            <div data-testid="event-preview" style={{ marginTop: 8 }}>
              <p>{t("events.previewCount", { n: c.count, already: c.alreadyInvited })}</p>
              {c.overLimit ? <p className="err-text">{t("events.overLimit", { max: "2,000" })}</p> : null}
              <ul className="plain">
                {c.sample.map((s) => (
                  <li key={s.customerId}>
                    {s.name} <span className="muted">{[s.vehicleLabel, s.ownerName].filter(Boolean).join(" · ")}</span>
                  </li>
                ))}
              </ul>
              {c.count > 0 && !c.overLimit ? (
                <Form method="post" className="row" style={{ marginTop: 8 }}>
                  <input type="hidden" name="intent" value="invite" />
                  {FILTERS.map((k) => (
                    <input key={k} type="hidden" name={k} value={d.filters[k] ?? ""} />
                  ))}
                  <button type="submit" disabled={busy}>
                    {t("events.invite")} ({c.count})
                  </button>
                </Form>
              ) : null}
            </div>
          ) : null}
        </section>
      ) : null}
      <h3>{t("events.invitations")}</h3>
      {!d.seesAll ? <p className="muted">{t("events.ownInvitations")}</p> : null}
      {d.invitations.length === 0 ? (
        <p className="empty">{t("events.noInvitations")}</p>
      ) : (
        <table className="responsive" data-testid="event-invitations">
          <thead>
            <tr>
              <th>{t("events.customer")}</th>
              <th>{t("events.owner")}</th>
              <th>{t("events.status")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {d.invitations.map((i) => (
              <tr key={i.customerId} data-customer={i.customerName}>
                <td data-label={t("events.customer")}>
                  <Link to={`/app/s/${d.storeId}/cu/${i.customerId}`}>{i.customerName}</Link>
                  {i.vehicleLabel ? <div className="muted">{i.vehicleLabel}</div> : null}
                  {i.mobile ? <div className="muted">{i.mobile}</div> : null}
                </td>
                <td data-label={t("events.owner")}>{i.ownerName}</td>
                <td data-label={t("events.status")}>
                  <span className="pill" data-testid="invitation-status">
                    {t(`events.status.${i.status}`)}
                  </span>
                </td>
                <td>
                  <div className="row">
                    {!i.attendance ? (
                      <Form method="post" className="row">
                        <input type="hidden" name="intent" value="rsvp" />
                        <input type="hidden" name="customerId" value={i.customerId} />
                        <button type="submit" name="answer" value="accepted" className="small" disabled={busy}>
                          {t("events.markAccepted")}
                        </button>
                        <button
                          type="submit"
                          name="answer"
                          value="declined"
                          className="small secondary"
                          disabled={busy}
                        >
                          {t("events.markDeclined")}
                        </button>
                      </Form>
                    ) : null}
                    <Form method="post" className="row">
                      <input type="hidden" name="intent" value="attendance" />
                      <input type="hidden" name="customerId" value={i.customerId} />
                      <button type="submit" name="attended" value="yes" className="small" disabled={busy}>
                        {t("events.markAttended")}
                      </button>
                      <button type="submit" name="attended" value="no" className="small secondary" disabled={busy}>
                        {t("events.markNoShow")}
                      </button>
                    </Form>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
