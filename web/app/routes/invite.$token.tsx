import { sessionCookie, staff } from "@dealeros/services";
import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { assertSameOrigin } from "../lib/auth.server";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useT } from "../lib/i18n";
import { AuthShell, Field, isFormError } from "../lib/ui";

export async function loader({ params }: LoaderFunctionArgs) {
  return orNotFound(async () => {
    return { invitation: await staff.previewInvitation(params.token!) };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const form = await request.formData();
  const r = await attempt(
    () =>
      staff.acceptInvitation(params.token!, { name: str(form, "name") ?? "", password: str(form, "password") ?? "" }),
    formValues(form),
  );
  if (!r.ok) return r.error;
  return redirect("/app", { headers: { "set-cookie": sessionCookie(r.value.token, r.value.maxAge) } });
}

export default function AcceptInvitation() {
  const t = useT();
  const { invitation } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const err = isFormError(data) ? data : undefined;
  const usable = invitation.status === "pending";
  return (
    <AuthShell
      title={t("acceptInvite", { group: invitation.groupName })}
      data={data}
      intro={
        <>
          <p className="muted">
            {t("acceptInviteHelp", { roles: invitation.roles.map((r) => t(`role.${r}`)).join(" / ") })}
          </p>
          <p className="muted">{invitation.email}</p>
          {!usable ? <div className="banner err">{t(`status.${invitation.status}`)}</div> : null}
        </>
      }
    >
      <Form method="post" className="stack">
        <Field name="name" label={t("yourName")} required maxLength={60} form={err} />
        <Field name="password" type="password" label={t("password")} autoComplete="new-password" required form={err} />
        <button type="submit" disabled={!usable}>
          {t("join")}
        </button>
      </Form>
    </AuthShell>
  );
}
