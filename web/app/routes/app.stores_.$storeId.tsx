import { leads, stores } from "@dealeros/services";
import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useT } from "../lib/i18n";
import { StoreFields } from "../lib/store-fields";
import { storeInputFromForm } from "../lib/store-form.server";
import { ErrorBanner, Field, isFormError } from "../lib/ui";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orNotFound(async () => {
    return {
      store: await stores.getStore(ctx, params.storeId!),
      apiKeys: await leads.listApiKeys(ctx, params.storeId!),
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const intent = str(form, "intent");
  if (intent === "create-key") {
    const k = await attempt(
      () => leads.createApiKey(ctx, params.storeId!, { name: str(form, "keyName") ?? "" }),
      formValues(form),
    );
    if (!k.ok) return k.error;
    return { ok: true as const, newKey: k.value.key, keyName: k.value.apiKey.name };
  }
  if (intent === "revoke-key") {
    const k = await attempt(() => leads.revokeApiKey(ctx, params.storeId!, str(form, "keyId") ?? ""));
    if (!k.ok) return k.error;
    return { ok: true as const, revoked: true };
  }
  const r = await attempt(
    () =>
      stores.updateStore(ctx, params.storeId!, { ...storeInputFromForm(form), version: Number(form.get("version")) }),
    formValues(form),
  );
  if (!r.ok) return r.error;
  return redirect("/app/stores");
}

export default function EditStore() {
  const t = useT();
  const { store, apiKeys } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const created = data && !isFormError(data) && "newKey" in data ? data : undefined;
  return (
    <main>
      <p>
        <Link to="/app/stores">← {t("stores")}</Link>
      </p>
      <h1>{store.name}</h1>
      <p>
        <Link to={`/app/stores/${store.storeId}/oem`}>{t("oem.links")} →</Link>
      </p>
      <div className="card">
        <ErrorBanner data={data} />
        <Form method="post" className="stack">
          <input type="hidden" name="version" value={store.version} />
          <StoreFields store={store} err={isFormError(data) ? data : undefined} />
          <button type="submit">{t("save")}</button>
        </Form>
      </div>
      <div className="card">
        <h2>{t("apiKeys")}</h2>
        <p className="muted">{t("apiKeysHelp")}</p>
        {created ? (
          <div className="banner ok" data-testid="new-api-key">
            {t("apiKeyOnce")}
            <br />
            <code style={{ wordBreak: "break-all" }}>{created.newKey}</code>
          </div>
        ) : null}
        <ul className="plain">
          {apiKeys.map((k) => (
            <li key={k.keyId} className="spread">
              <span>
                {k.name}{" "}
                <span className="muted">
                  · {k.createdByName} · {k.createdAt.slice(0, 10)}
                </span>
              </span>
              {k.revokedAt ? (
                <span className="pill off">{t("revoked")}</span>
              ) : (
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke-key" />
                  <input type="hidden" name="keyId" value={k.keyId} />
                  <button type="submit" className="small secondary">
                    {t("revoke")}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
        <Form method="post" className="row" style={{ marginTop: 8 }} key={created?.newKey ?? "key"}>
          <input type="hidden" name="intent" value="create-key" />
          <Field
            name="keyName"
            label={t("keyName")}
            maxLength={60}
            form={isFormError(data) ? data : undefined}
            placeholder="Autohome"
          />
          <button type="submit">{t("createKey")}</button>
        </Form>
      </div>
    </main>
  );
}
