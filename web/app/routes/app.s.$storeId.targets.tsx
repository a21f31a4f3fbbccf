/**
 * Sales targets of a store (销售目标 / 任务分解): progress bars for the month,
 * quarter and year (actual deliveries from the day statistics), the
 * consultants' leaderboard, the monthly decomposition with a chart, and for
 * managers and the sales admin the forms that set the annual target and
 * hand-edit one month's split. targets/xlsx (a resource route) downloads the tables.
 */
import { targets } from "@dealeros/services";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { BarChartView } from "../lib/charts";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useFormatDateTime, useT } from "../lib/i18n";
import { ProgressBar, pct } from "../lib/targets";
import { ErrorBanner, isFormError, useServerMessage } from "../lib/ui";
import styles from "../styles/targets.css?url";

const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const url = new URL(request.url);
  const query = {
    year: url.searchParams.get("year") || undefined,
    brand: url.searchParams.get("brand") || undefined,
  };
  const view = await orNotFound(() => targets.getTargets(ctx, params.storeId!, query));
  const m = Number(url.searchParams.get("m"));
  const splitMonth = Number.isInteger(m) && m >= 1 && m <= 12 ? m : view.asOfMonth;
  return { view, splitMonth, timeZone: ctx.store?.timeZone ?? "Asia/Shanghai" };
}

const num = (form: FormData, name: string) => {
  const v = str(form, name)?.trim();
  return v === undefined || v === "" ? undefined : Number(v);
};

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const values = formValues(form);
  const common = { year: num(form, "year"), brand: str(form, "brand"), version: num(form, "version") };
  if (str(form, "intent") === "split") {
    const consultants: Record<string, number | undefined> = {};
    for (const [k, v] of form)
      if (k.startsWith("c.") && typeof v === "string") consultants[k.slice(2)] = num(form, k) ?? 0;
    const r = await attempt(
      () => targets.saveMonthSplit(ctx, params.storeId!, { ...common, month: num(form, "month"), consultants }),
      values,
    );
    if (!r.ok) return r.error;
    return { ok: true as const, done: "split" as const };
  }
  const weightsGiven = Array.from({ length: 12 }, (_, i) => str(form, `w.${i + 1}`)?.trim() ?? "");
  const weights = weightsGiven.every((w) => w === "") ? undefined : weightsGiven.map((w) => (w === "" ? 0 : Number(w)));
  const shares: { userId: string; share: number }[] = [];
  for (const [k, v] of form)
    if (k.startsWith("share.") && typeof v === "string" && v.trim() !== "" && Number(v) !== 0)
      shares.push({ userId: k.slice(6), share: Number(v) });
  const r = await attempt(
    () =>
      targets.saveTarget(ctx, params.storeId!, {
        ...common,
        annualUnits: num(form, "annualUnits"),
        ...(weights ? { weights } : {}),
        shares,
      }),
    values,
  );
  if (!r.ok) return r.error;
  return { ok: true as const, done: "target" as const };
}

