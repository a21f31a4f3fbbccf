import { useFormatTime, useT } from "./i18n";

export interface AuditRow {
  at: string;
  action: string;
  byName: string;
  detail: Record<string, unknown>;
}

/** One detail of an audit entry; money (integer fen, keys ending in `Fen`) reads as yuan. */
export function detailText(k: string, v: unknown): string {
  if (/Fen$/.test(k) && typeof v === "number")
    return `${k.slice(0, -3)}: ¥${(v / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  return `${k}: ${String(v)}`;
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
                .map(([k, v]) => detailText(k, v))
                .join(" · ")}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
