/**
 * Commissions of a store's month (sales admin, GM, group admin): every
 * consultant's statement total, compute (a past month) and lock, the
 * history, a chart and the XLSX download (commissions/xlsx). A consultant is sent
 * to his own statements.
 */
import { localDate, previousMonthOf } from "@dealeros/core";
import { commissions } from "@dealeros/services";
import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { BarChartView } from "../lib/charts";
import { attempt, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useFormatDateTime, useT } from "../lib/i18n";
import { useYuanText } from "../lib/targets";
import { ErrorBanner } from "../lib/ui";
import styles from "../styles/targets.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  if (!ctx.actor.roles.some((r) => commissions.COMMISSION_READERS.includes(r)))
    throw redirect(`/app/s/${params.storeId}/my-commission`);
  const url = new URL(request.url);
  const timeZone = ctx.store?.timeZone ?? "Asia/Shanghai";
  const month = url.searchParams.get("month") || previousMonthOf(localDate(new Date(), timeZone));
  const view = await orNotFound(() => commissions.getCommissionMonthView(ctx, params.storeId!, month));
  return { view, timeZone };
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const month = str(form, "month") ?? "";
  if (str(form, "intent") === "lock") {
    const r = await attempt(() =>
      commissions.lockMonth(ctx, params.storeId!, month, { version: Number(str(form, "version") ?? 0) }),
    );
    if (!r.ok) return r.error;
    return { ok: true as const, done: "locked" as const };
  }
  const r = await attempt(() => commissions.runMonth(ctx, params.storeId!, month));
  if (!r.ok) return r.error;
  return { ok: true as const, done: "computed" as const, n: r.value.statements, w: r.value.written };
}

export default function CommissionsPage() {
  const t = useT();
  const fmt = useFormatDateTime();
  const yuan = useYuanText();
  const { view: v, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const done = result && "done" in result ? result : undefined;
  const busy = useNavigation().state !== "idle";
  const stateLabel = v.state ? t(`commissions.state.${v.state}`) : t("commissions.state.none");
  return (
    <section>
      <div className="spread">
        <h2>{t("commissions.title")}</h2>
        <Link to="rules">{t("commissions.rules")}</Link>
      </div>
      <Form method="get" className="tg-filter">
        <label>
          {t("commissions.month")}
          <input name="month" type="month" defaultValue={v.month} required />
        </label>
        <button type="submit">{t("commissions.show")}</button>
        {v.statements.length ? (
          <a href={`/app/s/${v.storeId}/commissions/xlsx?month=${v.month}`} download data-testid="commissions-xlsx">
            {t("commissions.xlsx")}
          </a>
        ) : null}
      </Form>

      {done ? (
        <div className="banner ok" role="status">
          {done.done === "locked"
            ? t("commissions.locked")
            : t("commissions.computed", { n: done.n ?? 0, w: done.w ?? 0 })}
        </div>
      ) : null}
      <ErrorBanner data={result} />

      <div className="stats">
        <div>
          <span className="muted">{v.month}</span>
          <b data-testid="commission-state">{stateLabel}</b>
        </div>
        <div>
          <span className="muted">{t("commissions.total")}</span>
          <b data-testid="commission-total">¥{yuan(v.totalFen)}</b>
        </div>
      </div>
      {v.computedAt ? (
        <p className="muted">{t("commissions.computedAt", { at: fmt(v.computedAt, timeZone) })}</p>
      ) : null}
      {v.lockedAt ? (
        <p className="muted">
          {t("commissions.lockedBy", { by: v.lockedByName ?? "", at: fmt(v.lockedAt, timeZone) })}
        </p>
      ) : null}

      {v.statements.length === 0 ? (
        <p className="empty">{v.closed ? t("commissions.none") : t("commissions.notEnded")}</p>
      ) : (
        <>
          <table className="responsive" data-testid="commission-list">
            <thead>
              <tr>
                <th>{t("commissions.col.consultant")}</th>
                <th className="tg-num">{t("commissions.col.units")}</th>
                <th className="tg-num">{t("commissions.col.target")}</th>
                <th className="tg-num">{t("commissions.col.accessories")}</th>
                <th className="tg-num">{t("commissions.col.insurance")}</th>
                <th className="tg-num">{t("commissions.col.deductions")}</th>
                <th className="tg-num">{t("commissions.col.total")}</th>
              </tr>
            </thead>
            <tbody>
              {v.statements.map((s) => (
                <tr key={s.userId}>
                  <td data-label={t("commissions.col.consultant")}>
                    <Link to={`${v.month}/${s.userId}`}>{s.name}</Link>
                  </td>
                  <td data-label={t("commissions.col.units")} className="tg-num">
                    {s.units}
                  </td>
                  <td data-label={t("commissions.col.target")} className="tg-num">
                    {s.targetUnits ?? "—"}
                  </td>
                  <td data-label={t("commissions.col.accessories")} className="tg-num">
                    {yuan(s.accessoriesFen)}
                  </td>
                  <td data-label={t("commissions.col.insurance")} className="tg-num">
                    {yuan(s.insuranceFen)}
                  </td>
                  <td data-label={t("commissions.col.deductions")} className="tg-num">
                    {s.absentDays} / {s.lateSignIns}
                  </td>
                  <td data-label={t("commissions.col.total")} className={`tg-num${s.totalFen < 0 ? " tg-neg" : ""}`}>
                    <strong>{yuan(s.totalFen)}</strong>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <BarChartView
            title={t("commissions.chart")}
            xKey="name"
            data={v.statements.map((s) => ({ name: s.name, total: s.totalFen / 100 }))}
            series={[{ key: "total", label: t("commissions.col.total") }]}
          />
        </>
      )}

      {v.canReview && v.state !== "locked" && v.closed ? (
        <Form method="post" className="row">
          <input type="hidden" name="month" value={v.month} />
          <input type="hidden" name="intent" value="compute" />
          <button type="submit" disabled={busy}>
            {v.state ? t("commissions.recompute") : t("commissions.compute")}
          </button>
          <span className="muted">{t("commissions.computeHint")}</span>
        </Form>
      ) : null}
      {v.canReview && v.state === "draft" ? (
        <Form method="post" className="row">
          <input type="hidden" name="month" value={v.month} />
          <input type="hidden" name="intent" value="lock" />
          <input type="hidden" name="version" value={v.version} />
          <button type="submit" className="primary" disabled={busy}>
            {t("commissions.lock")}
          </button>
          <span className="muted">{t("commissions.lockHint")}</span>
        </Form>
      ) : null}

      {v.history.length ? (
        <>
          <h3>{t("commissions.history")}</h3>
          <ul className="plain">
            {[...v.history].reverse().map((h) => (
              <li key={`${h.at}-${h.action}`} className="muted">
                {fmt(h.at, timeZone)} · {h.byName} · {t(`commissions.action.${h.action}`)}
                {h.detail.consultant ? ` · ${String(h.detail.consultant)}` : ""}
                {typeof h.detail.amountFen === "number" ? ` · ¥${yuan(h.detail.amountFen)}` : ""}
                {h.detail.reason ? ` · ${String(h.detail.reason)}` : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
