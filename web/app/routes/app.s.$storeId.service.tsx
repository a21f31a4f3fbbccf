/** The service arrival board (售后来店看板): a day's appointments, counts, arrived / no-show / cancel. */
import { addDays, isValidDate, localDate, SERVICE_STAFF } from "@dealeros/core";
import { service } from "@dealeros/services";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useFormatTime, useT } from "../lib/i18n";
import { AppointmentStatusPill, ServiceErrorBanner } from "../lib/service";
import { DayPicker, isFormError } from "../lib/ui";
import styles from "../styles/service.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const asked = new URL(request.url).searchParams.get("date") ?? "";
  return orNotFound(async () => {
    const storeId = params.storeId!;
    const board = await service.listArrivals(ctx, storeId, isValidDate(asked) ? { date: asked } : {});
    const timeZone = ctx.store?.timeZone ?? "Asia/Shanghai";
    return {
      ...board,
      storeId,
      timeZone,
      today: localDate(new Date(), timeZone),
      canSettings: ctx.actor.roles.some((r) => SERVICE_STAFF.includes(r)),
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const storeId = params.storeId!;
  const form = await request.formData();
  const intent = str(form, "intent");
  const id = str(form, "appointmentId") ?? "";
  const reason = str(form, "reason") || undefined;
  const run =
    intent === "arrive"
      ? () => service.markArrived(ctx, storeId, id, {})
      : intent === "no_show"
        ? () => service.markNoShow(ctx, storeId, id, {})
        : () => service.cancelAppointment(ctx, storeId, id, reason ? { reason } : {});
  const r = await attempt(run, formValues(form));
  if (!r.ok) return r.error;
  return { ok: true as const, intent: intent ?? "cancel", appointmentId: id };
}

export default function ServiceBoard() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const time = useFormatTime();
  const base = `/app/s/${d.storeId}`;
  const done = result && !isFormError(result) ? result : undefined;
  const busy = nav.state === "submitting";
  return (
    <>
      <div className="spread">
        <h2>{t("service.boardTitle", { date: d.date })}</h2>
        <div className="row">
          <Link to={`${base}/service/book?date=${[d.date, d.today].sort()[1]}`} className="button">
            {t("service.book")}
          </Link>
          {d.canSettings ? <Link to={`${base}/service/settings`}>{t("service.settings")}</Link> : null}
        </div>
      </div>
      <div className="row">
        <Link to={`?date=${addDays(d.date, -1)}`}>{t("service.prevDay")}</Link>
        <Link to={`?date=${d.today}`}>{t("service.today")}</Link>
        <Link to={`?date=${addDays(d.date, 1)}`}>{t("service.nextDay")}</Link>
        <DayPicker date={d.date} buttonClassName="secondary" />
      </div>
      <div className="svc-counts" data-testid="svc-counts">
        {(["expected", "arrived", "no_show", "cancelled", "total"] as const).map((k) => (
          <div key={k} data-testid={`svc-count-${k}`}>
            <b>{d.counts[k]}</b>
            {k === "total" ? t("service.total") : t(`service.status.${k}`)}
          </div>
        ))}
      </div>
      {done ? (
        <div className="banner ok" role="status">
          {t(`service.done.${done.intent}`)}
        </div>
      ) : null}
      <ServiceErrorBanner data={result} />
      {d.appointments.length === 0 ? (
        <p className="empty">{t("service.none")}</p>
      ) : (
        <div className="svc-list" data-testid="svc-board">
          {d.appointments.map((a) => (
            <div
              key={a.appointmentId}
              className={a.late ? "svc-appt late" : "svc-appt"}
              data-testid="svc-appt"
              data-id={a.appointmentId}
            >
              <div className="spread">
                <span className="when">
                  {time(a.startAt, d.timeZone)} · {t("service.hours", { n: a.durationHours })}
                </span>
                <span className="row">
                  {a.late ? <span className="pill warn">{t("service.late")}</span> : null}
                  <AppointmentStatusPill status={a.status} />
                </span>
              </div>
              <div>
                <strong>{a.vehicleLabel}</strong> · {a.serviceNameZh} / {a.serviceName}
              </div>
              <div>
                <Link to={`${base}/cu/${a.customerId}`}>{a.customerName}</Link>
                {a.mobile ? (
                  <>
                    {" · "}
                    <a href={`tel:${a.mobile}`}>{a.mobile}</a>
                  </>
                ) : null}
                <span className="muted">
                  {" · "}
                  {t("service.advisor")}: {a.advisorName}
                </span>
              </div>
              {a.concern ? (
                <div className="muted">
                  {t("service.concern")}: {a.concern}
                </div>
              ) : null}
              {a.status === "expected" ? (
                <Form method="post" className="svc-actions">
                  <input type="hidden" name="appointmentId" value={a.appointmentId} />
                  <button type="submit" name="intent" value="arrive" className="small" disabled={busy}>
                    {t("service.markArrived")}
                  </button>
                  {a.late ? (
                    <button type="submit" name="intent" value="no_show" className="secondary small" disabled={busy}>
                      {t("service.markNoShow")}
                    </button>
                  ) : null}
                  <input
                    name="reason"
                    maxLength={200}
                    placeholder={t("service.cancelReason")}
                    aria-label={t("service.cancelReason")}
                  />
                  <button type="submit" name="intent" value="cancel" className="secondary small" disabled={busy}>
                    {t("service.cancel")}
                  </button>
                </Form>
              ) : null}
              {a.status === "arrived" ? (
                <div className="svc-actions">
                  {a.repairOrderId ? (
                    <Link to={`${base}/ro/${a.repairOrderId}`}>{t("service.viewRo")}</Link>
                  ) : (
                    <Link to={`${base}/ro/new?appointmentId=${a.appointmentId}`} data-testid="svc-open-ro">
                      {t("service.openRo")}
                    </Link>
                  )}
                </div>
              ) : null}
            </div>
          ))}
        </div>
      )}
    </>
  );
}
