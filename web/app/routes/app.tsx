import { stores } from "@dealeros/services";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData, useParams } from "@remix-run/react";
import { requireCtx } from "../lib/auth.server";
import { useT } from "../lib/i18n";
import { LangSwitch } from "../lib/ui";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request);
  const list = await stores.listStores(ctx);
  return {
    actor: ctx.actor,
    stores: list.map((s) => ({ storeId: s.storeId, name: s.name })),
    canManageStores: ctx.actor.roles.includes("group_admin"),
    canManageStaff: ctx.actor.roles.some((r) => ["group_admin", "general_manager", "sales_manager"].includes(r)),
    canReadOutbox: ctx.actor.roles.some((r) => ["group_admin", "general_manager"].includes(r)),
  };
}

export default function AppLayout() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const params = useParams();
  const current = params.storeId ?? data.stores[0]?.storeId;
  return (
    <>
      <header className="top">
        <span className="brand">{t("appName")}</span>
        <nav>
          {current ? <NavLink to={`/app/s/${current}`}>{t("walkIns")}</NavLink> : null}
          {data.canManageStores ? <NavLink to="/app/stores">{t("stores")}</NavLink> : null}
          {data.canManageStaff ? <NavLink to="/app/staff">{t("staff")}</NavLink> : null}
          {data.canManageStaff ? <NavLink to="/app/settings">{t("settings.nav")}</NavLink> : null}
          <NavLink to="/app/catalogue">{t("inventory.catalogue")}</NavLink>
          {data.canReadOutbox ? <NavLink to="/app/outbox">{t("outbox.nav")}</NavLink> : null}
        </nav>
        <LangSwitch />
        <span className="who">{data.actor.name}</span>
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
