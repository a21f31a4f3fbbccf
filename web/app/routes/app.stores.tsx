import { stores } from "@dealeros/services";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { attempt, formValues } from "../lib/forms.server";
import { useT } from "../lib/i18n";
import { StoreFields } from "../lib/store-fields";
import { storeInputFromForm } from "../lib/store-form.server";
import { ErrorBanner, isFormError } from "../lib/ui";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request);
  return { stores: await stores.listStores(ctx), isAdmin: ctx.actor.roles.includes("group_admin") };
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request);
  const form = await request.formData();
  const r = await attempt(() => stores.createStore(ctx, storeInputFromForm(form)), formValues(form));
  if (!r.ok) return r.error;
  return { ok: true as const, created: r.value.name };
}

export default function Stores() {
  const t = useT();
  const { stores: list, isAdmin } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const nav = useNavigation();
  const err = isFormError(data) ? data : undefined;
  return (
    <main>
      <h1>{t("stores")}</h1>
      {data && !isFormError(data) ? <div className="banner ok">{t("saved")}</div> : null}
      {list.length === 0 ? (
        <p className="empty">{t("noStores")}</p>
      ) : (
        <table className="responsive">
          <thead>
            <tr>
              <th>{t("store")}</th>
              <th>{t("city")}</th>
              <th>{t("brands")}</th>
              <th>{t("opens")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((s) => (
              <tr key={s.storeId}>
                <td data-label={t("store")}>
                  <Link to={`/app/s/${s.storeId}`}>{s.name}</Link>
                </td>
                <td data-label={t("city")}>{s.city}</td>
                <td data-label={t("brands")}>{s.brands.join(", ")}</td>
                <td data-label={t("opens")}>
                  {s.openingHours.open}–{s.openingHours.close} <span className="muted">{s.timeZone}</span>
                </td>
                <td>
                  {isAdmin ? <Link to={`/app/stores/${s.storeId}`}>{t("edit")}</Link> : null}
                  {isAdmin ? (
                    <>
                      {" · "}
                      <Link to={`/app/stores/${s.storeId}/oem`}>{t("oem.links")}</Link>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {isAdmin ? (
        <div className="card">
          <h2>{t("addStore")}</h2>
          <ErrorBanner data={data} />
          <Form method="post" className="stack" key={data && !isFormError(data) ? data.created : "new"}>
            <StoreFields err={err} />
            <button type="submit" disabled={nav.state === "submitting"}>
              {t("addStore")}
            </button>
          </Form>
        </div>
      ) : null}
    </main>
  );
}
