/**
 * The store's daily sales reports (rule 16): the reports the 16:30 job stored,
 * newest first, and (group admin / GM) the finance addresses that receive them
 * besides the store's general managers.
 */
import { splitEmails } from "@dealeros/core";
import { reports } from "@dealeros/services";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { attempt, formValues, str } from "../lib/forms.server";
import { useFormatDateTime, useT } from "../lib/i18n";
import { orRefused } from "../lib/reports.server";
import { ErrorBanner, isFormError, useServerMessage } from "../lib/ui";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const list = await orRefused(() => reports.listDailyReports(ctx, params.storeId!));
  const canEdit = ctx.actor.roles.some((r) => reports.OUTBOX_READERS.includes(r));
  const settings = canEdit ? await reports.getReportSettings(ctx) : null;
  return { list, settings, storeId: params.storeId! };
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const r = await attempt(
    () =>
      reports.saveReportSettings(ctx, {
        version: Number(str(form, "version") ?? 0),
        financeEmails: splitEmails(str(form, "financeEmails") ?? ""),
      }),
    formValues(form),
  );
  if (!r.ok) return r.error;
  return { ok: true as const };
}

const pct = (r: number | null) => (r === null ? "—" : `${Math.round(r * 100)}%`);

export default function DailyReports() {
  const t = useT();
  const stamp = useFormatDateTime();
  const msg = useServerMessage();
  const { list, settings, storeId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const form = isFormError(result) ? result : undefined;
  const emailError = form ? Object.entries(form.fields).find(([k]) => k.startsWith("financeEmails"))?.[1] : undefined;
  return (
    <>
      <div className="spread">
        <h2>{t("reports.daily.title")}</h2>
        <Link to={`/app/s/${storeId}/reports`}>{t("reports.nav")}</Link>
      </div>
      <p className="muted">{t("reports.daily.intro")}</p>
      {list.length === 0 ? (
        <p className="empty">{t("reports.daily.none")}</p>
      ) : (
        <table className="responsive" data-testid="daily-reports">
          <thead>
            <tr>
              <th>{t("reports.date")}</th>
              <th>{t("reports.walkIns")}</th>
              <th>{t("reports.newProspects")}</th>
              <th>{t("reports.testDrives")}</th>
              <th>{t("reports.orders")}</th>
              <th>{t("reports.deliveries")}</th>
              <th>{t("reports.daily.mtd")}</th>
              <th>{t("reports.daily.mailed")}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((r) => (
              <tr key={r.date}>
                <td data-label={t("reports.date")}>
                  <Link to={`/app/s/${storeId}/daily-reports/${r.date}`}>{r.date}</Link>
                </td>
                <td data-label={t("reports.walkIns")}>{r.walkIns}</td>
                <td data-label={t("reports.newProspects")}>{r.newProspects}</td>
                <td data-label={t("reports.testDrives")}>{r.testDrives}</td>
                <td data-label={t("reports.orders")}>{r.orders}</td>
                <td data-label={t("reports.deliveries")}>{r.deliveries}</td>
                <td data-label={t("reports.daily.mtd")}>
                  {r.monthToDate.deliveries}
                  {r.monthToDate.targetUnits !== null
                    ? ` / ${r.monthToDate.targetUnits} (${pct(r.monthToDate.attainment)})`
                    : ""}
                </td>
                <td data-label={t("reports.daily.mailed")}>
                  {r.mailedAt
                    ? `${stamp(r.mailedAt, r.timeZone)} · ${t("reports.daily.recipients", { n: r.recipients })}`
                    : t("reports.daily.notMailed")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {settings ? (
        <div className="card" style={{ marginTop: 20 }} data-testid="report-settings">
          <h3>{t("reports.settings.title")}</h3>
          <p className="muted">{t("reports.settings.intro")}</p>
          <Form method="post">
            <ErrorBanner data={result} />
            {result && !isFormError(result) ? <div className="banner ok">{t("reports.settings.saved")}</div> : null}
            <input type="hidden" name="version" value={settings.version} />
            <label htmlFor="f-financeEmails">
              {t("reports.settings.emails")}
              <textarea
                id="f-financeEmails"
                name="financeEmails"
                rows={3}
                defaultValue={form?.values?.financeEmails ?? settings.financeEmails.join("\n")}
                aria-invalid={emailError ? true : undefined}
              />
              {emailError ? <span className="field-error">{msg(emailError)}</span> : null}
            </label>
            <button type="submit" disabled={busy}>
              {t("reports.settings.save")}
            </button>
          </Form>
        </div>
      ) : null}
    </>
  );
}
