import { stores } from "@dealeros/services";
import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { attempt, formValues } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useT } from "../lib/i18n";
import { StoreFields } from "../lib/store-fields";
import { storeInputFromForm } from "../lib/store-form.server";
import { ErrorBanner, isFormError } from "../lib/ui";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orNotFound(async () => {
    return { store: await stores.getStore(ctx, params.storeId!) };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
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
  const { store } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <main>
      <p>
        <Link to="/app/stores">← {t("stores")}</Link>
      </p>
      <h1>{store.name}</h1>
      <div className="card">
        <ErrorBanner data={data} />
        <Form method="post" className="stack">
          <input type="hidden" name="version" value={store.version} />
          <StoreFields store={store} err={isFormError(data) ? data : undefined} />
          <button type="submit">{t("save")}</button>
        </Form>
      </div>
    </main>
  );
}
