import {
  CALL_OUTCOMES,
  FLOOR_MANAGERS,
  LOST_REASONS,
  PURCHASE_FACTORS,
  PURCHASE_TIMINGS,
  zonedToUtc,
} from "@dealeros/core";
import { followUps, prospects, quotes, staff } from "@dealeros/services";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { DealsSection } from "../components/deals-section";
import { AuditList } from "../lib/audit";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { FollowUpPanel } from "../lib/followup-card";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useFormatTime, useT } from "../lib/i18n";
import { ErrorBanner, Field, HandOver, isFormError } from "../lib/ui";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orNotFound(async () => {
    const {
      prospect,
      audit,
      calls,
      followUps: history,
    } = await prospects.getProspect(ctx, params.storeId!, params.prospectId!);
    const canTransfer = ctx.actor.roles.some((r) => FLOOR_MANAGERS.includes(r));
    const consultants = canTransfer
      ? (await staff.listStoreConsultants(ctx, params.storeId!)).filter((c) => c.userId !== prospect.ownerId)
      : [];
    return {
      prospect,
      audit,
      calls,
      canTransfer,
      consultants,
      isOwner: prospect.ownerId === ctx.actor.userId,
      timeZone: ctx.store?.timeZone ?? "Asia/Shanghai",
      followUps: history,
      canFollowUp: prospect.ownerId === ctx.actor.userId || canTransfer,
      deals: await quotes.cardDeals(ctx, params.storeId!, prospect),
      now: new Date().toISOString(),
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  if (str(form, "intent") === "lost") {
    const l = await attempt(
      () =>
        prospects.requestLost(ctx, params.storeId!, params.prospectId!, {
          version: Number(form.get("version")),
          reason: str(form, "lostReason"),
          note: str(form, "lostNote") || undefined,
        }),
      formValues(form),
    );
    if (!l.ok) return l.error;
    return { ok: true as const };
  }
  if (str(form, "intent") === "approve-lost" || str(form, "intent") === "reject-lost") {
    const d = await attempt(() =>
      prospects.decideLost(ctx, params.storeId!, params.prospectId!, {
        version: Number(form.get("version")),
        approve: str(form, "intent") === "approve-lost",
        comment: str(form, "comment") || undefined,
      }),
    );
    if (!d.ok) return d.error;
    return { ok: true as const };
  }
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
  if (str(form, "intent") === "followup") {
    // the phone's date-time picker gives store-local wall time ("2026-11-27T10:30")
    const local = str(form, "fuAppointmentAt") ?? "";
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(local);
    const timeZone = ctx.store?.timeZone ?? "Asia/Shanghai";
    const f = await attempt(
      () =>
        followUps.completeFollowUp(ctx, params.storeId!, params.prospectId!, {
          version: Number(form.get("version")),
          channel: str(form, "fuChannel"),
          outcome: str(form, "fuOutcome"),
          note: str(form, "fuNote") || undefined,
          nextStep: str(form, "fuNextStep") || undefined,
          appointmentAt: m ? zonedToUtc(m[1]!, m[2]!, timeZone).toISOString() : local || undefined,
        }),
      formValues(form),
    );
    if (!f.ok) return f.error;
    return { ok: true as const, followUp: true, next: f.value.prospect.nextFollowUpAt ?? null };
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
  const {
    prospect: p,
    audit,
    calls,
    canTransfer,
    consultants,
    isOwner,
    timeZone,
    followUps: history,
    canFollowUp,
    now,
    deals,
  } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = isFormError(result) ? result : undefined;
  const followUpErr = err?.values?.intent === "followup" ? err : undefined;
  const followUpSaved = result && !isFormError(result) && "followUp" in result ? result : undefined;
  const [params] = useSearchParams();
  return (
    <>
      {params.get("linked") ? <div className="banner ok">{t("prospectLinked")}</div> : null}
      <p>
        <Link to={`/app/s/${p.storeId}/prospects`}>← {t("prospects")}</Link>
      </p>
      {result && !isFormError(result) && !followUpSaved ? <div className="banner ok">{t("saved")}</div> : null}
      <ErrorBanner data={result} />
      <div className="card" data-testid="prospect-card">
        <div className="spread">
          <h2 style={{ margin: 0 }}>{p.name}</h2>
          <span className="pill">{p.grade ?? t("ungraded")}</span>
          {p.customer ? (
            <span className="pill ok" data-testid="customer-badge">
              {t("delivery.customerBadge")}
            </span>
          ) : null}
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
        <div className="row">
          <Link to={`/app/s/${p.storeId}/test-drives?prospectId=${p.prospectId}`}>{t("testdrive.bookForCard")} →</Link>
          <Link to={`/app/s/${p.storeId}/complaints?prospectId=${p.prospectId}`}>{t("complaints.logTitle")} →</Link>
        </div>
      </div>
      <DealsSection deals={deals} storeId={p.storeId} prospectId={p.prospectId} timeZone={timeZone} />
      <FollowUpPanel
        card={p}
        followUps={history}
        now={now}
        timeZone={timeZone}
        canRecord={canFollowUp}
        error={followUpErr}
        savedNext={followUpSaved ? followUpSaved.next : undefined}
      />
      {p.lost ? (
        <div className="banner err" data-testid="lost-banner">
          {t("lostClosed")}: {t(`lost.${p.lost.reason}`)} · {p.lost.approvedByName}
        </div>
      ) : null}
      {p.lostRequest ? (
        <div className="card" data-testid="lost-request">
          <p>
            <span className="pill warn">{t("lostWaiting")}</span> {t(`lost.${p.lostRequest.reason}`)}
            {p.lostRequest.note ? ` — ${p.lostRequest.note}` : ""} · {p.lostRequest.requestedByName}
          </p>
          {canTransfer ? (
            <Form method="post" className="row">
              <input type="hidden" name="version" value={p.version} />
              <input
                name="comment"
                aria-label={t("comment")}
                placeholder={t("comment")}
                maxLength={300}
                style={{ width: "auto", flex: 1 }}
              />
              <button type="submit" name="intent" value="approve-lost">
                {t("approveLost")}
              </button>
              <button type="submit" name="intent" value="reject-lost" className="secondary">
                {t("rejectLost")}
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}
      {p.status === "active" ? <NeedsForm p={p} err={err} /> : null}
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
      {p.status === "active" && !p.lostRequest && (isOwner || canTransfer) ? (
        <div className="card">
          <h2>{t("markLost")}</h2>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="lost" />
            <input type="hidden" name="version" value={p.version} />
            <div className="grid2">
              <Field name="lostReason" label={t("reason")} error={err?.fields.reason}>
                <select id="f-lostReason" name="lostReason" defaultValue="">
                  <option value="">—</option>
                  {LOST_REASONS.map((r) => (
                    <option key={r} value={r}>
                      {t(`lost.${r}`)}
                    </option>
                  ))}
                </select>
              </Field>
              <Field name="lostNote" label={t("note")} maxLength={300} error={err?.fields.note} />
            </div>
            <button type="submit" className="secondary">
              {t("markLost")}
            </button>
          </Form>
        </div>
      ) : null}
      {canTransfer ? (
        <div className="card">
          <h2>{t("transfer")}</h2>
          <Form method="post" className="stack">
            <input type="hidden" name="version" value={p.version} />
            <HandOver
              field="transferTo"
              label={t("transferTo")}
              consultants={consultants}
              form={err}
              submit={t("transfer")}
            />
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
