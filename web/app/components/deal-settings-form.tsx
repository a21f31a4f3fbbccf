/** The deal settings section of /app/settings: discount limit per role (yuan; empty = no limit), dunning, deposit days. */
import { QUOTING_ROLES } from "@dealeros/core";
import { Form, useNavigation } from "@remix-run/react";
import { useT } from "../lib/i18n";
import { Field, isFormError } from "../lib/ui";
import { fenToYuanText } from "./quote-form-read";

export interface DealSettingsData {
  version: number;
  discountLimitFen: Record<(typeof QUOTING_ROLES)[number], number | null>;
  dunningEscalateAfter: number;
  depositDueDays: number;
  updatedAt?: string;
  updatedByName?: string;
}

export function DealSettingsForm(props: { settings: DealSettingsData; canEdit: boolean; result: unknown }) {
  const t = useT();
  const busy = useNavigation().state !== "idle";
  const s = props.settings;
  // this form's failed submission only (the page has other forms)
  const form = isFormError(props.result) && props.result.values?.intent === "deals" ? props.result : undefined;
  const v = (name: string, fallback: string) => form?.values?.[name] ?? fallback;
  return (
    <Form method="post" className="card" data-testid="deal-settings">
      <input type="hidden" name="intent" value="deals" />
      <input type="hidden" name="version" value={s.version} />
      <fieldset disabled={!props.canEdit} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <h2 style={{ marginTop: 0 }}>{t("deals.settingsTitle")}</h2>
        <p className="muted">
          {s.version === 0
            ? t("settings.defaults")
            : t("settings.lastChange", {
                by: s.updatedByName ?? "—",
                at: s.updatedAt ? new Date(s.updatedAt).toLocaleString() : "—",
              })}
        </p>
        <p className="muted">{t("deals.settingsHint")}</p>
        <div className="grid2">
          {QUOTING_ROLES.map((r) => {
            const name = `discountLimitFen.${r}`;
            const limit = s.discountLimitFen[r];
            return (
              <Field key={r} name={name} label={t(`deals.role.${r}`)} error={form?.fields[name]}>
                <input
                  id={`f-${name}`}
                  name={name}
                  inputMode="decimal"
                  autoComplete="off"
                  placeholder={t("deals.none")}
                  defaultValue={v(name, limit === null ? "" : fenToYuanText(limit))}
                  aria-invalid={form?.fields[name] ? true : undefined}
                />
              </Field>
            );
          })}
        </div>
        <div className="grid2" style={{ marginTop: 10 }}>
          <Field
            name="dunningEscalateAfter"
            label={t("deals.dunningEscalateAfter")}
            type="number"
            inputMode="numeric"
            min={1}
            max={30}
            required
            defaultValue={v("dunningEscalateAfter", String(s.dunningEscalateAfter))}
            error={form?.fields.dunningEscalateAfter}
          />
          <Field
            name="depositDueDays"
            label={t("deals.depositDueDays")}
            type="number"
            inputMode="numeric"
            min={0}
            max={30}
            required
            defaultValue={v("depositDueDays", String(s.depositDueDays))}
            error={form?.fields.depositDueDays}
          />
        </div>
        {props.canEdit ? (
          <button type="submit" disabled={busy} style={{ marginTop: 10 }} data-testid="save-deal-settings">
            {t("deals.saveSettings")}
          </button>
        ) : null}
      </fieldset>
    </Form>
  );
}
