import { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, COMPLAINT_FILTERS, COMPLAINT_SEVERITIES } from "@dealeros/core";
import { complaints, prospects } from "@dealeros/services";
import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { AssigneeSelect, ComplaintBadges, SlaCountdown } from "../lib/complaints";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useFormatDateTime, useT } from "../lib/i18n";
import { ErrorBanner, Field, isFormError } from "../lib/ui";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const url = new URL(request.url);
  const prospectId = url.searchParams.get("prospectId") ?? undefined;
  return orNotFound(async () => {
    const [page, staff] = await Promise.all([
      complaints.listComplaints(ctx, params.storeId!, {
        filter: url.searchParams.get("filter") ?? undefined,
        cursor: url.searchParams.get("cursor") ?? undefined,
      }),
      complaints.assignableStaff(ctx, params.storeId!),
    ]);
    // "log a complaint" from a prospect card: the card's name, when this user may open the card
    const linked = prospectId
      ? await prospects
          .getProspect(ctx, params.storeId!, prospectId)
          .then((r) => ({ prospectId, name: r.prospect.name }))
          .catch(() => undefined)
      : undefined;
    return {
      ...page,
      storeId: params.storeId!,
      timeZone: ctx.store?.timeZone ?? "Asia/Shanghai",
      staff,
      linked,
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const input = {
    customerName: str(form, "customerName") || undefined,
    mobile: str(form, "mobile") || undefined,
    prospectId: str(form, "prospectId") || undefined,
    channel: str(form, "channel") || undefined,
    category: str(form, "category") || undefined,
    severity: str(form, "severity") || undefined,
    description: str(form, "description") ?? "",
    assigneeId: str(form, "assigneeId") || undefined,
  };
  const r = await attempt(() => complaints.createComplaint(ctx, params.storeId!, input), formValues(form));
  if (!r.ok) return r.error;
  throw redirect(`/app/s/${params.storeId}/c/${r.value.complaintId}?logged=1`);
}

export default function Complaints() {
  const t = useT();
  const fmt = useFormatDateTime();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = isFormError(result) ? result : undefined;
  const base = `/app/s/${data.storeId}/complaints`;
  const values = err?.values ?? {};
  return (
    <>
      <h2 style={{ marginTop: 0 }}>{t("complaints.title")}</h2>
      <nav className="row" style={{ marginBottom: 8 }} data-testid="complaint-filters">
        {COMPLAINT_FILTERS.map((f) => (
          <Link key={f} to={`${base}?filter=${f}`} className={data.filter === f ? "pill" : "pill off"}>
            {t(`complaints.filter.${f}`)}
          </Link>
        ))}
      </nav>
      {data.items.length === 0 ? (
        <p className="empty">{t("complaints.empty")}</p>
      ) : (
        <table className="responsive" data-testid="complaint-table">
          <thead>
            <tr>
              <th>{t("complaints.customer")}</th>
              <th>{t("complaints.category")}</th>
              <th>{t("complaints.assignee")}</th>
              <th>{t("complaints.sla")}</th>
              <th>{t("complaints.state")}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((c) => (
              <tr key={c.complaintId} data-testid="complaint-row">
                <td data-label={t("complaints.customer")}>
                  <Link to={`/app/s/${data.storeId}/c/${c.complaintId}`}>{c.customerName}</Link>
                  <div className="muted">
                    {t(`complaints.channel.${c.channel}`)} · {fmt(c.loggedAt, data.timeZone)}
                  </div>
                </td>
                <td data-label={t("complaints.category")}>{t(`complaints.category.${c.category}`)}</td>
                <td data-label={t("complaints.assignee")}>{c.assigneeName}</td>
                <td data-label={t("complaints.sla")}>
                  <SlaCountdown sla={c.sla} />
                  {c.state === "open" ? <div className="muted">{fmt(c.dueAt, data.timeZone)}</div> : null}
                </td>
                <td data-label={t("complaints.state")}>
                  <div>{t(`complaints.state.${c.state}`)}</div>
                  <ComplaintBadges escalatedAt={c.escalatedAt} oem={c.oem} severity={c.severity} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.cursor ? (
        <p>
          <Link to={`${base}?filter=${data.filter}&cursor=${data.cursor}`}>{t("complaints.more")} →</Link>
        </p>
      ) : null}

      <div className="card" style={{ marginTop: 16 }}>
        <h2>{t("complaints.logTitle")}</h2>
        <ErrorBanner data={result} />
        <Form method="post" className="stack" data-testid="complaint-form">
          {data.linked ? (
            <>
              <input type="hidden" name="prospectId" value={data.linked.prospectId} />
              <p className="muted">{t("complaints.linkedCard", { name: data.linked.name })}</p>
            </>
          ) : null}
          <div className="grid4">
            <Field
              name="customerName"
              label={t("complaints.customerName")}
              maxLength={60}
              form={err}
              defaultValue={values.customerName ?? data.linked?.name}
            />
            <Field
              name="mobile"
              type="tel"
              inputMode="tel"
              label={t("complaints.mobile")}
              maxLength={20}
              form={err}
              placeholder="138 1234 5678"
            />
            <Field name="channel" label={t("complaints.channel")} form={err}>
              <select id="f-channel" name="channel" defaultValue={values.channel ?? "phone"}>
                {COMPLAINT_CHANNELS.map((c) => (
                  <option key={c} value={c}>
                    {t(`complaints.channel.${c}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field name="category" label={t("complaints.category")} form={err}>
              <select id="f-category" name="category" defaultValue={values.category ?? ""}>
                <option value="">—</option>
                {COMPLAINT_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {t(`complaints.category.${c}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field name="severity" label={t("complaints.severity")} form={err}>
              <select id="f-severity" name="severity" defaultValue={values.severity ?? "medium"}>
                {COMPLAINT_SEVERITIES.map((s) => (
                  <option key={s} value={s}>
                    {t(`complaints.severity.${s}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field name="assigneeId" label={t("complaints.assignee")} form={err}>
              <AssigneeSelect
                staff={data.staff}
                defaultValue={values.assigneeId}
                emptyLabel={t("complaints.assigneeDefault")}
              />
            </Field>
          </div>
          <Field name="description" label={t("complaints.description")} form={err}>
            <textarea
              id="f-description"
              name="description"
              rows={4}
              maxLength={2000}
              required
              defaultValue={values.description}
              aria-invalid={err?.fields.description ? true : undefined}
            />
          </Field>
          <button type="submit">{t("complaints.logButton")}</button>
        </Form>
      </div>
    </>
  );
}
