/**
 * Book a service appointment (预约): find the customer (H3's customer search),
 * pick the car, the service type and the day, see the free places per hour slot
 * with the least-loaded starts suggested, book; then the confirmation text for
 * the customer.
 */
import { isValidDate, localDate } from "@dealeros/core";
import { customers, service } from "@dealeros/services";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useT } from "../lib/i18n";
import { ServiceErrorBanner, useServiceMessage } from "../lib/service";
import { isFormError } from "../lib/ui";
import styles from "../styles/service.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const url = new URL(request.url);
  const get = (k: string) => url.searchParams.get(k) ?? "";
  return orNotFound(async () => {
    const storeId = params.storeId!;
    const timeZone = ctx.store?.timeZone ?? "Asia/Shanghai";
    const today = localDate(new Date(), timeZone);
    const q = get("q").trim();
    const customerId = get("customerId");
    const date = isValidDate(get("date")) && get("date") >= today ? get("date") : today;
    const [found, customer, advisors] = await Promise.all([
      q && !customerId ? customers.searchCustomers(ctx, storeId, { q, limit: 20 }) : Promise.resolve(undefined),
      customerId ? service.bookingCustomer(ctx, storeId, customerId) : Promise.resolve(undefined),
      service.listAdvisors(ctx, storeId),
    ]);
    const serviceType = get("serviceType") || undefined;
    const slots = customer
      ? await service
          .getSlots(ctx, storeId, { date, ...(serviceType ? { serviceType } : {}) })
          .catch(() => service.getSlots(ctx, storeId, { date }))
      : undefined;
    return {
      storeId,
      today,
      date,
      q,
      results: found?.items.map((c) => ({
        customerId: c.customerId,
        name: c.name,
        mobile: c.mobile,
        vehicles: c.vehicles,
      })),
      customer,
      vin: get("vin") || customer?.vehicles[0]?.vin || "",
      slots,
      advisors,
      me: ctx.actor.userId,
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const storeId = params.storeId!;
  const form = await request.formData();
  const r = await attempt(
    () =>
      service.bookAppointment(ctx, storeId, {
        customerId: str(form, "customerId") ?? "",
        vin: str(form, "vin") ?? "",
        serviceType: str(form, "serviceType") ?? "",
        date: str(form, "date") ?? "",
        time: str(form, "time") ?? "",
        advisorId: str(form, "advisorId") || undefined,
        concern: str(form, "concern") || undefined,
      }),
    formValues(form),
  );
  if (!r.ok) return r.error;
  const detail = await service.getAppointment(ctx, storeId, r.value.appointmentId);
  return {
    ok: true as const,
    appointmentId: r.value.appointmentId,
    who: `${r.value.customerName} · ${r.value.vehicleLabel}`,
    date: r.value.date,
    time: str(form, "time") ?? "",
    confirmation: detail.confirmation,
  };
}

export default function BookService() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const location = useLocation();
  const msg = useServiceMessage();
  const err = isFormError(result) ? result : undefined;
  const booked = result && !isFormError(result) ? result : undefined;
  const base = `/app/s/${d.storeId}`;
  const back = encodeURIComponent(location.pathname + location.search);
  return (
    <>
      <div className="spread">
        <h2>{t("service.bookTitle")}</h2>
        <Link to={`${base}/service?date=${d.date}`}>{t("service.toBoard")}</Link>
      </div>

      {booked ? (
        <div className="card" data-testid="svc-booked">
          <div className="banner ok" role="status">
            {t("service.booked", { who: booked.who, when: `${booked.date} ${booked.time}` })}{" "}
            <Link to={`${base}/service?date=${booked.date}`}>{t("service.toBoard")}</Link>
          </div>
          <h3>{t("service.confirmTitle")}</h3>
          <p className="muted">{t("service.confirmHint")}</p>
          <p className="svc-confirm" data-testid="svc-confirmation">
            {booked.confirmation}
          </p>
        </div>
      ) : null}

      {!d.customer ? (
        <div className="card">
          <h3>{t("service.findCustomer")}</h3>
          <Form method="get" className="row">
            <input type="hidden" name="date" value={d.date} />
            <input
              name="q"
              defaultValue={d.q}
              placeholder={t("service.searchHint")}
              aria-label={t("service.searchHint")}
              style={{ flex: "1 1 200px", width: "auto" }}
            />
            <button type="submit">{t("service.search")}</button>
          </Form>
          {d.results ? (
            d.results.length === 0 ? (
              <p className="empty">{t("service.noCustomer")}</p>
            ) : (
              <ul className="plain" data-testid="svc-results">
                {d.results.map((c) => (
                  <li key={c.customerId} className="spread">
                    <span>
                      <strong>{c.name}</strong>
                      {c.mobile ? ` · ${c.mobile}` : ""}
                      <span className="muted"> · {c.vehicles.map((v) => v.plate ?? v.vin).join(", ")}</span>
                    </span>
                    <Link to={`?customerId=${c.customerId}&date=${d.date}`} className="button small">
                      {t("service.choose")}
                    </Link>
                  </li>
                ))}
              </ul>
            )
          ) : null}
          <p>
            <Link to={`${base}/customers/new?back=${back}`}>{t("service.newCustomer")}</Link>
          </p>
        </div>
      ) : (
        <div className="card">
          <div className="spread">
            <h3>
              {d.customer.name}
              {d.customer.mobile ? ` · ${d.customer.mobile}` : ""}
            </h3>
            <Link to={`?date=${d.date}`}>{t("service.changeCustomer")}</Link>
          </div>
          <Form method="get" className="grid4">
            <input type="hidden" name="customerId" value={d.customer.customerId} />
            <label htmlFor="f-vin">
              {t("service.vehicle")}
              <select id="f-vin" name="vin" defaultValue={d.vin}>
                {d.customer.vehicles.map((v) => (
                  <option key={v.vin} value={v.vin}>
                    {v.label} · {v.vin}
                  </option>
                ))}
              </select>
            </label>
            <label htmlFor="f-type">
              {t("service.type")}
              <select id="f-type" name="serviceType" defaultValue={d.slots?.serviceType}>
                {d.slots?.serviceTypes.map((s) => (
                  <option key={s.code} value={s.code}>
                    {s.nameZh} / {s.name} · {t("service.hours", { n: s.hours })}
                  </option>
                ))}
              </select>
            </label>
            <label htmlFor="f-date">
              {t("service.date")}
              <input id="f-date" type="date" name="date" min={d.today} defaultValue={d.date} />
            </label>
            <button type="submit" className="secondary" style={{ alignSelf: "end" }}>
              {t("service.showSlots")}
            </button>
          </Form>
        </div>
      )}

      {d.customer && d.slots ? (
        <div className="card" data-testid="svc-slots">
          <h3>{t("service.slotsTitle", { date: d.slots.date })}</h3>
          <p className="muted">
            {t("service.capacityNote", {
              cap: d.slots.capacityPerSlot,
              bays: d.slots.bays,
              techs: d.slots.technicians,
            })}
          </p>
          {d.slots.closed ? (
            <p className="empty">{t("service.closedDay")}</p>
          ) : (
            <>
              <div className="svc-bars">
                {d.slots.slots.map((s) => {
                  const suggested = d.slots!.suggestions.includes(s.time);
                  return (
                    <div
                      key={s.hour}
                      className={`svc-bar${s.free === 0 ? " full" : ""}${suggested ? " suggested" : ""}`}
                      title={t("service.free", { free: s.free, cap: s.capacity })}
                    >
                      <div className="track">
                        <div
                          className="fill"
                          style={{ height: `${s.capacity ? Math.min(100, (s.used / s.capacity) * 100) : 100}%` }}
                        />
                      </div>
                      <strong>{s.time}</strong>
                      <span>
                        {s.free === 0 ? t("service.full") : t("service.free", { free: s.free, cap: s.capacity })}
                      </span>
                    </div>
                  );
                })}
              </div>
              <ServiceErrorBanner data={result} />
              <Form
                method="post"
                className="stack"
                data-testid="svc-book-form"
                key={`${d.slots.date}-${d.slots.serviceType}-${booked?.appointmentId ?? ""}`}
              >
                <input type="hidden" name="customerId" value={d.customer.customerId} />
                <input type="hidden" name="vin" value={d.vin} />
                <input type="hidden" name="serviceType" value={d.slots.serviceType} />
                <input type="hidden" name="date" value={d.slots.date} />
                <fieldset>
                  <legend>{t("service.start")}</legend>
                  {d.slots.suggestions.length === 0 ? <p className="empty">{t("service.noStart")}</p> : null}
                  <StartPicker
                    starts={d.slots.starts}
                    suggestions={d.slots.suggestions}
                    initial={err?.values?.time ?? d.slots.suggestions[0] ?? ""}
                  />
                  <p className="muted">{t("service.suggestHint")}</p>
                  {err?.fields.time ? <span className="field-error">{msg(err.fields.time)}</span> : null}
                </fieldset>
                <div className="grid2">
                  <label htmlFor="f-advisorId">
                    {t("service.advisor")}
                    <select
                      id="f-advisorId"
                      name="advisorId"
                      defaultValue={
                        err?.values?.advisorId ??
                        (d.advisors.some((a) => a.userId === d.me) ? d.me : (d.advisors[0]?.userId ?? ""))
                      }
                    >
                      {d.advisors.map((a) => (
                        <option key={a.userId} value={a.userId}>
                          {a.name}
                        </option>
                      ))}
                    </select>
                    {err?.fields.advisorId ? <span className="field-error">{msg(err.fields.advisorId)}</span> : null}
                  </label>
                  <label htmlFor="f-concern">
                    {t("service.concern")}
                    <input id="f-concern" name="concern" maxLength={500} defaultValue={err?.values?.concern} />
                  </label>
                </div>
                {d.advisors.length === 0 ? <p className="muted">{t("service.noAdvisor")}</p> : null}
                <button type="submit" disabled={nav.state === "submitting" || d.slots.suggestions.length === 0}>
                  {t("service.bookButton")}
                </button>
              </Form>
            </>
          )}
        </div>
      ) : null}
    </>
  );
}

/** The starts of the day as radio buttons, the least-loaded ones marked; the best suggestion is chosen at first. */
function StartPicker(props: { starts: { time: string; fits: boolean }[]; suggestions: string[]; initial: string }) {
  const t = useT();
  const [chosen, setChosen] = useState(props.initial);
  return (
    <div className="svc-starts">
      {props.starts.map((s) => {
        const suggested = props.suggestions.includes(s.time);
        return (
          <label
            key={s.time}
            className={suggested ? "suggested" : s.fits ? "" : "disabled"}
            data-testid={suggested ? "svc-suggested" : undefined}
          >
            <input
              type="radio"
              name="time"
              value={s.time}
              disabled={!s.fits}
              required
              checked={chosen === s.time}
              onChange={() => setChosen(s.time)}
            />
            {s.time}
            {suggested ? <span className="pill ok">{t("service.suggested")}</span> : null}
          </label>
        );
      })}
    </div>
  );
}
