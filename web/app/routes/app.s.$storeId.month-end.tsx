/**
 * Month-end reconciliation (月末对账) and period close (月结): the month's
 * discrepancies with links to their records, resolve / annotate each, run the
 * reconciliation now, close the month (sales admin), reopen it (GM).
 */
import type { DiscrepancyItem } from "@dealeros/db";
import { monthEnd, periods } from "@dealeros/services";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { useCny } from "../lib/contracts";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useFormatDateTime, useT } from "../lib/i18n";
import { ErrorBanner, Field, isFormError, useServerMessage } from "../lib/ui";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const month = new URL(request.url).searchParams.get("month") || undefined;
  return orNotFound(async () => ({
    ...(await monthEnd.getMonthEnd(ctx, params.storeId!, month)),
    storeId: params.storeId!,
  }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const intent = str(form, "intent");
  const month = str(form, "month") ?? "";
  const storeId = params.storeId!;
  const r = await attempt(async () => {
    if (intent === "run") return monthEnd.runMonthEnd(ctx, storeId, month);
    if (intent === "close") return periods.closePeriod(ctx, storeId, month, { note: str(form, "note") });
    if (intent === "reopen") return periods.reopenPeriod(ctx, storeId, month, { reason: str(form, "reason") });
    return monthEnd.actOnDiscrepancy(ctx, storeId, month, str(form, "key") ?? "", {
      action: str(form, "action"),
      note: str(form, "note"),
    });
  }, formValues(form));
  if (!r.ok) return r.error;
  return { ok: true as const, intent };
}

const STATE_CLASS = { open: "pill warn", resolved: "pill ok", annotated: "pill" } as const;

function recordLink(storeId: string, d: DiscrepancyItem): string {
  if (d.record.type === "contract") return `/app/s/${storeId}/k/${d.record.id}`;
  if (d.record.type === "vehicle") return `/app/s/${storeId}/v/${d.record.id}`;
  return `/app/s/${storeId}/dealers/${d.record.id}`;
}

export default function MonthEnd() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const cny = useCny();
  const when = useFormatDateTime();
  const msg = useServerMessage();
  const busy = useNavigation().state !== "idle";
  const failed = isFormError(result) ? result : undefined;
  const formOf = (intent: string, key?: string) =>
    failed && failed.values?.intent === intent && (!key || failed.values?.key === key) ? failed : undefined;
  const closedBanner = (f: typeof failed) =>
    f && /^The period (\d{4}-\d{2}) is closed/.test(f.message) ? (
      <div className="banner err" role="alert">
        {t("monthEnd.closedError", { month: /(\d{4}-\d{2})/.exec(f.message)![1]! })}
      </div>
    ) : (
      <ErrorBanner data={f} />
    );
  const { month, run, discrepancies, counts, period, closed, storeId, timeZone } = page;
  return (
    <>
      <div className="spread">
        <h1>{t("monthEnd.title")}</h1>
        <Form method="get" className="row">
          <label htmlFor="me-month">
            {t("monthEnd.month")}{" "}
            <input id="me-month" type="month" name="month" defaultValue={month} max={page.currentMonth} />
          </label>
          <button type="submit" className="secondary">
            {t("monthEnd.show")}
          </button>
        </Form>
      </div>
      <p className="muted">{t("monthEnd.hint")}</p>
      <div className="card" data-testid="month-end-run">
        <p>
          {run
            ? t("monthEnd.ranAt", {
                at: when(run.ranAt, timeZone),
                n: run.found.length,
                contracts: run.contracts,
                dealers: run.dealers,
              })
            : t("monthEnd.notRun")}
        </p>
        {page.canWork ? (
          <Form method="post">
            {closedBanner(formOf("run"))}
            <input type="hidden" name="intent" value="run" />
            <input type="hidden" name="month" value={month} />
            <button type="submit" disabled={busy} data-testid="month-end-run-button">
              {t("monthEnd.run")}
            </button>
          </Form>
        ) : null}
      </div>
      <div className="stats">
        <div>
          {t("monthEnd.open")}
          <b data-testid="month-end-open">{counts.open}</b>
        </div>
        <div>
          {t("monthEnd.resolved")}
          <b>{counts.resolved}</b>
        </div>
        <div>
          {t("monthEnd.annotated")}
          <b>{counts.annotated}</b>
        </div>
      </div>
      {discrepancies.length === 0 ? (
        run ? (
          <div className="banner ok">{t("monthEnd.none")}</div>
        ) : null
      ) : (
        <ul className="plain" data-testid="discrepancies">
          {discrepancies.map((d) => {
            const f = formOf("act", d.key);
            return (
              <li key={d.key} data-testid={`discrepancy-${d.kind}`}>
                <div className="spread">
                  <b>{t(`monthEnd.kind.${d.kind}`)}</b>
                  <span className={STATE_CLASS[d.state]}>{t(`monthEnd.${d.state}`)}</span>
                </div>
                <div>
                  <Link to={recordLink(storeId, d as DiscrepancyItem)}>{d.record.label}</Link>
                  {d.amountFen ? ` · ${cny(d.amountFen)}` : ""}
                </div>
                <div className="muted">{msg(d.detail)}</div>
                {d.notes.length ? (
                  <ul className="plain muted">
                    {d.notes.map((n) => (
                      <li key={n.at}>
                        {when(n.at, timeZone)} · {n.byName} ·{" "}
                        {t(
                          `monthEnd.${n.action === "resolve" ? "resolve" : n.action === "annotate" ? "annotate" : "reopenItem"}`,
                        )}
                        : {n.note}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {page.canWork ? (
                  <Form method="post" className="row">
                    {closedBanner(f)}
                    <input type="hidden" name="intent" value="act" />
                    <input type="hidden" name="month" value={month} />
                    <input type="hidden" name="key" value={d.key} />
                    <Field name="note" label={t("monthEnd.note")} form={f} maxLength={500} />
                    {d.state !== "resolved" ? (
                      <button type="submit" name="action" value="resolve" disabled={busy}>
                        {t("monthEnd.resolve")}
                      </button>
                    ) : null}
                    <button type="submit" name="action" value="annotate" className="secondary" disabled={busy}>
                      {t("monthEnd.annotate")}
                    </button>
                    {d.state !== "open" ? (
                      <button type="submit" name="action" value="reopen" className="secondary" disabled={busy}>
                        {t("monthEnd.reopenItem")}
                      </button>
                    ) : null}
                  </Form>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      <div className="card" data-testid="period">
        <h2>{t("monthEnd.period")}</h2>
        {closed && period ? (
          <>
            <p data-testid="period-closed">
              {t("monthEnd.closed", { by: period.closedByName, at: when(period.closedAt, timeZone) })}
            </p>
            {period.note ? <p className="muted">{t("monthEnd.closedNote", { note: period.note })}</p> : null}
          </>
        ) : period?.state === "reopened" ? (
          <p className="muted">
            {t("monthEnd.reopened", { by: period.reopenedByName ?? "", reason: period.reopenReason ?? "" })}
          </p>
        ) : null}
        {page.canClose ? (
          <Form method="post">
            <ErrorBanner data={formOf("close")} />
            <input type="hidden" name="intent" value="close" />
            <input type="hidden" name="month" value={month} />
            {counts.open ? (
              <Field name="note" label={t("monthEnd.closeNote")} form={formOf("close")} maxLength={500} />
            ) : null}
            <button type="submit" disabled={busy} data-testid="close-month">
              {t("monthEnd.close")}
            </button>
          </Form>
        ) : !closed ? (
          <p className="muted">{t("monthEnd.cannotClose")}</p>
        ) : null}
        {page.canReopen ? (
          <Form method="post">
            <ErrorBanner data={formOf("reopen")} />
            <input type="hidden" name="intent" value="reopen" />
            <input type="hidden" name="month" value={month} />
            <p className="muted">{t("monthEnd.reopenHint")}</p>
            <Field name="reason" label={t("monthEnd.reopenReason")} form={formOf("reopen")} maxLength={500} />
            <button type="submit" className="secondary" disabled={busy}>
              {t("monthEnd.reopen")}
            </button>
          </Form>
        ) : null}
      </div>
    </>
  );
}