export default function TargetsPage() {
  const t = useT();
  const fmt = useFormatDateTime();
  const msg = useServerMessage();
  const { view: v, splitMonth, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = isFormError(result) ? result : undefined;
  const done = result && !isFormError(result) ? result.done : undefined;
  const busy = useNavigation().state !== "idle";
  const val = (name: string, fallback: string | number | undefined) => err?.values?.[name] ?? String(fallback ?? "");
  const query = `?year=${v.year}&brand=${encodeURIComponent(v.brand)}`;
  const brandLabel = (b: string) => (b === "*" ? t("targets.allBrands") : b);
  const target = v.target;
  const shareOf = (userId: string) => {
    const c = target?.consultants[userId];
    return c ? c.months.reduce((n, x) => n + x, 0) : "";
  };
  return (
    <section>
      <h2>{t("targets.title")}</h2>
      <Form method="get" className="tg-filter">
        <label>
          {t("targets.year")}
          <input name="year" type="number" defaultValue={v.year} min={2000} max={2100} inputMode="numeric" />
        </label>
        <label>
          {t("targets.brand")}
          <select name="brand" defaultValue={v.brand}>
            {v.brands.map((b) => (
              <option key={b} value={b}>
                {brandLabel(b)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t("targets.show")}</button>
        <a href={`/app/s/${v.storeId}/targets/xlsx${query}`} download data-testid="targets-xlsx">
          {t("targets.xlsx")}
        </a>
      </Form>

      {done ? (
        <div className="banner ok" role="status">
          {t(done === "split" ? "targets.splitSaved" : "targets.saved")}
        </div>
      ) : null}
      <ErrorBanner data={result} />

      {!target ? <p className="empty">{t("targets.none")}</p> : null}
      <div className="tg-bars">
        <ProgressBar
          testId="progress-month"
          title={t("targets.progressMonth", { period: v.progress.month.period })}
          {...v.progress.month}
        />
        <ProgressBar
          testId="progress-quarter"
          title={t("targets.progressQuarter", { period: v.progress.quarter.period })}
          {...v.progress.quarter}
        />
        <ProgressBar
          testId="progress-year"
          title={t("targets.progressYear", { period: v.progress.year.period })}
          {...v.progress.year}
        />
      </div>

      <h3>{t("targets.leaderboard")}</h3>
      {v.leaderboard.length === 0 ? (
        <p className="empty">{t("targets.noConsultants")}</p>
      ) : (
        <table className="responsive" data-testid="leaderboard">
          <thead>
            <tr>
              <th>{t("targets.col.rank")}</th>
              <th>{t("targets.col.consultant")}</th>
              <th className="tg-num">{t("targets.col.monthTarget")}</th>
              <th className="tg-num">{t("targets.col.monthDeliveries")}</th>
              <th className="tg-num">{t("targets.col.monthOrders")}</th>
              <th className="tg-num">{t("targets.col.monthAttainment")}</th>
              <th className="tg-num">{t("targets.col.yearTarget")}</th>
              <th className="tg-num">{t("targets.col.yearDeliveries")}</th>
              <th className="tg-num">{t("targets.col.yearAttainment")}</th>
            </tr>
          </thead>
          <tbody>
            {v.leaderboard.map((r, i) => (
              <tr key={r.userId}>
                <td data-label={t("targets.col.rank")}>{i + 1}</td>
                <td data-label={t("targets.col.consultant")}>
                  <strong>{r.name}</strong>
                </td>
                <td data-label={t("targets.col.monthTarget")} className="tg-num">
                  {r.monthTarget}
                </td>
                <td data-label={t("targets.col.monthDeliveries")} className="tg-num">
                  {r.monthDeliveries}
                </td>
                <td data-label={t("targets.col.monthOrders")} className="tg-num">
                  {r.monthOrders}
                </td>
                <td data-label={t("targets.col.monthAttainment")} className="tg-num">
                  {pct(r.monthAttainment)}
                </td>
                <td data-label={t("targets.col.yearTarget")} className="tg-num">
                  {r.yearTarget}
                </td>
                <td data-label={t("targets.col.yearDeliveries")} className="tg-num">
                  {r.yearDeliveries}
                </td>
                <td data-label={t("targets.col.yearAttainment")} className="tg-num">
                  {pct(r.yearAttainment)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>{t("targets.months")}</h3>
      <BarChartView
        title={t("targets.chart")}
        xKey="label"
        data={v.months.map((m) => ({
          label: t(`targets.monthName.${m.month}`),
          target: m.target,
          deliveries: m.deliveries,
        }))}
        series={[
          { key: "target", label: t("targets.col.target") },
          { key: "deliveries", label: t("targets.col.deliveries") },
        ]}
      />
      <div className="stats" data-testid="quarters">
        {[1, 2, 3, 4].map((n) => (
          <div key={`q${n}`}>
            <span className="muted">{t("targets.quarter", { n })}</span>
            <b>{t("targets.units", { n: v.quarters[n - 1] ?? 0 })}</b>
          </div>
        ))}
      </div>
      <div className="tg-scroll">
        <table data-testid="months-table">
          <thead>
            <tr>
              <th>{t("targets.col.month")}</th>
              <th className="tg-num">{t("targets.col.target")}</th>
              <th className="tg-num">{t("targets.col.deliveries")}</th>
              <th className="tg-num">{t("targets.col.orders")}</th>
              {Object.values(target?.consultants ?? {}).map((c) => (
                <th key={c.name} className="tg-num">
                  {c.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {v.months.map((m) => (
              <tr key={m.month}>
                <td>{t(`targets.monthName.${m.month}`)}</td>
                <td className="tg-num">{m.target}</td>
                <td className="tg-num">{m.deliveries}</td>
                <td className="tg-num">{m.orders}</td>
                {Object.entries(target?.consultants ?? {}).map(([id, c]) => (
                  <td key={id} className="tg-num">
                    {c.months[m.month - 1]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {v.canEdit ? (
        <>
          <details className="tg-edit" open={!target || err?.values?.intent === "target"}>
            <summary>{t("targets.set")}</summary>
            <p className="muted">{t("targets.setHint")}</p>
            <Form method="post" className="stack" key={`t-${v.version}`}>
              <input type="hidden" name="intent" value="target" />
              <input type="hidden" name="year" value={v.year} />
              <input type="hidden" name="brand" value={v.brand} />
              <input type="hidden" name="version" value={v.version} />
              <label>
                {t("targets.annualUnits")}
                <input
                  name="annualUnits"
                  type="number"
                  min={0}
                  inputMode="numeric"
                  required
                  defaultValue={val("annualUnits", target?.annualUnits)}
                  aria-invalid={err?.fields.annualUnits ? true : undefined}
                />
                {err?.fields.annualUnits ? <span className="field-error">{msg(err.fields.annualUnits)}</span> : null}
              </label>
              <fieldset>
                <legend>{t("targets.seasonal")}</legend>
                <div className="tg-grid12">
                  {MONTHS.map((m) => (
                    <label key={`w${m}`}>
                      {t(`targets.monthName.${m}`)}
                      <input name={`w.${m}`} inputMode="decimal" defaultValue={val(`w.${m}`, "")} />
                    </label>
                  ))}
                </div>
                {err?.fields.weights ? <div className="field-error">{msg(err.fields.weights)}</div> : null}
              </fieldset>
              <fieldset>
                <legend>{t("targets.shares")}</legend>
                <div className="tg-shares">
                  {v.consultants.map((c) => (
                    <label key={c.userId}>
                      {c.name}
                      <input
                        name={`share.${c.userId}`}
                        inputMode="decimal"
                        defaultValue={val(`share.${c.userId}`, shareOf(c.userId))}
                      />
                    </label>
                  ))}
                </div>
                {err?.fields.shares ? <div className="field-error">{msg(err.fields.shares)}</div> : null}
              </fieldset>
              <button type="submit" disabled={busy}>
                {t("targets.save")}
              </button>
            </Form>
          </details>

          {target && Object.keys(target.consultants).length ? (
            <details className="tg-edit" open={err?.values?.intent === "split" || splitMonth !== v.asOfMonth}>
              <summary>{t("targets.splitTitle")}</summary>
              <SplitForm
                month={Number(err?.values?.month ?? splitMonth)}
                query={query}
                target={target}
                version={v.version}
                values={err?.values}
                busy={busy}
              />
              {err?.fields.consultants ? <div className="field-error">{msg(err.fields.consultants)}</div> : null}
            </details>
          ) : null}
        </>
      ) : null}

      {v.history.length ? (
        <>
          <h3>{t("targets.history")}</h3>
          <ul className="plain">
            {[...v.history].reverse().map((h) => (
              <li key={`${h.at}-${h.action}`} className="muted">
                {t("targets.historyLine", {
                  at: fmt(h.at, timeZone),
                  by: h.byName,
                  action: t(`targets.action.${h.action}`),
                })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p className="muted">
        <Link to={`../commissions`}>{t("commissions.nav")}</Link>
      </p>
    </section>
  );
}

function SplitForm(props: {
  month: number;
  target: NonNullable<Awaited<ReturnType<typeof targets.getTargets>>["target"]>;
  version: number;
  values?: Record<string, string>;
  busy: boolean;
  query: string;
}) {
  const t = useT();
  const { month, target } = props;
  return (
    <Form method="post" className="stack" key={`s-${props.version}-${month}`}>
      <input type="hidden" name="intent" value="split" />
      <input type="hidden" name="year" value={target.year} />
      <input type="hidden" name="brand" value={target.brand} />
      <input type="hidden" name="version" value={props.version} />
      <input type="hidden" name="month" value={month} />
      <nav className="row" aria-label={t("targets.splitMonth")}>
        {MONTHS.map((m) => (
          <Link
            key={`m${m}`}
            to={`${props.query}&m=${m}`}
            aria-current={m === month ? "true" : undefined}
            className={m === month ? "pill" : undefined}
          >
            {t(`targets.monthName.${m}`)} ({target.months[m - 1] ?? 0})
          </Link>
        ))}
      </nav>
      <p className="muted">{t("targets.splitHint", { n: target.months[month - 1] ?? 0 })}</p>
      <div className="tg-shares">
        {Object.entries(target.consultants).map(([id, c]) => (
          <label key={id}>
            {c.name}
            <input
              name={`c.${id}`}
              type="number"
              min={0}
              inputMode="numeric"
              defaultValue={props.values?.[`c.${id}`] ?? c.months[month - 1]}
            />
          </label>
        ))}
      </div>
      <button type="submit" disabled={props.busy}>
        {t("targets.splitSave")}
      </button>
    </Form>
  );
}
