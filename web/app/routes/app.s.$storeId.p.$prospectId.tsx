import { CALL_OUTCOMES, FLOOR_MANAGERS, PURCHASE_FACTORS, PURCHASE_TIMINGS } from "@dealeros/core";
import { prospects, staff } from "@dealeros/services";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AuditList } from "../lib/audit";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useFormatTime, useT } from "../lib/i18n";
import { ErrorBanner, Field, isFormError } from "../lib/ui";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orNotFound(async () => {
    const { prospect, audit, calls } = await prospects.getProspect(ctx, params.storeId!, params.prospectId!);
    const canTransfer = ctx.actor.roles.some((r) => FLOOR_MANAGERS.includes(r));
    const consultants = canTransfer
      ? (await staff.listStaff(ctx))
          .filter(
            (p) =>
              p.active &&
              p.roles.includes("sales_consultant") &&
              p.storeIds.includes(params.storeId!) &&
              p.userId !== prospect.ownerId,
          )
          .map((p) => ({ userId: p.userId, name: p.name }))
      : [];
    return { prospect, audit, calls, canTransfer, consultants, timeZone: ctx.store?.timeZone ?? "Asia/Shanghai" };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  if (str(form, "intent") === "needs") {
    const n = await attempt(
      () =>
        prospects.saveNeedsAnalysis(ctx, params.storeId!, params.prospectId!, {
          version: Number(form.get("version")),
          purchaseFactors: form.getAll("purchaseFactors").map(String),
          brandFamiliarity: str(form, "brandFamiliarity") || undefined,
          use: str(form, "use") || undefined,
          purchaseType: str(form, "purchaseType") || undefined,
          householdRoles: {
            user: str(form, "roleUser"),
            decisionMaker: str(form, "roleDecisionMaker"),
            buyer: str(form, "roleBuyer"),
            influencer: str(form, "roleInfluencer"),
          },
          intendedModel: str(form, "needsModel"),
          intendedColour: str(form, "intendedColour"),
          payment: str(form, "payment") || undefined,
          competingBrands: (str(form, "competingBrands") ?? "")
            .split(/[,，、]/)
            .map((b) => b.trim())
            .filter(Boolean),
          purchaseTiming: str(form, "purchaseTiming") || undefined,
          notes: str(form, "notes"),
        }),
      formValues(form),
    );
    if (!n.ok) return n.error;
    return { ok: true as const, graded: n.value.grade };
  }
  if (str(form, "intent") === "call") {
    const minutes = Number(str(form, "minutes") ?? "0");
    const c = await attempt(
      () =>
        prospects.logCall(ctx, params.storeId!, params.prospectId!, {
          direction: str(form, "direction"),
          durationSeconds: Number.isFinite(minutes) ? Math.round(minutes * 60) : str(form, "minutes"),
          outcome: str(form, "outcome"),
          note: str(form, "note") || undefined,
        }),
      formValues(form),
    );
    if (!c.ok) return c.error;
    return { ok: true as const, call: true };
  }
  const r = await attempt(
    () =>
      prospects.transferProspect(ctx, params.storeId!, params.prospectId!, {
        version: Number(form.get("version")),
        transferTo: str(form, "transferTo") ?? "",
        reason: str(form, "reason") ?? "",
      }),
    formValues(form),
  );
  if (!r.ok) return r.error;
  return { ok: true as const };
}

export default function ProspectCard() {
  const t = useT();
  const fmt = useFormatTime();
  const { prospect: p, audit, calls, canTransfer, consultants, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = isFormError(result) ? result : undefined;
  const [params] = useSearchParams();
  return (
    <>
      {params.get("linked") ? <div className="banner ok">{t("prospectLinked")}</div> : null}
      <p>
        <Link to={`/app/s/${p.storeId}/prospects`}>← {t("prospects")}</Link>
      </p>
      {result && !isFormError(result) ? <div className="banner ok">{t("saved")}</div> : null}
      <ErrorBanner data={result} />
      <div className="card" data-testid="prospect-card">
        <div className="spread">
          <h2 style={{ margin: 0 }}>{p.name}</h2>
          <span className="pill">{p.grade ?? t("ungraded")}</span>
        </div>
        <ul className="plain">
          <li>
            {t("mobile")}: {p.mobile ?? p.phone ?? "—"} · {t("gender")}: {t(`gender.${p.gender}`)} · {t("city")}:{" "}
            {p.city ?? "—"}
          </li>
          <li>
            {t("source")}: {t(`source.${p.source}`)}
            {p.subSource ? ` · ${p.subSource}` : ""} · {t("intendedModel")}: {p.intendedModel ?? "—"}
          </li>
          <li>
            {t("owner")}: <strong>{p.ownerName}</strong> · {t("origin")}: {t(`origin.${p.origin.kind}`)}
            {p.origin.walkInId ? (
              <>
                {" "}
                (<Link to={`/app/s/${p.storeId}/w/${p.origin.walkInId}`}>{t("details")}</Link>)
              </>
            ) : null}
          </li>
          {p.note ? (
            <li>
              {t("note")}: {p.note}
            </li>
          ) : null}
        </ul>
      </div>
      <NeedsForm p={p} err={err} />
      <div className="card">
        <h2>{t("calls")}</h2>
        <Form method="post" className="stack" key={calls.length}>
          <input type="hidden" name="intent" value="call" />
          <div className="grid4">
            <Field name="direction" label={t("direction")}>
              <select id="f-direction" name="direction" defaultValue="outbound">
                <option value="outbound">{t("call.outbound")}</option>
                <option value="inbound">{t("call.inbound")}</option>
              </select>
            </Field>
            <Field
              name="minutes"
              type="number"
              label={t("callMinutes")}
              min={0}
              max={240}
              defaultValue={1}
              inputMode="numeric"
              error={err?.fields.durationSeconds}
            />
            <Field name="outcome" label={t("outcome")} error={err?.fields.outcome}>
              <select id="f-outcome" name="outcome" defaultValue="appointment">
                {CALL_OUTCOMES.map((o) => (
                  <option key={o} value={o}>
                    {t(`outcome.${o}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field name="note" label={t("note")} maxLength={500} form={err} />
          </div>
          <button type="submit">{t("logCall")}</button>
        </Form>
        <ul className="plain" data-testid="calls">
          {calls.map((c) => (
            <li key={c.callId}>
              <strong>{t(`outcome.${c.outcome}`)}</strong> · {t(`call.${c.direction}`)} ·{" "}
              {Math.round(c.durationSeconds / 60)} min · {c.byName} · {fmt(c.at, timeZone)}
              {c.note ? <div className="muted">{c.note}</div> : null}
            </li>
          ))}
        </ul>
      </div>
      {canTransfer ? (
        <div className="card">
          <h2>{t("transfer")}</h2>
          <Form method="post" className="stack">
            <input type="hidden" name="version" value={p.version} />
            <div className="grid2">
              <Field name="transferTo" label={t("transferTo")} form={err}>
                <select id="f-transferTo" name="transferTo" defaultValue="">
                  <option value="">—</option>
                  {consultants.map((c) => (
                    <option key={c.userId} value={c.userId}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </Field>
              <Field name="reason" label={t("reason")} maxLength={200} form={err} />
            </div>
            <button type="submit">{t("transfer")}</button>
          </Form>
        </div>
      ) : null}
      <AuditList audit={audit} timeZone={timeZone} />
    </>
  );
}

type Needs = {
  purchaseFactors?: string[];
  brandFamiliarity?: string;
  use?: string;
  purchaseType?: string;
  householdRoles?: { user?: string; decisionMaker?: string; buyer?: string; influencer?: string };
  intendedModel?: string;
  intendedColour?: string;
  payment?: string;
  competingBrands?: string[];
  purchaseTiming?: string;
  notes?: string;
};

function Choice(props: {
  name: string;
  label: string;
  options: readonly string[];
  value?: string;
  prefix: string;
  error?: string;
}) {
  const t = useT();
  return (
    <Field name={props.name} label={props.label} error={props.error}>
      <select id={`f-${props.name}`} name={props.name} defaultValue={props.value ?? ""}>
        <option value="">—</option>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {t(`${props.prefix}.${o}`)}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** The 10 key facts, on one phone-sized form (需求分析). */
function NeedsForm({
  p,
  err,
}: {
  p: { version: number; needs?: unknown; intendedModel?: string };
  err?: { fields: Record<string, string> };
}) {
  const t = useT();
  const n = (p.needs ?? {}) as Needs;
  const f = err?.fields ?? {};
  return (
    <div className="card">
      <h2>{t("needsAnalysis")}</h2>
      <Form method="post" className="stack" data-testid="needs-form">
        <input type="hidden" name="intent" value="needs" />
        <input type="hidden" name="version" value={p.version} />
        <fieldset className="checks">
          <legend className="muted">{t("purchaseFactors")}</legend>
          {PURCHASE_FACTORS.map((x) => (
            <label key={x}>
              <input type="checkbox" name="purchaseFactors" value={x} defaultChecked={n.purchaseFactors?.includes(x)} />{" "}
              {t(`factor.${x}`)}
            </label>
          ))}
        </fieldset>
        <div className="grid4">
          <Choice
            name="purchaseTiming"
            label={t("purchaseTiming")}
            options={PURCHASE_TIMINGS}
            value={n.purchaseTiming}
            prefix="timing"
            error={f.purchaseTiming}
          />
          <Choice
            name="brandFamiliarity"
            label={t("brandFamiliarity")}
            options={["none", "some", "familiar", "owner"]}
            value={n.brandFamiliarity}
            prefix="familiarity"
            error={f.brandFamiliarity}
          />
          <Choice
            name="use"
            label={t("use")}
            options={["family", "business", "both"]}
            value={n.use}
            prefix="use"
            error={f.use}
          />
          <Choice
            name="purchaseType"
            label={t("purchaseType")}
            options={["first", "additional", "trade_in"]}
            value={n.purchaseType}
            prefix="ptype"
            error={f.purchaseType}
          />
          <Choice
            name="payment"
            label={t("payment")}
            options={["cash", "loan"]}
            value={n.payment}
            prefix="payment"
            error={f.payment}
          />
          <Field
            name="needsModel"
            label={t("intendedModel")}
            maxLength={60}
            defaultValue={n.intendedModel ?? p.intendedModel}
            error={f.intendedModel}
          />
          <Field
            name="intendedColour"
            label={t("intendedColour")}
            maxLength={30}
            defaultValue={n.intendedColour}
            error={f.intendedColour}
          />
          <Field
            name="competingBrands"
            label={t("competingBrands")}
            maxLength={200}
            defaultValue={n.competingBrands?.join(", ")}
            error={f.competingBrands}
          />
          <Field name="roleUser" label={t("role.user")} maxLength={40} defaultValue={n.householdRoles?.user} />
          <Field
            name="roleDecisionMaker"
            label={t("role.decisionMaker")}
            maxLength={40}
            defaultValue={n.householdRoles?.decisionMaker}
          />
          <Field name="roleBuyer" label={t("role.buyer")} maxLength={40} defaultValue={n.householdRoles?.buyer} />
          <Field
            name="roleInfluencer"
            label={t("role.influencer")}
            maxLength={40}
            defaultValue={n.householdRoles?.influencer}
          />
        </div>
        <Field name="notes" label={t("needsNotes")} maxLength={1000} defaultValue={n.notes} error={f.notes} />
        <button type="submit">{t("saveAndGrade")}</button>
      </Form>
    </div>
  );
}
