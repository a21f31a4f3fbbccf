import { leads } from "@dealeros/services";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireCtx } from "../lib/auth.server";
import { orNotFound } from "../lib/http.server";
import { useFormatTime, useT } from "../lib/i18n";
import { DayPicker } from "../lib/ui";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const date = new URL(request.url).searchParams.get("date") || undefined;
  return orNotFound(async () => ({
    ...(await leads.listLeadResponses(ctx, params.storeId!, { date })),
    storeId: params.storeId!,
    timeZone: ctx.store!.timeZone,
  }));
}

type Row = Awaited<ReturnType<typeof loader>>["rows"][number];

function LeadTable({ rows, storeId, timeZone }: { rows: Row[]; storeId: string; timeZone: string }) {
  const t = useT();
  const time = useFormatTime();
  return (
    <table className="responsive" data-testid="lead-table">
      <thead>
        <tr>
          <th>{t("leads.received")}</th>
          <th>{t("name")}</th>
          <th>{t("leads.provider")}</th>
          <th>{t("leads.owner")}</th>
          <th>{t("leads.due")}</th>
          <th>{t("leads.responded")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.prospectId} className={r.late ? "late" : undefined}>
            <td data-label={t("leads.received")}>{time(r.receivedAt, timeZone)}</td>
            <td data-label={t("name")}>
              <Link to={`/app/s/${storeId}/p/${r.prospectId}`}>{r.name}</Link>
            </td>
            <td data-label={t("leads.provider")}>{r.subSource ?? "—"}</td>
            <td data-label={t("leads.owner")}>{r.ownerName}</td>
            <td data-label={t("leads.due")}>{time(r.dueAt, timeZone)}</td>
            <td data-label={t("leads.responded")}>
              {r.status === "done" ? (
                <>
                  {time(r.respondedAt, timeZone)}{" "}
                  <span className={r.late ? "pill warn" : "pill ok"}>
                    {r.late ? t("leads.answeredLate") : t("leads.onTime")} · {r.responseMinutes} min
                  </span>
                </>
              ) : r.status === "cancelled" ? (
                <span className="pill off">{t("leads.closed")}</span>
              ) : (
                <span className={r.late ? "pill warn" : "pill off"}>
                  {r.late ? t("leads.late") : t("leads.waiting")}
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function Leads() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <div className="spread">
        <h1>{t("leads.title")}</h1>
        <DayPicker date={d.date} />
      </div>
      {d.waitingLate.length > 0 ? (
        <div className="card" data-testid="late-leads">
          <h2 className="err-text">{t("leads.waitingLate", { n: d.waitingLate.length })}</h2>
          <LeadTable rows={d.waitingLate} storeId={d.storeId} timeZone={d.timeZone} />
        </div>
      ) : null}
      <div className="stats">
        <div>
          <b>{d.summary.received}</b>
          {t("leads.receivedCount")}
        </div>
        <div>
          <b>{d.summary.onTime}</b>
          {t("leads.onTime")}
        </div>
        <div>
          <b>{d.summary.late}</b>
          {t("leads.late")}
        </div>
        <div>
          <b>{d.summary.waiting}</b>
          {t("leads.waiting")}
        </div>
      </div>
      {d.rows.length === 0 ? (
        <p className="empty">{t("leads.none")}</p>
      ) : (
        <LeadTable rows={d.rows} storeId={d.storeId} timeZone={d.timeZone} />
      )}
    </>
  );
}
