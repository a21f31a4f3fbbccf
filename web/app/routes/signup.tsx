import { auth, sessionCookie } from "@dealeros/services";
import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { assertSameOrigin } from "../lib/auth.server";
import { attempt, formValues, str } from "../lib/forms.server";
import { useT } from "../lib/i18n";
import { ErrorBanner, Field, isFormError, LangSwitch } from "../lib/ui";

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const form = await request.formData();
  const input = {
    groupName: str(form, "groupName") ?? "",
    adminName: str(form, "adminName") ?? "",
    email: str(form, "email") ?? "",
    password: str(form, "password") ?? "",
  };
  const r = await attempt(() => auth.signup(input), formValues(form));
  if (!r.ok) return r.error;
  return redirect("/app/stores", { headers: { "set-cookie": sessionCookie(r.value.token, r.value.maxAge) } });
}

export default function Signup() {
  const t = useT();
  const data = useActionData<typeof action>();
  const err = isFormError(data) ? data : undefined;
  return (
    <main className="narrow">
      <div className="spread">
        <h1>{t("signUp")}</h1>
        <LangSwitch />
      </div>
      <div className="card">
        <ErrorBanner data={data} />
        <Form method="post" className="stack">
          <Field
            name="groupName"
            label={t("groupName")}
            required
            maxLength={100}
            defaultValue={err?.values?.groupName}
            error={err?.fields.groupName}
          />
          <Field
            name="adminName"
            label={t("yourName")}
            required
            maxLength={60}
            defaultValue={err?.values?.adminName}
            error={err?.fields.adminName}
          />
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
            autoComplete="new-password"
            required
            error={err?.fields.password}
          />
          <button type="submit">{t("createGroup")}</button>
        </Form>
      </div>
      <p className="muted">
        {t("haveAccount")} <Link to="/login">{t("signIn")}</Link>
      </p>
    </main>
  );
}
