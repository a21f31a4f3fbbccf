import { FLOOR_MANAGERS, PURCHASE_TIMINGS } from "@dealeros/core";
import { dealSettings, settings } from "@dealeros/services";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DealSettingsForm } from "../components/deal-settings-form";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { saveDealSettings } from "../lib/deals.server";
import { attempt, formValues, str } from "../lib/forms.server";
import { useT } from "../lib/i18n";
import { ErrorBanner, Field, isFormError } from "../lib/ui";

const GRADES = ["H", "A", "B", "C"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request);
  return {
    settings: await settings.getShowroomSettings(ctx),
    canEdit: ctx.actor.roles.some((r) => FLOOR_MANAGERS.includes(r)),
    deals: await dealSettings.getDealSettings(ctx),
    canEditDeals: ctx.actor.roles.some((r) => dealSettings.DEAL_SETTINGS_EDITORS.includes(r)),
  };
}

const num = (form: FormData, name: string) => {
  const v = str(form, name)?.trim();
  return v === undefined || v === "" ? undefined : Number(v);
};

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request);
  const form = await request.formData();
  if (str(form, "intent") === "deals") return saveDealSettings(ctx, form);
  const input = {
    version: num(form, "version"),
    grading: {
      byTiming: Object.fromEntries(PURCHASE_TIMINGS.map((t) => [t, str(form, `grading.byTiming.${t}`)])),
      cadenceDays: Object.fromEntries(GRADES.map((g) => [g, num(form, `grading.cadenceDays.${g}`)])),
    },
    leadResponseMinutes: num(form, "leadResponseMinutes"),
    rotationOverdueLimit: num(form, "rotationOverdueLimit"),
    complaintSlaHours: num(form, "complaintSlaHours"),
    doorMinimum: num(form, "doorMinimum"),
  };
  const r = await attempt(() => settings.updateShowroomSettings(ctx, input), formValues(form));
  if (!r.ok) return r.error;
  return { ok: true as const };
}

export default function Settings() {
  const { settings: s, canEdit, deals, canEditDeals } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state !== "idle";
  const form = isFormError(result) ? result : undefined;
  const v = (name: string, fallback: string | number) => form?.values?.[name] ?? String(fallback);
  return (
    <section>
      <h1>{t("settings.title")}</h1>
      <p className="muted">
        {s.version === 0
          ? t("settings.defaults")
          : t("settings.lastChange", {
              by: s.updatedByName ?? "—",
              at: s.updatedAt ? new Date(s.updatedAt).toLocaleString() : "—",
            })}
      </p>
      {result && !isFormError(result) ? <div className="banner ok">{t("settings.saved")}</div> : null}
      <ErrorBanner data={result} />
      <Form method="post" className="card">
        <input type="hidden" name="version" value={s.version} />
        <fieldset disabled={!canEdit}>
          <h2>{t("settings.grading")}</h2>
          <p className="muted">{t("settings.gradingHint")}</p>
          <div className="grid2">
            {PURCHASE_TIMINGS.map((timing) => (
              <Field
                key={timing}
                name={`grading.byTiming.${timing}`}
                label={t(`settings.timing.${timing}`)}
                form={form}
              >
                <select
                  id={`f-grading.byTiming.${timing}`}
                  name={`grading.byTiming.${timing}`}
                  defaultValue={v(`grading.byTiming.${timing}`, s.grading.byTiming[timing])}
                >
                  {GRADES.map((g) => (
                    <option key={g} value={g}>
                      {g}
                    </option>
                  ))}
                </select>
              </Field>
            ))}
          </div>
          <h2>{t("settings.cadence")}</h2>
          <p className="muted">{t("settings.cadenceHint")}</p>
          <div className="grid2">
            {GRADES.map((g) => (
              <Field
                key={g}
                name={`grading.cadenceDays.${g}`}
                label={g}
                type="number"
                inputMode="numeric"
                min={1}
                max={90}
                required
                defaultValue={v(`grading.cadenceDays.${g}`, s.grading.cadenceDays[g])}
                form={form}
              />
            ))}
          </div>
          <Field
            name="leadResponseMinutes"
            label={t("settings.leadResponseMinutes")}
            type="number"
            inputMode="numeric"
            min={5}
            max={1440}
            required
            defaultValue={v("leadResponseMinutes", s.leadResponseMinutes)}
            form={form}
          />
          <Field
            name="rotationOverdueLimit"
            label={t("settings.rotationOverdueLimit")}
            type="number"
            inputMode="numeric"
            min={0}
            max={500}
            required
            defaultValue={v("rotationOverdueLimit", s.rotationOverdueLimit)}
            form={form}
          />
          <Field
            name="complaintSlaHours"
            label={t("settings.complaintSlaHours")}
            type="number"
            inputMode="numeric"
            min={1}
            max={72}
            required
            defaultValue={v("complaintSlaHours", s.complaintSlaHours)}
            form={form}
          />
          <Field
            name="doorMinimum"
            label={t("settings.doorMinimum")}
            type="number"
            inputMode="numeric"
            min={1}
            max={10}
            required
            defaultValue={v("doorMinimum", s.doorMinimum)}
            form={form}
          />
          {canEdit ? (
            <button type="submit" disabled={busy}>
              {t("save")}
            </button>
          ) : null}
        </fieldset>
      </Form>
      <DealSettingsForm settings={deals} canEdit={canEditDeals} result={result} />
    </section>
  );
}
