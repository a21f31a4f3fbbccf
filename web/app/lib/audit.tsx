import { useFormatTime, useT } from "./i18n";

export interface AuditRow {
  at: string;
  action: string;
  byName: string;
  detail: Record<string, unknown>;
}

/** Who changed what, newest last: shown on every record that keeps an audit trail. */
export function AuditList({ audit, timeZone }: { audit: AuditRow[]; timeZone: string }) {
  const t = useT();
  const fmt = useFormatTime();
  return (
    <>
      <h2>{t("auditTrail")}</h2>
      <ul className="plain" data-testid="audit">
        {audit.map((a) => (
          <li key={`${a.at}-${a.action}`}>
            <strong>{t(`audit.${a.action}`)}</strong> · {a.byName} · {fmt(a.at, timeZone)}
            <div className="muted">
              {Object.entries(a.detail)
                .filter(([, v]) => v !== undefined && v !== null && !/^[0-9A-HJKMNP-TV-Z]{26}$/.test(String(v)))
                .map(([k, v]) => `${k}: ${String(v)}`)
                .join(" · ")}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
