/**
 * The store's repair order board (维修工单看板): open repair orders per state,
 * each with how long it has waited in its state — where the cars wait. One Query.
 */
import { repairOrders } from "@dealeros/services";
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireCtx } from "../lib/auth.server";
import { orNotFound } from "../lib/http.server";
import { useT } from "../lib/i18n";
import { RoStatePill, useAge } from "../lib/repair";
import styles from "../styles/repair.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orNotFound(async () => ({
    ...(await repairOrders.getBoard(ctx, params.storeId!)),
    storeId: params.storeId!,
  }));
}

export default function RepairOrderBoard() {
  const t = useT();
  const age = useAge();
  const data = useLoaderData<typeof loader>();
  const base = `/app/s/${data.storeId}`;
  return (
    <>
      <div className="spread">
        <h2 style={{ margin: 0 }}>
          {t("ro.title")} <span className="muted">· {t("ro.open", { n: data.open })}</span>
        </h2>
        <Link className="button" to={`${base}/ro/new`} data-testid="ro-new">
          {t("ro.new")}
        </Link>
      </div>
      <p className="muted">{t("ro.boardHint")}</p>
      <p className="row">
        <Link to={`${base}/parts`}>{t("ro.partsLink")}</Link>
        <Link to={`${base}/warranty`}>{t("ro.warrantyLink")}</Link>
      </p>
      <div className="ro-board" data-testid="ro-board">
        {data.columns.map((col) => (
          <section key={col.state} className="card" data-testid={`ro-col-${col.state}`}>
            <div className="spread">
              <RoStatePill state={col.state} />
              <strong>{col.items.length}</strong>
            </div>
            {col.items.length === 0 ? (
              <p className="muted">{t("ro.emptyState")}</p>
            ) : (
              <ul className="plain">
                {[...col.items]
                  .sort((a, b) => b.waitedMinutes - a.waitedMinutes)
                  .map((e) => (
                    <li key={e.repairOrderId} data-testid="ro-card">
                      <Link to={`${base}/ro/${e.repairOrderId}`}>
                        <strong>{e.roNumber}</strong> · {e.plate ?? e.vehicleLabel}
                      </Link>
                      <div className="muted">
                        {e.customerName} · {e.advisorName}
                      </div>
                      <div className={e.waitedMinutes >= 240 ? "field-error" : "muted"}>
                        {t("ro.waited", { age: age(e.waitedMinutes) })}
                        {e.partsExpectedOn ? ` · ${t("ro.partsExpected", { date: e.partsExpectedOn })}` : ""}
                        {e.pending ? ` · ${t("ro.pendingLines", { n: e.pending })}` : ""}
                      </div>
                    </li>
                  ))}
              </ul>
            )}
          </section>
        ))}
      </div>
    </>
  );
}
