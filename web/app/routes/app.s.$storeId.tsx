import { stores } from "@dealeros/services";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { requireCtx } from "../lib/auth.server";
import { orNotFound } from "../lib/http.server";
import { useT } from "../lib/i18n";
import type { loader as appLoader } from "./app";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orNotFound(async () => {
    const store = await stores.getStore(ctx, params.storeId!);
    return {
      store: { storeId: store.storeId, name: store.name, timeZone: store.timeZone },
      isConsultant: ctx.actor.roles.includes("sales_consultant"),
      canReport: ctx.actor.roles.some((r) =>
        ["group_admin", "general_manager", "sales_manager", "sales_admin", "sales_consultant"].includes(r),
      ),
      canApprove: ctx.actor.roles.some((r) => ["sales_manager", "general_manager", "group_admin"].includes(r)),
      // secondary dealers and month-end (issue 6): the sales admin and the managers
      canMonthEnd: ctx.actor.roles.some((r) =>
        ["sales_admin", "sales_manager", "general_manager", "group_admin"].includes(r),
      ),
    };
  });
}

export default function StoreLayout() {
  const t = useT();
  const { store, isConsultant, canReport, canApprove, canMonthEnd } = useLoaderData<typeof loader>();
  // the store list is already loaded by the app layout: no second query per page
  const others = (useRouteLoaderData<typeof appLoader>("routes/app")?.stores ?? []).filter(
    (s) => s.storeId !== store.storeId,
  );
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
        <NavLink to={`${base}/plan`}>{t("followups.planTab")}</NavLink>
        <NavLink to={`${base}/prospects`}>{t("prospects")}</NavLink>
        <NavLink to={`${base}/leads`}>{t("leads.nav")}</NavLink>
        <NavLink to={`${base}/test-drives`}>{t("testdrive.nav")}</NavLink>
        <NavLink to={`${base}/inventory`}>{t("inventory.nav")}</NavLink>
        <NavLink to={`${base}/contracts`}>{t("contracts.nav")}</NavLink>
        <NavLink to={`${base}/deliveries`}>{t("delivery.nav")}</NavLink>
        {canApprove ? <NavLink to={`${base}/approvals`}>{t("deals.approvalsNav")}</NavLink> : null}
        <NavLink to={`${base}/complaints`}>{t("complaints.nav")}</NavLink>
        <NavLink to={`${base}/duty`}>{t("duty")}</NavLink>
        <NavLink to={`${base}/attendance`}>{t("attendance.nav")}</NavLink>
        <NavLink to={`${base}/roster`}>{t("roster.nav")}</NavLink>
        <NavLink to={`${base}/eod`}>{t("eod.nav")}</NavLink>
        {canMonthEnd ? <NavLink to={`${base}/dealers`}>{t("dealers.nav")}</NavLink> : null}
        {canMonthEnd ? <NavLink to={`${base}/month-end`}>{t("monthEnd.nav")}</NavLink> : null}
        {canReport ? <NavLink to={`${base}/reports`}>{t("reports.nav")}</NavLink> : null}
        <NavLink to={`${base}/targets`}>{t("targets.nav")}</NavLink>
        {/* consultants land on their own statements ("My commission") */}
        <NavLink to={`${base}/commissions`}>{t(isConsultant ? "commissions.myNav" : "commissions.nav")}</NavLink>
        {isConsultant ? <NavLink to={`${base}/my`}>{t("myCustomers")}</NavLink> : null}
      </div>
      <Outlet />
    </main>
  );
}
