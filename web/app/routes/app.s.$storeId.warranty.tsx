/** Warranty claims (保修索赔): warranty lines of settled repair orders, billed to the OEM. One Query. */
import { repairOrders } from "@dealeros/services";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireCtx } from "../lib/auth.server";
import { useCny } from "../lib/contracts";
import { orNotFound } from "../lib/http.server";
import { useFormatDateTime, useT } from "../lib/i18n";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orNotFound(async () => ({
    ...(await repairOrders.listWarrantyClaims(ctx, params.storeId!)),
    storeId: params.storeId!,
    timeZone: ctx.store?.timeZone ?? "Asia/Shanghai",
  }));
}

export default function WarrantyClaims() {
  const t = useT();
  const cny = useCny();
  const fmt = useFormatDateTime();
  const d = useLoaderData<typeof loader>();
  const base = `/app/s/${d.storeId}`;
  return (
    <>
      <p>
        <Link to={`${base}/ro`}>← {t("ro.back")}</Link>
      </p>
      <h2 style={{ marginTop: 0 }}>{t("ro.warranty.title")}</h2>
      <p data-testid="warranty-total">{t("ro.warranty.total", { amount: cny(d.totalFen) })}</p>
      {d.claims.length === 0 ? (
        <p className="empty">{t("ro.warranty.empty")}</p>
      ) : (
        <table className="responsive" data-testid="warranty-claims">
          <thead>
            <tr>
              <th>{t("ro.parts.forRo")}</th>
              <th>{t("ro.vehicle")}</th>
              <th>{t("ro.lines")}</th>
              <th>{t("ro.total")}</th>
              <th>{t("ro.warranty.settledAt")}</th>
            </tr>
          </thead>
          <tbody>
            {d.claims.map((c) => (
              <tr key={c.claimId} data-testid="warranty-claim">
                <td data-label={t("ro.parts.forRo")}>
                  <Link to={`${base}/ro/${c.repairOrderId}`}>{c.roNumber}</Link>
                  <div className="muted">{c.customerName}</div>
                </td>
                <td data-label={t("ro.vehicle")}>
                  {c.vehicleLabel}
                  <div className="muted">
                    {c.vin} · {c.mileageKm} km
                  </div>
                </td>
                <td data-label={t("ro.lines")}>
                  {c.lines
                    .map((l) => (l.kind === "part" ? `${l.partNo} × ${l.qty}` : `${l.description} ${l.hours} h`))
                    .join(", ")}
                </td>
                <td data-label={t("ro.total")}>
                  {cny(c.totalFen)}
                  <div className="muted">
                    {t("ro.labour")} {cny(c.labourFen)} · {t("ro.partsTotal")} {cny(c.partsFen)}
                  </div>
                </td>
                <td data-label={t("ro.warranty.settledAt")}>
                  {fmt(c.settledAt, d.timeZone)}
                  <div className="muted">{t(`ro.warranty.status.${c.status}`)}</div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
