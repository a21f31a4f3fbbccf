import { auth, sessionCookie } from "@dealeros/services";
import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { assertSameOrigin, getCtx } from "../lib/auth.server";
import { attempt, formValues, str } from "../lib/forms.server";
import { useT } from "../lib/i18n";
import { ErrorBanner, Field, isFormError, LangSwitch } from "../lib/ui";

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getCtx(request)) throw redirect("/app");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const form = await request.formData();
  const r = await attempt(
    () => auth.login({ email: str(form, "email") ?? "", password: str(form, "password") ?? "" }),
    formValues(form),
  );
  if (!r.ok) return r.error;
  const next = str(form, "next");
  const target = next?.startsWith("/") && !next.startsWith("//") ? next : "/app";
  return redirect(target, { headers: { "set-cookie": sessionCookie(r.value.token, r.value.maxAge) } });
}

export default function Login() {
  const t = useT();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const err = isFormError(data) ? data : undefined;
  return (
    <main className="narrow">
      <div className="spread">
        <h1>{t("appName")}</h1>
        <LangSwitch />
      </div>
      <p className="muted">{t("tagline")}</p>
      <div className="card">
        <ErrorBanner data={data} />
        <Form method="post" className="stack">
          <input type="hidden" name="next" value={params.get("next") ?? ""} />
          <Field
            name="email"
            type="email"
            label={t("email")}
            autoComplete="username"
            required
            defaultValue={err?.values?.email}
            error={err?.fields.email}
          />
          <Field
            name="password"
            type="password"
            label={t("password")}
            autoComplete="current-password"
            required
            error={err?.fields.password}
          />
          <button type="submit">{t("signIn")}</button>
        </Form>
      </div>
      <p className="muted">
        {t("noAccount")} <Link to="/signup">{t("signUp")}</Link>
      </p>
    </main>
  );
}
