/**
 * Deliveries of a store (交车): the booked delivery appointments, the deliveries
 * of a period (default: this month) and the post-delivery call completion rate
 * (calls within 3 days / deliveries, rule 13) per consultant and for the store.
 * Two Queries: the appointments index and the store's calls by delivery time.
 */
import { delivery } from "@dealeros/services";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireCtx } from "../lib/auth.server";
import { CompletionBar, OVERDUE_STYLE } from "../lib/followups";
import { orNotFound } from "../lib/http.server";
import { useFormatDateTime, useT } from "../lib/i18n";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const url = new URL(request.url);
  const query = {
    from: url.searchParams.get("from") || undefined,
    to: url.searchParams.get("to") || undefined,
  };
  return orNotFound(async () => {
    const [upcoming, rate] = await Promise.all([
      delivery.listAppointments(ctx, params.storeId!),
      delivery.callRate(ctx, params.storeId!, query),
    ]);
    return { upcoming, rate, storeId: params.storeId! };
  });
}

export default function Deliveries() {
  const t = useT();
  const { upcoming, rate, storeId } = useLoaderData<typeof loader>();
  const stamp = useFormatDateTime();
  const tz = rate.timeZone;
  const base = `/app/s/${storeId}`;
  const s = rate.store;
  return (
    <>
      <h2>{t("delivery.upcoming")}</h2>
      {upcoming.appointments.length === 0 ? (
        <p className="empty">{t("delivery.noUpcoming")}</p>
      ) : (
        <table className="responsive" data-testid="deliveries-upcoming">
          <thead>
            <tr>
              <th>{t("delivery.when")}</th>
              <th>{t("delivery.customer")}</th>
              <th>{t("delivery.contract")}</th>
              <th>{t("delivery.consultant")}</th>
            </tr>
          </thead>
          <tbody>
            {upcoming.appointments.map((a) => (
              <tr key={a.contractId}>
                <td data-label={t("delivery.when")}>
                  <strong style={a.overdue ? OVERDUE_STYLE : undefined}>{stamp(a.dueAt, tz)}</strong>
                </td>
                <td data-label={t("delivery.customer")}>
                  <Link to={`${base}/delivery/${a.contractId}`}>{a.customerName}</Link>
                </td>
                <td data-label={t("delivery.contract")}>
                  <Link to={`${base}/k/${a.contractId}`}>{a.contractNo}</Link>
                </td>
                <td data-label={t("delivery.consultant")}>{a.ownerName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 style={{ marginTop: 20 }}>{t("delivery.rate")}</h2>
      <Form method="get" className="row" style={{ marginBottom: 8 }}>
        <label htmlFor="f-from" style={{ display: "flex", alignItems: "center", gap: 6 }}>
          {t("delivery.from")}
          <input id="f-from" name="from" type="date" defaultValue={rate.from} style={{ width: "auto" }} />
        </label>
        <label htmlFor="f-to" style={{ display: "flex", alignItems: "center", gap: 6 }}>
          {t("delivery.to")}
          <input id="f-to" name="to" type="date" defaultValue={rate.to} style={{ width: "auto" }} />
        </label>
        <button type="submit" className="small secondary">
          {t("delivery.show")}
        </button>
      </Form>
      <p className="muted">{t("delivery.period", { from: rate.from, to: rate.to })}</p>
      <div className="stats" data-testid="call-rate">
        <div>
          <b>{s.deliveries}</b>
          {t("delivery.deliveries")}
        </div>
        <div>
          <b>{s.rate === null ? "—" : `${s.rate}%`}</b>
          {t("delivery.rate")}
        </div>
        <div>
          <b>{s.inTime}</b>
          {t("delivery.inTime")}
        </div>
        <div>
          <b>{s.late}</b>
          {t("delivery.late")}
        </div>
        <div>
          <b>{s.open}</b>
          {t("delivery.open")}
        </div>
        <div style={s.overdue ? { borderColor: "var(--err)" } : undefined}>
          <b style={s.overdue ? OVERDUE_STYLE : undefined}>{s.overdue}</b>
          {t("delivery.overdue")}
        </div>
      </div>

      {rate.consultants.length === 0 ? (
        <p className="empty">{t("delivery.none")}</p>
      ) : (
        <>
          <h3>{t("delivery.perConsultant")}</h3>
          <table className="responsive" data-testid="call-rate-consultants">
            <thead>
              <tr>
                <th>{t("delivery.consultant")}</th>
                <th>{t("delivery.deliveries")}</th>
                <th>{t("delivery.inTime")}</th>
                <th style={{ width: "35%" }}>{t("delivery.rate")}</th>
                <th>{t("delivery.overdue")}</th>
              </tr>
            </thead>
            <tbody>
              {rate.consultants.map((c) => (
                <tr key={c.ownerId}>
                  <td data-label={t("delivery.consultant")}>
                    <strong>{c.ownerName}</strong>
                  </td>
                  <td data-label={t("delivery.deliveries")}>{c.deliveries}</td>
                  <td data-label={t("delivery.inTime")}>{c.inTime}</td>
                  <td data-label={t("delivery.rate")} style={{ minWidth: 140 }}>
                    <div style={{ flex: 1 }}>
                      <CompletionBar rate={c.rate} />
                    </div>
                  </td>
                  <td data-label={t("delivery.overdue")}>
                    <span style={c.overdue ? OVERDUE_STYLE : undefined}>{c.overdue}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>

          <h3>{t("delivery.delivered")}</h3>
          <table className="responsive" data-testid="deliveries-done">
            <thead>
              <tr>
                <th>{t("delivery.delivered")}</th>
                <th>{t("delivery.customer")}</th>
                <th>{t("delivery.consultant")}</th>
                <th>{t("delivery.callStatus")}</th>
              </tr>
            </thead>
            <tbody>
              {rate.calls.map((c) => (
                <tr key={c.contractId}>
                  <td data-label={t("delivery.delivered")}>{stamp(c.deliveredAt, tz)}</td>
                  <td data-label={t("delivery.customer")}>
                    <Link to={`${base}/delivery/${c.contractId}`}>{c.customerName}</Link>{" "}
                    <span className="muted">{c.contractNo}</span>
                  </td>
                  <td data-label={t("delivery.consultant")}>{c.ownerName}</td>
                  <td data-label={t("delivery.callStatus")}>
                    {c.status === "done" ? (
                      <span className={c.late ? "pill warn" : "pill ok"}>
                        {c.late ? t("delivery.callLate") : t("delivery.callInTime")}
                      </span>
                    ) : c.late ? (
                      <span className="pill" style={{ background: "#fdecea", color: "var(--err)" }}>
                        {t("delivery.callOverdue")}
                      </span>
                    ) : (
                      <span className="pill">{t("delivery.callDue", { at: stamp(c.dueAt, tz) })}</span>
                    )}
                    {c.escalatedTo?.length ? (
                      <div className="muted">{t("delivery.callEscalated", { names: c.escalatedTo.join(", ") })}</div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
