import { auth, sessionCookie } from "@dealeros/services";
import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { assertSameOrigin } from "../lib/auth.server";
import { attempt, formValues, str } from "../lib/forms.server";
import { useT } from "../lib/i18n";
import { AuthShell, Credentials, Field, isFormError } from "../lib/ui";

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
    <AuthShell
      title={t("signUp")}
      data={data}
      footer={
        <>
          {t("haveAccount")} <Link to="/login">{t("signIn")}</Link>
        </>
      }
    >
      <Form method="post" className="stack">
        <Field name="groupName" label={t("groupName")} required maxLength={100} form={err} />
        <Field name="adminName" label={t("yourName")} required maxLength={60} form={err} />
        <Credentials form={err} newPassword />
        <button type="submit">{t("createGroup")}</button>
      </Form>
    </AuthShell>
  );
}
