import { GENDERS, WALK_IN_LOGGERS } from "@dealeros/core";
import { prospects, staff } from "@dealeros/services";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useT } from "../lib/i18n";
import { ErrorBanner, Field, isFormError } from "../lib/ui";
import { SourceSelect } from "../lib/walkins";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const url = new URL(request.url);
  const seesStore = ctx.actor.roles.some((r) => WALK_IN_LOGGERS.includes(r));
  const owner = url.searchParams.get("owner") ?? (seesStore ? "all" : "me");
  return orNotFound(async () => {
    const page = await prospects.listProspects(ctx, params.storeId!, {
      owner,
      cursor: url.searchParams.get("cursor") ?? undefined,
    });
    const consultants = seesStore ? await staff.listStoreConsultants(ctx, params.storeId!) : [];
    return {
      ...page,
      storeId: params.storeId!,
      seesStore,
      consultants,
      isConsultant: ctx.actor.roles.includes("sales_consultant"),
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const input = {
    name: str(form, "name") ?? "",
    mobile: str(form, "mobile") || undefined,
    phone: str(form, "phone") || undefined,
    gender: str(form, "gender") || undefined,
    city: str(form, "city") || undefined,
    source: str(form, "source"),
    subSource: str(form, "subSource") || undefined,
    intendedModel: str(form, "intendedModel") || undefined,
    note: str(form, "note") || undefined,
    ownerId: str(form, "ownerId") || undefined,
  };
  const r = await attempt(() => prospects.createProspect(ctx, params.storeId!, input), formValues(form));
  if (!r.ok) return r.error;
  return { ok: true as const, prospectId: r.value.prospectId, name: r.value.name };
}

export default function Prospects() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = isFormError(result) ? result : undefined;
  const created = result && !isFormError(result) ? result : undefined;
  const base = `/app/s/${data.storeId}/prospects`;
  return (
    <>
      {data.seesStore ? (
        <nav className="row" style={{ marginBottom: 8 }}>
          <Link to={`${base}?owner=all`} className={data.owner === "all" ? "pill" : "pill off"}>
            {t("allOfStore")}
          </Link>
          {data.isConsultant ? (
            <Link to={`${base}?owner=me`} className={data.owner === "me" ? "pill" : "pill off"}>
              {t("mine")}
            </Link>
          ) : null}
        </nav>
      ) : null}
      {data.items.length === 0 ? (
        <p className="empty">{t("noProspects")}</p>
      ) : (
        <table className="responsive" data-testid="prospect-table">
          <thead>
            <tr>
              <th>{t("name")}</th>
              <th>{t("mobile")}</th>
              <th>{t("source")}</th>
              <th>{t("intendedModel")}</th>
              <th>{t("owner")}</th>
              <th>{t("grade")}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((p) => (
              <tr key={p.prospectId}>
                <td data-label={t("name")}>
                  <Link to={`/app/s/${data.storeId}/p/${p.prospectId}`}>{p.name}</Link>
                </td>
                <td data-label={t("mobile")}>{p.mobile ?? p.phone ?? "—"}</td>
                <td data-label={t("source")}>
                  {t(`source.${p.source}`)}
                  {p.subSource ? ` · ${p.subSource}` : ""}
                </td>
                <td data-label={t("intendedModel")}>{p.intendedModel ?? "—"}</td>
                <td data-label={t("owner")}>{p.ownerName}</td>
                <td data-label={t("grade")}>{p.grade ?? <span className="muted">{t("ungraded")}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.cursor ? (
        <p>
          <Link to={`${base}?owner=${data.owner}&cursor=${data.cursor}`}>{t("more")} →</Link>
        </p>
      ) : null}

      <div className="card" style={{ marginTop: 16 }}>
        <h2>{t("newProspect")}</h2>
        {created ? (
          <div className="banner ok" role="status">
            {t("saved")} <Link to={`/app/s/${data.storeId}/p/${created.prospectId}`}>{created.name}</Link>
          </div>
        ) : null}
        <ErrorBanner data={result} />
        <Form method="post" className="stack" key={created?.prospectId ?? "new"}>
          <div className="grid4">
            <Field name="name" label={t("name")} required maxLength={60} form={err} />
            <Field
              name="mobile"
              type="tel"
              inputMode="tel"
              label={t("mobile")}
              maxLength={20}
              form={err}
              placeholder="138 1234 5678"
            />
            <Field
              name="phone"
              type="tel"
              label={t("phoneOther")}
              maxLength={24}
              form={err}
              placeholder="+852 9123 4567"
            />
            <Field name="gender" label={t("gender")} form={err}>
              <select id="f-gender" name="gender" defaultValue={err?.values?.gender ?? "unknown"}>
                {GENDERS.map((g) => (
                  <option key={g} value={g}>
                    {t(`gender.${g}`)}
                  </option>
                ))}
              </select>
            </Field>
            <SourceSelect form={err} />
            <Field name="subSource" label={t("subSource")} maxLength={60} form={err} />
            <Field name="city" label={t("city")} maxLength={40} form={err} />
            <Field name="intendedModel" label={t("intendedModel")} maxLength={60} form={err} />
            {data.seesStore ? (
              <Field name="ownerId" label={t("owner")} form={err}>
                <select id="f-ownerId" name="ownerId" defaultValue={err?.values?.ownerId ?? ""}>
                  <option value="">—</option>
                  {data.consultants.map((c) => (
                    <option key={c.userId} value={c.userId}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </Field>
            ) : null}
            <Field name="note" label={t("note")} maxLength={500} form={err} />
          </div>
          <button type="submit">{t("createProspect")}</button>
        </Form>
      </div>
    </>
  );
}
