/** A store's OEM links per franchised brand and the consent to share KPIs (group admin; revocable; audited). */
import { oemLinks, stores } from "@dealeros/services";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useFormatDateTime, useT } from "../lib/i18n";
import { ErrorBanner, Field, isFormError } from "../lib/ui";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orNotFound(async () => ({
    store: await stores.getStore(ctx, params.storeId!),
    ...(await oemLinks.listLinks(ctx, params.storeId!)),
    canEdit: ctx.actor.roles.includes("group_admin"),
  }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const [oemId, regionId] = (str(form, "target") ?? ":").split(":");
  const version = Number(str(form, "version"));
  const r = await attempt(
    () =>
      oemLinks.saveLink(ctx, params.storeId!, str(form, "brand") ?? "", {
        oemId: oemId ?? "",
        regionId: regionId ?? "",
        dealerCode: str(form, "dealerCode") ?? "",
        consent: form.get("consent") === "on",
        ...(version ? { version } : {}),
      }),
    formValues(form),
  );
  if (!r.ok) return r.error;
  return { ok: true as const, brand: r.value.brand };
}

export default function StoreOemLinks() {
  const t = useT();
  const fmt = useFormatDateTime();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = isFormError(result) ? result : undefined;
  return (
    <main>
      <p>
        <Link to="/app/stores">← {t("stores")}</Link>
      </p>
      <h1>{t("oem.linksTitle", { store: d.store.name })}</h1>
      <p className="muted">{t("oem.linksHelp")}</p>
      <ErrorBanner data={result} />
      {result && !isFormError(result) ? (
        <div className="banner ok" role="status">
          {t("oem.saved")}
        </div>
      ) : null}
      {d.store.brands.map((brand) => {
        const link = d.links.find((l) => l.brand === brand);
        const choices = d.oems
          .filter((o) => o.brands.includes(brand))
          .flatMap((o) =>
            o.regions.map((r) => ({ value: `${o.oemId}:${r.regionId}`, label: `${o.name} · ${r.name}` })),
          );
        const mine = err?.values?.brand === brand ? err : undefined;
        return (
          <div className="card" key={brand} data-testid="oem-link">
            <h2>{brand}</h2>
            {link ? (
              <p className={link.consent ? "" : "muted"} data-testid="oem-consent-state">
                {link.oemName} · {link.regionName} · {link.dealerCode} —{" "}
                {link.consent
                  ? t("oem.consentOn", { at: fmt(link.consentedAt, d.store.timeZone) })
                  : link.revokedAt
                    ? t("oem.revoked", { at: fmt(link.revokedAt, d.store.timeZone) })
                    : t("oem.consentOff")}
              </p>
            ) : null}
            {choices.length === 0 ? (
              <p className="empty">{t("oem.noOem")}</p>
            ) : d.canEdit ? (
              <Form method="post" className="stack">
                <input type="hidden" name="brand" value={brand} />
                <input type="hidden" name="version" value={link?.version ?? ""} />
                <Field
                  name="target"
                  label={t("oem.chooseOem")}
                  form={mine}
                  error={mine?.fields.oemId ?? mine?.fields.regionId}
                >
                  <select
                    id="f-target"
                    name="target"
                    defaultValue={link ? `${link.oemId}:${link.regionId}` : (choices[0]?.value ?? "")}
                  >
                    {choices.map((c) => (
                      <option key={c.value} value={c.value}>
                        {c.label}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field
                  name="dealerCode"
                  label={t("oem.dealerCode")}
                  form={mine}
                  defaultValue={mine?.values?.dealerCode ?? link?.dealerCode ?? ""}
                  required
                  maxLength={30}
                />
                <label className="row">
                  <input type="checkbox" name="consent" defaultChecked={link?.consent ?? false} />
                  {t("oem.consent")}
                </label>
                <button type="submit">{t("oem.save")}</button>
              </Form>
            ) : null}
          </div>
        );
      })}
      {d.audit.length ? (
        <div className="card">
          <h2>{t("oem.history")}</h2>
          <ul className="plain">
            {d.audit.map((a) => (
              <li key={`${a.at}${a.action}`} className="spread">
                <span>
                  {t(`oem.audit.${a.action}`)} · {String(a.detail.brand ?? "")} · {String(a.detail.region ?? "")}
                </span>
                <span className="muted">
                  {a.byName} · {fmt(a.at, d.store.timeZone)}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </main>
  );
}
