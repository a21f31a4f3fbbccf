import { oemPortal } from "@dealeros/services";
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData, useSearchParams } from "@remix-run/react";
import { orNotFound } from "../lib/http.server";
import { useT } from "../lib/i18n";
import { requireOemCtx } from "../lib/oem-auth.server";
import { LangSwitch } from "../lib/ui";
import styles from "../styles/oem.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/** The OEM portal frame: only an OEM session opens it (a tenant session is sent to sign in). */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOemCtx(request);
  const s = await orNotFound(() => oemPortal.scope(ctx));
  return { user: ctx.oem, oemName: s.oem.name };
}

export default function OemLayout() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const region = params.get("region");
  const q = region ? `?region=${encodeURIComponent(region)}` : "";
  return (
    <>
      <header className="top">
        <span className="brand">{data.oemName}</span>
        <nav>
          <NavLink to={`/oem${q}`} end>
            {t("oem.nav.network")}
          </NavLink>
          <NavLink to={`/oem/trends${q}`}>{t("oem.nav.trends")}</NavLink>
          <NavLink to={`/oem/complaints${q}`}>{t("oem.nav.complaints")}</NavLink>
        </nav>
        <LangSwitch />
        <span className="who" data-testid="oem-user">
          {data.user.name} · {t(`oem.role.${data.user.role}`)}
        </span>
        <Form method="post" action="/logout">
          <button type="submit" className="link" style={{ color: "#fff" }}>
            {t("signOut")}
          </button>
        </Form>
      </header>
      <Outlet />
    </>
  );
}
