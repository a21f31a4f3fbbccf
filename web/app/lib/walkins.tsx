import { WALK_IN_SOURCES } from "@dealeros/core";
import { Link } from "@remix-run/react";
import { SkipReason } from "./followups";
import { useFormatTime, useT } from "./i18n";
import { Field } from "./ui";

export interface WalkInRow {
  walkInId: string;
  arrivedAt: string;
  departedAt?: string;
  partySize: number;
  visitType: "first" | "return";
  source: string;
  customerName?: string;
  mobile?: string;
  intendedModel?: string;
  note?: string;
  version: number;
  durationMinutes: number | null;
  assignment: { userId: string | null; name: string | null; reasonCode: string; reasonParams: Record<string, string> };
}

export function ReasonText({ a }: { a: WalkInRow["assignment"] }) {
  const t = useT();
  return (
    <span className="muted">
      {t(`reason.${a.reasonCode}`, a.reasonParams)}
      <SkipReason params={a.reasonParams} />
    </span>
  );
}

export function WalkInTable(props: {
  rows: WalkInRow[];
  storeId: string;
  timeZone: string;
  departForm?: (w: WalkInRow) => React.ReactNode;
  empty: string;
}) {
  const t = useT();
  const fmt = useFormatTime();
  if (props.rows.length === 0) return <p className="empty">{props.empty}</p>;
  return (
    <table className="responsive" data-testid="walkin-table">
      <thead>
        <tr>
          <th>{t("arrival")}</th>
          <th>{t("customer")}</th>
          <th>{t("visit")}</th>
          <th>{t("source")}</th>
          <th>{t("consultant")}</th>
          <th>{t("departure")}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((w) => (
          <tr key={w.walkInId}>
            <td data-label={t("arrival")}>
              <Link to={`/app/s/${props.storeId}/w/${w.walkInId}`}>{fmt(w.arrivedAt, props.timeZone)}</Link>
            </td>
            <td data-label={t("customer")}>
              {w.customerName ?? "—"}{" "}
              {w.mobile ? <span className="muted">{w.mobile.replace(/^(\d{3})\d{4}(\d{4})$/, "$1****$2")}</span> : null}
              <div className="muted">
                {w.partySize} {t("people")}
                {w.intendedModel ? ` · ${w.intendedModel}` : ""}
              </div>
            </td>
            <td data-label={t("visit")}>
              <span className={w.visitType === "return" ? "pill warn" : "pill"}>{t(w.visitType)}</span>
            </td>
            <td data-label={t("source")}>{t(`source.${w.source}`)}</td>
            <td data-label={t("consultant")}>
              <strong>{w.assignment.name ?? "—"}</strong>
              <div>
                <ReasonText a={w.assignment} />
              </div>
            </td>
            <td data-label={t("departure")}>
              {w.departedAt ? (
                <>
                  {fmt(w.departedAt, props.timeZone)}{" "}
                  <span className="muted">({t("minutes", { n: w.durationMinutes ?? 0 })})</span>
                </>
              ) : (
                (props.departForm?.(w) ?? <span className="pill ok">{t("stillHere")}</span>)
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The lead-source choice (来电 / 网络 / 外展 / 外拓 / 转介绍 / 厂家下发 / 经纪人 / walk-in). */
export function SourceSelect({ form }: { form?: { fields: Record<string, string>; values?: Record<string, string> } }) {
  const t = useT();
  return (
    <Field name="source" label={t("source")} error={form?.fields.source}>
      <select id="f-source" name="source" defaultValue={form?.values?.source ?? "walk_in"}>
        {WALK_IN_SOURCES.map((s) => (
          <option key={s} value={s}>
            {t(`source.${s}`)}
          </option>
        ))}
      </select>
    </Field>
  );
}
