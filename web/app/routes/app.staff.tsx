import { ROLES } from "@dealeros/core";
import { staff, stores } from "@dealeros/services";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { attempt, formValues, str } from "../lib/forms.server";
import { useLang, useT } from "../lib/i18n";
import { ErrorBanner, Field, isFormError, useServerMessage } from "../lib/ui";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request);
  const canAudit = ctx.actor.roles.some((r) => r === "group_admin" || r === "general_manager");
  const [people, invitations, storeList, audit] = await Promise.all([
    staff.listStaff(ctx),
    staff.listInvitations(ctx),
    stores.listStores(ctx),
    canAudit ? stores.listAuditLog(ctx, 30) : Promise.resolve([]),
  ]);
  return {
    people,
    invitations,
    audit,
    stores: storeList.map((s) => ({ storeId: s.storeId, name: s.name })),
    me: ctx.actor.userId,
    isAdmin: ctx.actor.roles.includes("group_admin"),
    canDeactivate: ctx.actor.roles.some((r) => r === "group_admin" || r === "general_manager"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request);
  const form = await request.formData();
  const intent = str(form, "intent");
  if (intent === "activate" || intent === "deactivate") {
    const r = await attempt(() => staff.setStaffActive(ctx, str(form, "userId") ?? "", intent === "activate"));
    if (!r.ok) return r.error;
    return { ok: true as const, intent };
  }
  const r = await attempt(
    () =>
      staff.invite(ctx, {
        email: str(form, "email") ?? "",
        roles: form.getAll("roles").map(String),
        storeIds: form.getAll("storeIds").map(String),
      }),
    formValues(form),
  );
  if (!r.ok) return r.error;
  const url = new URL(request.url);
  return {
    ok: true as const,
    intent: "invite",
    acceptUrl: `${url.origin}/invite/${r.value.token}`,
    email: r.value.invitation.email,
  };
}

export default function Staff() {
  const t = useT();
  const lang = useLang();
  const msg = useServerMessage();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = isFormError(result) ? result : undefined;
  const invited = result && !isFormError(result) && "acceptUrl" in result ? result : undefined;
  const storeNames = (ids: string[]) =>
    ids
      .map((id) => data.stores.find((s) => s.storeId === id)?.name)
      .filter(Boolean)
      .join(", ");
  const roles = data.isAdmin ? ROLES : ROLES.filter((r) => r !== "group_admin");
  return (
    <main>
      <h1>{t("staff")}</h1>
      <table className="responsive">
        <thead>
          <tr>
            <th>{t("name")}</th>
            <th>{t("email")}</th>
            <th>{t("roles")}</th>
            <th>{t("storesLabel")}</th>
            <th>{t("status")}</th>
          </tr>
        </thead>
        <tbody>
          {data.people.map((p) => (
            <tr key={p.userId}>
              <td data-label={t("name")}>{p.name}</td>
              <td data-label={t("email")}>{p.email}</td>
              <td data-label={t("roles")}>{p.roles.map((r) => t(`role.${r}`)).join(" / ")}</td>
              <td data-label={t("storesLabel")}>{p.roles.includes("group_admin") ? "*" : storeNames(p.storeIds)}</td>
              <td data-label={t("status")}>
                <span className={p.active ? "pill ok" : "pill off"}>{p.active ? t("active") : t("inactive")}</span>{" "}
                {data.canDeactivate && p.userId !== data.me ? (
                  <Form method="post" style={{ display: "inline" }}>
                    <input type="hidden" name="userId" value={p.userId} />
                    <button
                      type="submit"
                      name="intent"
                      value={p.active ? "deactivate" : "activate"}
                      className="small secondary"
                    >
                      {p.active ? t("deactivate") : t("reactivate")}
                    </button>
                  </Form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <div className="card" style={{ marginTop: 16 }}>
        <h2>{t("inviteStaff")}</h2>
        {invited ? (
          <div className="banner ok" data-testid="invite-link">
            {t("inviteLink")}: <br />
            <a href={invited.acceptUrl}>{invited.acceptUrl}</a>
          </div>
        ) : null}
        <ErrorBanner data={result} />
        <Form method="post" className="stack" key={invited?.acceptUrl ?? "invite"}>
          <input type="hidden" name="intent" value="invite" />
          <Field name="email" type="email" label={t("email")} required form={err} />
          <fieldset className="checks" aria-invalid={err?.fields.roles ? true : undefined}>
            <legend className="muted">{t("roles")}</legend>
            {roles.map((r) => (
              <label key={r}>
                <input type="checkbox" name="roles" value={r} /> {t(`role.${r}`)}
              </label>
            ))}
            {err?.fields.roles ? <span className="field-error">{msg(err.fields.roles)}</span> : null}
          </fieldset>
          <fieldset className="checks">
            <legend className="muted">{t("storesLabel")}</legend>
            {data.stores.map((s) => (
              <label key={s.storeId}>
                <input type="checkbox" name="storeIds" value={s.storeId} defaultChecked={data.stores.length === 1} />{" "}
                {s.name}
              </label>
            ))}
            {err?.fields.storeIds ? <span className="field-error">{msg(err.fields.storeIds)}</span> : null}
          </fieldset>
          <button type="submit">{t("invite")}</button>
        </Form>
      </div>

      <h2>{t("invitations")}</h2>
      {data.invitations.length === 0 ? (
        <p className="empty">—</p>
      ) : (
        <ul className="plain">
          {data.invitations.map((i) => (
            <li key={`${i.email}-${i.createdAt}`} className="spread">
              <span>
                {i.email} · {i.roles.map((r) => t(`role.${r}`)).join(" / ")} · {storeNames(i.storeIds)}
              </span>
              <span className={i.status === "accepted" ? "pill ok" : i.status === "pending" ? "pill" : "pill off"}>
                {t(`status.${i.status}`)}
              </span>
            </li>
          ))}
        </ul>
      )}

      {data.audit.length ? (
        <>
          <h2>{t("auditTrail")}</h2>
          <ul className="plain" data-testid="tenant-audit">
            {data.audit.map((a) => (
              <li key={`${a.at}-${a.action}`}>
                <strong>{t(`audit.${a.action}`)}</strong> · {a.byName} ·{" "}
                {new Date(a.at).toLocaleString(lang === "zh" ? "zh-CN" : "en-GB", { timeZone: "Asia/Shanghai" })}
                <div className="muted">{String((a.detail as { name?: string }).name ?? "")}</div>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </main>
  );
}
