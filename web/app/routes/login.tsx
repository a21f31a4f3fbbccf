import { oemAuth, sessionCookie } from "@dealeros/services";
import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { assertSameOrigin, getCtx } from "../lib/auth.server";
import { attempt, formValues, str } from "../lib/forms.server";
import { useT } from "../lib/i18n";
import { getOemCtx } from "../lib/oem-auth.server";
import { AuthShell, Credentials, isFormError } from "../lib/ui";

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getCtx(request)) throw redirect("/app");
  if (await getOemCtx(request)) throw redirect("/oem");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const form = await request.formData();
  const r = await attempt(
    () => oemAuth.signIn({ email: str(form, "email") ?? "", password: str(form, "password") ?? "" }),
    formValues(form),
  );
  if (!r.ok) return r.error;
  const next = str(form, "next");
  // staff land on /app (or where they were going); OEM users only ever on the portal (/oem…)
  const home = r.value.home;
  const target =
    next?.startsWith("/") && !next.startsWith("//") && (home === "/app" || next.startsWith("/oem")) ? next : home;
  return redirect(target, { headers: { "set-cookie": sessionCookie(r.value.token, r.value.maxAge) } });
}

export default function Login() {
  const t = useT();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const err = isFormError(data) ? data : undefined;
  return (
    <AuthShell
      title={t("appName")}
      data={data}
      intro={<p className="muted">{t("tagline")}</p>}
      footer={
        <>
          {t("noAccount")} <Link to="/signup">{t("signUp")}</Link>
        </>
      }
    >
      <Form method="post" className="stack">
        <input type="hidden" name="next" value={params.get("next") ?? ""} />
        <Credentials form={err} />
        <button type="submit">{t("signIn")}</button>
      </Form>
    </AuthShell>
  );
}
