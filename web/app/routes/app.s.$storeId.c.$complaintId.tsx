import { complaints } from "@dealeros/services";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AuditList } from "../lib/audit";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { AssigneeSelect, ComplaintBadges, SlaCountdown } from "../lib/complaints";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useFormatDateTime, useT } from "../lib/i18n";
import { ErrorBanner, Field, isFormError, useServerMessage } from "../lib/ui";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orNotFound(async () => {
    const detail = await complaints.getComplaint(ctx, params.storeId!, params.complaintId!);
    const staff =
      detail.canHandle && detail.complaint.state !== "resolved"
        ? (await complaints.assignableStaff(ctx, params.storeId!)).filter(
            (s) => s.userId !== detail.complaint.assigneeId,
          )
        : [];
    return { ...detail, staff, timeZone: ctx.store?.timeZone ?? "Asia/Shanghai" };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const intent = str(form, "intent");
  const version = Number(form.get("version"));
  const storeId = params.storeId!;
  const id = params.complaintId!;
  const run = (() => {
    switch (intent) {
      case "respond":
        return () =>
          complaints.respondToComplaint(ctx, storeId, id, {
            version,
            note: str(form, "note") ?? "",
            actionTaken: str(form, "actionTaken") || undefined,
          });
      case "resolve": {
        const score = str(form, "satisfaction");
        return () =>
          complaints.resolveComplaint(ctx, storeId, id, {
            version,
            resolution: str(form, "resolution") ?? "",
            satisfaction: score ? Number(score) : undefined,
          });
      }
      case "reassign":
        return () =>
          complaints.reassignComplaint(ctx, storeId, id, {
            version,
            assigneeId: str(form, "assigneeId") || undefined,
            reason: str(form, "reason") ?? "",
          });
      case "oem":
        return () => complaints.flagComplaintForOem(ctx, storeId, id, { version, note: str(form, "oemNote") ?? "" });
      default:
        throw new Response("Unknown action.", { status: 400 });
    }
  })();
  const r = await attempt(run, { ...formValues(form), intent: intent ?? "" });
  if (!r.ok) return r.error;
  return { ok: true as const, intent };
}

export default function ComplaintPage() {
  const t = useT();
  const fmt = useFormatDateTime();
  const msg = useServerMessage();
  const { complaint: c, audit, canHandle, staff, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = isFormError(result) ? result : undefined;
  /** field errors belong to the form that was sent */
  const errFor = (intent: string) => (err?.values?.intent === intent ? err : undefined);
  const [params] = useSearchParams();
  const trail = audit.map((a) => (a.by === "system" ? { ...a, byName: t("complaints.system") } : a));
  return (
    <>
      <p>
        <Link to={`/app/s/${c.storeId}/complaints`}>← {t("complaints.back")}</Link>
      </p>
      {params.get("logged") && !result ? <div className="banner ok">{t("complaints.saved")}</div> : null}
      {result && !isFormError(result) ? <div className="banner ok">{t("complaints.saved")}</div> : null}
      <ErrorBanner data={result} />
      <div className="card" data-testid="complaint-card">
        <div className="spread">
          <h2 style={{ margin: 0 }}>{c.customerName}</h2>
          <ComplaintBadges escalatedAt={c.escalatedAt} oem={c.oem} />
        </div>
        <ul className="plain">
          <li>
            {t("complaints.state")}: <strong>{t(`complaints.state.${c.state}`)}</strong> · <SlaCountdown sla={c.sla} />
          </li>
          <li>
            {t("complaints.mobile")}: {c.mobile ?? "—"}
            {c.prospectId ? (
              <>
                {" "}
                · <Link to={`/app/s/${c.storeId}/p/${c.prospectId}`}>{t("complaints.prospectCard")}</Link>
              </>
            ) : null}
          </li>
          <li>
            {t("complaints.channel")}: {t(`complaints.channel.${c.channel}`)} · {t("complaints.category")}:{" "}
            {t(`complaints.category.${c.category}`)} · {t("complaints.severity")}:{" "}
            {t(`complaints.severity.${c.severity}`)}
          </li>
          <li>
            {t("complaints.loggedAt")}: {fmt(c.loggedAt, timeZone)} · {t("complaints.loggedBy")}: {c.createdByName}
          </li>
          <li>
            {t("complaints.due")}: {fmt(c.dueAt, timeZone)} · {t("complaints.assignee")}:{" "}
            <strong>{c.assigneeName}</strong>
          </li>
          {c.escalatedTo ? (
            <li style={{ color: "var(--err)" }}>
              {t("complaints.escalatedTo", { names: c.escalatedTo.map((u) => u.name).join(", ") || "—" })} ·{" "}
              {fmt(c.escalatedAt, timeZone)}
            </li>
          ) : null}
          <li style={{ whiteSpace: "pre-wrap" }}>{c.description}</li>
        </ul>
      </div>

      {c.response ? (
        <div className="card" data-testid="complaint-response">
          <h2 style={{ marginTop: 0 }}>{t("complaints.response")}</h2>
          <p style={{ whiteSpace: "pre-wrap", margin: 0 }}>{c.response.note}</p>
          {c.response.actionTaken ? (
            <p className="muted">
              {t("complaints.actionTaken")}: {c.response.actionTaken}
            </p>
          ) : null}
          <p className="muted">
            {c.response.byName} · {fmt(c.response.at, timeZone)}
          </p>
        </div>
      ) : null}
      {c.resolution ? (
        <div className="card" data-testid="complaint-resolution">
          <h2 style={{ marginTop: 0 }}>{t("complaints.resolution")}</h2>
          <p style={{ whiteSpace: "pre-wrap", margin: 0 }}>{c.resolution.text}</p>
          <p className="muted">
            {t("complaints.satisfaction")}: {t(`complaints.satisfaction.${c.resolution.satisfaction}`)} (
            {t(`complaints.level.${c.resolution.level}`)}) · {c.resolution.byName} · {fmt(c.resolution.at, timeZone)}
          </p>
        </div>
      ) : null}
      {c.oem ? (
        <div className="card" data-testid="complaint-oem">
          <h2 style={{ marginTop: 0 }}>{t("complaints.oemFlagged")}</h2>
          <p style={{ whiteSpace: "pre-wrap", margin: 0 }}>{c.oem.note}</p>
          <p className="muted">
            {c.oem.byName} · {fmt(c.oem.at, timeZone)}
          </p>
        </div>
      ) : null}

      {!canHandle && c.state !== "resolved" ? <p className="muted">{t("complaints.readOnly")}</p> : null}

      {canHandle && c.state === "open" ? (
        <div className="card">
          <h2 style={{ marginTop: 0 }}>{t("complaints.respondTitle")}</h2>
          <Form method="post" className="stack" data-testid="respond-form">
            <input type="hidden" name="intent" value="respond" />
            <input type="hidden" name="version" value={c.version} />
            <Field name="note" label={t("complaints.responseNote")} form={errFor("respond")}>
              <textarea
                id="f-note"
                name="note"
                rows={3}
                maxLength={1000}
                required
                defaultValue={errFor("respond")?.values?.note}
              />
            </Field>
            <Field name="actionTaken" label={t("complaints.actionTaken")} maxLength={500} form={errFor("respond")} />
            <button type="submit">{t("complaints.respondButton")}</button>
          </Form>
        </div>
      ) : null}

      {canHandle && c.state !== "resolved" ? (
        <div className="card">
          <h2 style={{ marginTop: 0 }}>{t("complaints.resolveTitle")}</h2>
          {c.state === "open" ? <p className="muted">{t("complaints.resolveHint")}</p> : null}
          <Form method="post" className="stack" data-testid="resolve-form">
            <input type="hidden" name="intent" value="resolve" />
            <input type="hidden" name="version" value={c.version} />
            <Field name="resolution" label={t("complaints.resolution")} form={errFor("resolve")}>
              <textarea
                id="f-resolution"
                name="resolution"
                rows={3}
                maxLength={1000}
                required
                defaultValue={errFor("resolve")?.values?.resolution}
              />
            </Field>
            <fieldset className="checks">
              <legend className="muted">{t("complaints.satisfaction")}</legend>
              {[1, 2, 3, 4, 5].map((n) => (
                <label key={n}>
                  <input type="radio" name="satisfaction" value={n} required /> {t(`complaints.satisfaction.${n}`)}
                </label>
              ))}
            </fieldset>
            {errFor("resolve")?.fields.satisfaction ? (
              <span className="field-error">{msg(errFor("resolve")?.fields.satisfaction)}</span>
            ) : null}
            <button type="submit">{t("complaints.resolveButton")}</button>
          </Form>
        </div>
      ) : null}

      {canHandle && c.state !== "resolved" && staff.length ? (
        <div className="card">
          <h2 style={{ marginTop: 0 }}>{t("complaints.reassignTitle")}</h2>
          <Form method="post" className="stack" data-testid="reassign-form">
            <input type="hidden" name="intent" value="reassign" />
            <input type="hidden" name="version" value={c.version} />
            <div className="grid2">
              <Field name="assigneeId" label={t("complaints.reassignTo")} form={errFor("reassign")}>
                <AssigneeSelect staff={staff} />
              </Field>
              <Field name="reason" label={t("complaints.reason")} maxLength={200} form={errFor("reassign")} />
            </div>
            <button type="submit" className="secondary">
              {t("complaints.reassignButton")}
            </button>
          </Form>
        </div>
      ) : null}

      {canHandle && !c.oem ? (
        <div className="card">
          <h2 style={{ marginTop: 0 }}>{t("complaints.oemTitle")}</h2>
          <Form method="post" className="stack" data-testid="oem-form">
            <input type="hidden" name="intent" value="oem" />
            <input type="hidden" name="version" value={c.version} />
            <Field name="oemNote" label={t("complaints.oemNote")} error={errFor("oem")?.fields.note}>
              <textarea
                id="f-oemNote"
                name="oemNote"
                rows={2}
                maxLength={1000}
                required
                defaultValue={errFor("oem")?.values?.oemNote}
              />
            </Field>
            <button type="submit" className="secondary">
              {t("complaints.oemButton")}
            </button>
          </Form>
        </div>
      ) : null}

      <AuditList audit={trail} timeZone={timeZone} />
    </>
  );
}
