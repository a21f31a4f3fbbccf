/**
 * One commission statement (提成单): its lines (each delivered car with its
 * unit amount, revenue shares, bonus, deductions, adjustments) and total. A
 * consultant opens only his own (anyone else's is a 404); the sales admin adds
 * adjustment lines with a reason while the month is a draft.
 * .../xlsx (a resource route) downloads it.
 */
import { commissions } from "@dealeros/services";
import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { type ActionError, attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useFormatDateTime, useT } from "../lib/i18n";
import { useYuanText, yuanTextToFen } from "../lib/targets";
import { ErrorBanner, isFormError, useServerMessage } from "../lib/ui";
import styles from "../styles/targets.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const view = await orNotFound(() => commissions.getStatement(ctx, params.storeId!, params.month!, params.userId!));
  const s = view.statement;
  return { ...view, own: s.userId === ctx.actor.userId, timeZone: ctx.store?.timeZone ?? "Asia/Shanghai" };
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const values = formValues(form);
  const amountFen = yuanTextToFen(str(form, "amount"));
  if (amountFen === null)
    return data<ActionError>(
      {
        ok: false,
        code: "validation_failed",
        message: "Enter an amount in yuan like -120 or 88.50.",
        fields: { amountFen: "Enter an amount in yuan like -120 or 88.50." },
        values,
      },
      { status: 400 },
    );
  const r = await attempt(
    () =>
      commissions.addAdjustment(ctx, params.storeId!, params.month!, params.userId!, {
        amountFen,
        reason: str(form, "reason") ?? "",
        version: Number(str(form, "version") ?? 0),
      }),
    values,
  );
  if (!r.ok) return r.error;
  return { ok: true as const };
}

const REVENUE = new Set(["accessories", "insurance"]);

export default function StatementPage() {
  const t = useT();
  const yuan = useYuanText();
  const fmt = useFormatDateTime();
  const msg = useServerMessage();
  const { statement: s, state, canReview, own, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = isFormError(result) ? result : undefined;
  const busy = useNavigation().state !== "idle";
  const keyed = s.lines.map((l, n) => ({ l, key: `${l.kind}.${l.contractId ?? ""}.${n}` }));
  const base = (kind: string, q: number) => (REVENUE.has(kind) ? `¥${yuan(q)}` : String(q));
  const rate = (kind: string, r: number) =>
    REVENUE.has(kind) ? `${(r / 100).toFixed(2)} %` : kind === "adjustment" ? "" : `¥${yuan(r)}`;
  return (
    <section>
      {canReview ? <Link to={`/app/s/${s.storeId}/commissions?month=${s.month}`}>{t("commissions.back")}</Link> : null}
      {own ? <Link to={`/app/s/${s.storeId}/my-commission`}>{t("commissions.my")}</Link> : null}
      <h2>{t("commissions.statement", { month: s.month, name: s.name })}</h2>
      <div className="stats">
        <div>
          <span className="muted">{t("commissions.status")}</span>
          <b data-testid="statement-state">{t(`commissions.state.${state}`)}</b>
        </div>
        <div>
          <span className="muted">{t("commissions.col.total")}</span>
          <b data-testid="statement-total" className={s.totalFen < 0 ? "tg-neg" : undefined}>
            ¥{yuan(s.totalFen)}
          </b>
        </div>
        <div>
          <span className="muted">{t("commissions.col.units")}</span>
          <b>
            {s.units}
            {s.targetUnits !== null ? ` / ${s.targetUnits}` : ""}
          </b>
        </div>
      </div>
      <p className="muted">{t("commissions.attendance", { a: s.absentDays, l: s.lateSignIns })}</p>
      {result && !isFormError(result) ? (
        <div className="banner ok" role="status">
          {t("commissions.adjusted")}
        </div>
      ) : null}
      <ErrorBanner data={result} />
      <table className="responsive" data-testid="statement-lines">
        <thead>
          <tr>
            <th>{t("commissions.col.item")}</th>
            <th className="tg-num">{t("commissions.col.quantity")}</th>
            <th className="tg-num">{t("commissions.col.rate")}</th>
            <th className="tg-num">{t("commissions.col.amount")}</th>
          </tr>
        </thead>
        <tbody>
          {keyed.map(({ l, key }) => (
            <tr key={key}>
              <td data-label={t("commissions.col.item")}>
                <strong>{t(`commissions.line.${l.kind}`)}</strong>
                {l.kind === "unit" || l.kind === "adjustment" ? <div className="muted">{l.label}</div> : null}
              </td>
              <td data-label={t("commissions.col.quantity")} className="tg-num">
                {base(l.kind, l.quantity)}
              </td>
              <td data-label={t("commissions.col.rate")} className="tg-num">
                {rate(l.kind, l.rate)}
              </td>
              <td data-label={t("commissions.col.amount")} className={`tg-num${l.amountFen < 0 ? " tg-neg" : ""}`}>
                {yuan(l.amountFen)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <a href={`/app/s/${s.storeId}/commissions/${s.month}/${s.userId}/xlsx`} download>
          {t("commissions.xlsx")}
        </a>
      </p>

      {s.adjustments.length ? (
        <ul className="plain">
          {s.adjustments.map((a) => (
            <li key={a.id} className="muted">
              {fmt(a.at, timeZone)} · {a.byName} · ¥{yuan(a.amountFen)} · {a.reason}
            </li>
          ))}
        </ul>
      ) : null}

      {canReview && state === "draft" ? (
        <details className="tg-edit" open={!!err}>
          <summary>{t("commissions.adjust")}</summary>
          <Form method="post" className="stack" key={`a-${s.version}`}>
            <input type="hidden" name="version" value={s.version} />
            <label>
              {t("commissions.adjustAmount")}
              <input name="amount" inputMode="decimal" required defaultValue={err?.values?.amount ?? ""} />
              {err?.fields.amountFen ? <span className="field-error">{msg(err.fields.amountFen)}</span> : null}
            </label>
            <label>
              {t("commissions.adjustReason")}
              <input name="reason" maxLength={200} required defaultValue={err?.values?.reason ?? ""} />
              {err?.fields.reason ? <span className="field-error">{msg(err.fields.reason)}</span> : null}
            </label>
            <button type="submit" disabled={busy}>
              {t("commissions.adjustSave")}
            </button>
          </Form>
        </details>
      ) : null}
    </section>
  );
}
