/** Shared pieces of the OEM portal pages: KPI columns, number formatting, the region/month filter. */
import { Form } from "@remix-run/react";
import { useT } from "./i18n";

/** The KPI columns of every OEM table, in order (key, catalogue label, kind). */
export const KPI_COLUMNS = [
  { key: "walkIns", label: "oem.kpi.walkIns", kind: "int" },
  { key: "newProspects", label: "oem.kpi.newProspects", kind: "int" },
  { key: "testDrives", label: "oem.kpi.testDrives", kind: "int" },
  { key: "orders", label: "oem.kpi.orders", kind: "int" },
  { key: "deliveries", label: "oem.kpi.deliveries", kind: "int" },
  { key: "targetUnits", label: "oem.kpi.targetUnits", kind: "int" },
  { key: "attainment", label: "oem.kpi.attainment", kind: "ratio" },
  { key: "stock", label: "oem.kpi.stock", kind: "int" },
  { key: "agedShare", label: "oem.kpi.agedShare", kind: "ratio" },
  { key: "postCallRate", label: "oem.kpi.postCallRate", kind: "ratio" },
  { key: "complaints", label: "oem.kpi.complaints", kind: "int" },
  { key: "complaintCompliance", label: "oem.kpi.complaintCompliance", kind: "ratio" },
] as const;

export type KpiKey = (typeof KPI_COLUMNS)[number]["key"];

/** The KPI figures of a snapshot or total, as a plain spreadsheet row. */
export function kpiRow(k: object | undefined): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  const src = (k ?? {}) as Record<string, unknown>;
  for (const c of KPI_COLUMNS) out[c.key] = typeof src[c.key] === "number" ? (src[c.key] as number) : null;
  return out;
}

export function fmtKpi(v: unknown, kind: "int" | "ratio"): string {
  if (v === null || v === undefined || v === "") return "—";
  const n = Number(v);
  if (!Number.isFinite(n)) return "—";
  return kind === "ratio" ? `${(n * 100).toFixed(1)}%` : n.toLocaleString("en-US");
}

/** The KPI cells of one row (used by the network, trends and history tables). */
export function KpiCells({ row }: { row: Partial<Record<KpiKey, number | null>> | undefined }) {
  const t = useT();
  return (
    <>
      {KPI_COLUMNS.map((c) => (
        <td key={c.key} className="num" data-label={t(c.label)}>
          {fmtKpi(row?.[c.key], c.kind)}
        </td>
      ))}
    </>
  );
}

export function KpiHeaders() {
  const t = useT();
  return (
    <>
      {KPI_COLUMNS.map((c) => (
        <th key={c.key} className="num">
          {t(c.label)}
        </th>
      ))}
    </>
  );
}

/** Region picker (only when the user may open several) and an optional month / month-count field. */
export function OemFilters(props: {
  regions: { regionId: string; name: string }[];
  regionId: string;
  month?: { name: string; value: string };
  count?: number;
}) {
  const t = useT();
  return (
    <Form method="get" className="oem-filters card" data-testid="oem-filters">
      {props.regions.length > 1 ? (
        <label>
          {t("oem.region")}
          <select name="region" defaultValue={props.regionId}>
            {props.regions.map((r) => (
              <option key={r.regionId} value={r.regionId}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <input type="hidden" name="region" value={props.regionId} />
      )}
      {props.month ? (
        <label>
          {t("oem.month")}
          <input type="month" name={props.month.name} defaultValue={props.month.value} required />
        </label>
      ) : null}
      {props.count ? (
        <label>
          {t("oem.months")}
          <select name="count" defaultValue={String(props.count)}>
            {[3, 6, 12, 24].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <button type="submit">{t("oem.show")}</button>
    </Form>
  );
}

/** XLSX columns for the KPI figures (labels in English and Chinese, so one file serves both). */
export const KPI_SHEET_COLUMNS = KPI_COLUMNS.map((c) => ({
  key: c.key,
  header: c.label,
  kind: c.kind as "int" | "ratio",
}));
