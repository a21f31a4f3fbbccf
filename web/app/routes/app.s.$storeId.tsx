import { CUSTOMER_STAFF, SERVICE_STAFF } from "@dealeros/core";
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
      // service front desk (issue 7, H1): advisors, managers above them, the receptionist
      canService: ctx.actor.roles.some((r) =>
        ["service_advisor", "general_manager", "group_admin", "receptionist"].includes(r),
      ),
      // customers (issue 7, H3): sales and service (CUSTOMER_STAFF)
      canCustomers: ctx.actor.roles.some((r) => CUSTOMER_STAFF.includes(r)),
      // repair orders and parts (issue 7, H2): the service front desk (SERVICE_STAFF)
      canRepair: ctx.actor.roles.some((r) => SERVICE_STAFF.includes(r)),
      // secondary dealers and month-end (issue 6): the sales admin and the managers
      canMonthEnd: ctx.actor.roles.some((r) =>
        ["sales_admin", "sales_manager", "general_manager", "group_admin"].includes(r),
      ),
    };
  });
}

export default function StoreLayout() {
  const t = useT();
  const { store, isConsultant, canReport, canApprove, canMonthEnd, canService, canCustomers, canRepair } =
    useLoaderData<typeof loader>();
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
        {canService ? <NavLink to={`${base}/service`}>{t("service.nav")}</NavLink> : null}
        {canRepair ? <NavLink to={`${base}/ro`}>{t("ro.nav")}</NavLink> : null}
        {canRepair ? <NavLink to={`${base}/parts`}>{t("ro.partsNav")}</NavLink> : null}
        {canCustomers ? <NavLink to={`${base}/customers`}>{t("customers.nav")}</NavLink> : null}
        {canService ? <NavLink to={`${base}/roadside`}>{t("roadside.nav")}</NavLink> : null}
        {canCustomers ? <NavLink to={`${base}/events`}>{t("events.nav")}</NavLink> : null}
      </div>
      <Outlet />
    </main>
  );
}
