/**
 * The group's commission rules (sales admin, group admin edit; the GM reads):
 * per unit by model/trim with a default, accessory and insurance rates, per
 * loan, the target bonus and the attendance deductions. Amounts in yuan here,
 * stored in fen; rates in percent here, stored in basis points.
 */
import { commissions } from "@dealeros/services";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { type ActionError, attempt, formValues, str } from "../lib/forms.server";
import { useT } from "../lib/i18n";
import { yuanTextToFen } from "../lib/targets";
import { ErrorBanner, isFormError, useServerMessage } from "../lib/ui";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return {
    rules: await commissions.getCommissionRules(ctx),
    canEdit: ctx.actor.roles.some((r) => commissions.COMMISSION_RULE_EDITORS.includes(r)),
    storeId: params.storeId!,
  };
}

const MONEY = [
  ["defaultPerUnitFen", "commissions.rules.defaultPerUnit"],
  ["financePerLoanFen", "commissions.rules.financePerLoan"],
  ["targetBonusFen", "commissions.rules.targetBonus"],
  ["absenceDeductionFen", "commissions.rules.absence"],
  ["lateDeductionFen", "commissions.rules.late"],
] as const;
const RATES = [
  ["accessoryRateBp", "commissions.rules.accessoryRate"],
  ["insuranceRateBp", "commissions.rules.insuranceRate"],
] as const;

const fenText = (fen: number) => (fen / 100).toFixed(2).replace(/\.00$/, "");

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const values = formValues(form);
  const input: Record<string, unknown> = { version: Number(str(form, "version") ?? 0) };
  for (const [k] of MONEY) input[k] = yuanTextToFen(str(form, k)) ?? str(form, k);
  for (const [k] of RATES) {
    const v = Number((str(form, k) ?? "").trim());
    input[k] = Number.isFinite(v) ? Math.round(v * 100) : str(form, k);
  }
  const unitRates: unknown[] = [];
  const lines = (str(form, "unitRates") ?? "").split(/\r?\n/).filter((l) => l.trim());
  for (const l of lines) {
    const [brand, modelCode, trimCode, amount] = l.split(/[,，]/).map((x) => x.trim());
    const amountFen = yuanTextToFen(amount);
    if (!brand || !modelCode || amountFen === null) {
      const m = "Write each line as: brand, model code, trim code (or empty), amount.";
      return data<ActionError>(
        { ok: false, code: "validation_failed", message: m, fields: { unitRates: m }, values },
        { status: 400 },
      );
    }
    unitRates.push({ brand, modelCode, trimCode: trimCode || undefined, amountFen });
  }
  input.unitRates = unitRates;
  const r = await attempt(() => commissions.updateCommissionRules(ctx, input), values);
  if (!r.ok) return r.error;
  return { ok: true as const };
}

export default function CommissionRulesPage() {
  const t = useT();
  const msg = useServerMessage();
  const { rules, canEdit, storeId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = isFormError(result) ? result : undefined;
  const busy = useNavigation().state !== "idle";
  const val = (k: string, v: string) => err?.values?.[k] ?? v;
  return (
    <section>
      <Link to={`/app/s/${storeId}/commissions`}>{t("commissions.title")}</Link>
      <h2>{t("commissions.rulesTitle")}</h2>
      <p className="muted">{t("commissions.rulesHint")}</p>
      {!canEdit ? <p className="muted">{t("commissions.rules.readOnly")}</p> : null}
      {result && !isFormError(result) ? (
        <div className="banner ok" role="status">
          {t("commissions.rules.saved")}
        </div>
      ) : null}
      <ErrorBanner data={result} />
      <Form method="post" className="stack" key={`r-${rules.version}`}>
        <input type="hidden" name="version" value={rules.version} />
        <fieldset disabled={!canEdit} className="stack">
          {MONEY.map(([k, label]) => (
            <label key={k}>
              {t(label)}
              <input name={k} inputMode="decimal" required defaultValue={val(k, fenText(rules[k]))} />
              {err?.fields[k] ? <span className="field-error">{msg(err.fields[k])}</span> : null}
            </label>
          ))}
          {RATES.map(([k, label]) => (
            <label key={k}>
              {t(label)}
              <input name={k} inputMode="decimal" required defaultValue={val(k, String(rules[k] / 100))} />
              {err?.fields[k] ? <span className="field-error">{msg(err.fields[k])}</span> : null}
            </label>
          ))}
          <label>
            {t("commissions.rules.unitRates")}
            <textarea
              name="unitRates"
              rows={5}
              defaultValue={val(
                "unitRates",
                rules.unitRates
                  .map((r) => `${r.brand}, ${r.modelCode}, ${r.trimCode ?? ""}, ${fenText(r.amountFen)}`)
                  .join("\n"),
              )}
            />
            {err?.fields.unitRates ? <span className="field-error">{msg(err.fields.unitRates)}</span> : null}
          </label>
          {canEdit ? (
            <button type="submit" disabled={busy}>
              {t("commissions.rules.save")}
            </button>
          ) : null}
        </fieldset>
      </Form>
    </section>
  );
}
