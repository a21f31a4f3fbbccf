import { stores } from "@dealeros/services";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { requireCtx } from "../lib/auth.server";
import { orNotFound } from "../lib/http.server";
import { useT } from "../lib/i18n";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orNotFound(async () => {
    const store = await stores.getStore(ctx, params.storeId!);
    const all = await stores.listStores(ctx);
    return {
      store: { storeId: store.storeId, name: store.name, timeZone: store.timeZone },
      others: all.filter((s) => s.storeId !== store.storeId).map((s) => ({ storeId: s.storeId, name: s.name })),
      isConsultant: ctx.actor.roles.includes("sales_consultant"),
    };
  });
}

export default function StoreLayout() {
  const t = useT();
  const { store, others, isConsultant } = useLoaderData<typeof loader>();
  const base = `/app/s/${store.storeId}`;
  return (
    <main>
      <div className="spread">
        <h1>{store.name}</h1>
        {others.length ? (
          <nav className="row muted">
            {others.map((o) => (
              <NavLink key={o.storeId} to={`/app/s/${o.storeId}`}>
                {o.name}
              </NavLink>
            ))}
          </nav>
        ) : null}
      </div>
      <div className="tabs">
        <NavLink end to={base}>
          {t("walkIns")}
        </NavLink>
        <NavLink to={`${base}/duty`}>{t("duty")}</NavLink>
        <NavLink to={`${base}/prospects`}>{t("prospects")}</NavLink>
        {isConsultant ? <NavLink to={`${base}/my`}>{t("myCustomers")}</NavLink> : null}
      </div>
      <Outlet />
    </main>
  );
}
