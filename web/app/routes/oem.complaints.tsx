import { oemPortal } from "@dealeros/services";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orNotFound } from "../lib/http.server";
import { useFormatDateTime, useT } from "../lib/i18n";
import { OemFilters } from "../lib/oem";
import { requireOemCtx } from "../lib/oem-auth.server";

/** Complaints the region's consenting dealers forwarded (no customer data); the XLSX download is oem_.xlsx.tsx. */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOemCtx(request);
  const url = new URL(request.url);
  const view = await orNotFound(() =>
    oemPortal.forwardedComplaints(ctx, { regionId: url.searchParams.get("region") || undefined }),
  );
  return { view };
}

export default function OemComplaints() {
  const t = useT();
  const fmt = useFormatDateTime();
  const { view: v } = useLoaderData<typeof loader>();
  return (
    <main>
      <h1>{t("oem.complaintsTitle", { region: v.region.name })}</h1>
      <p className="muted">{t("oem.complaintsHelp")}</p>
      {v.regions.length > 1 ? <OemFilters regions={v.regions} regionId={v.region.regionId} /> : null}
      <div className="spread">
        <span />
        <a href={`/oem/xlsx?view=complaints&region=${encodeURIComponent(v.region.regionId)}`} download>
          {t("oem.download")}
        </a>
      </div>
      {v.complaints.length === 0 ? (
        <p className="empty">{t("oem.noComplaints")}</p>
      ) : (
        <div className="oem-table-wrap">
          <table className="responsive" data-testid="oem-complaints">
            <thead>
              <tr>
                <th>{t("oem.flaggedAt")}</th>
                <th>{t("oem.dealer")}</th>
                <th>{t("oem.category")}</th>
                <th>{t("oem.state")}</th>
                <th>{t("oem.note")}</th>
              </tr>
            </thead>
            <tbody>
              {v.complaints.map((c) => (
                <tr key={`${c.storeId}#${c.complaintId}`}>
                  <td data-label={t("oem.flaggedAt")}>{fmt(c.flaggedAt, "Asia/Shanghai")}</td>
                  <td data-label={t("oem.dealer")}>
                    {c.storeName}
                    <div className="muted">{c.dealerCode}</div>
                  </td>
                  <td data-label={t("oem.category")}>
                    {t(`complaints.category.${c.category}`)}
                    <div className="muted">{t(`complaints.severity.${c.severity}`)}</div>
                  </td>
                  <td data-label={t("oem.state")}>
                    {t(`complaints.state.${c.state}`)}
                    {c.respondedLate ? <div className="err-text">{t("oem.respondedLate")}</div> : null}
                  </td>
                  <td data-label={t("oem.note")}>{c.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
