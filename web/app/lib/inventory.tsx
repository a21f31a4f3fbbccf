/** Inventory UI helpers: money in yuan from fen, the aging chart (inline SVG, no chart library installed). */
import { AGING_BUCKETS, type AgingSummary } from "@dealeros/core";
import { useLang, useT } from "./i18n";

export function useMoney() {
  const lang = useLang();
  return (fen: number) =>
    new Intl.NumberFormat(lang === "zh" ? "zh-CN" : "en-GB", {
      style: "currency",
      currency: "CNY",
      maximumFractionDigits: 0,
    }).format(fen / 100);
}

export const BUCKET_COLOURS: Record<(typeof AGING_BUCKETS)[number], string> = {
  "0-30": "#2e7d32",
  "31-60": "#9e9d24",
  "61-90": "#ef6c00",
  "90+": "#c62828",
};

/** Horizontal stacked bars: one per model, segments = aging buckets, length = vehicle count. */
export function AgingChart({ summary }: { summary: AgingSummary }) {
  const t = useT();
  const rows = summary.byModel;
  const max = Math.max(1, ...rows.map((r) => r.total.count));
  const labelW = 110;
  const barW = 230;
  const rowH = 26;
  const height = rows.length * rowH + 30;
  return (
    <figure style={{ margin: 0 }} data-testid="aging-chart">
      <svg
        viewBox={`0 0 ${labelW + barW + 30} ${height}`}
        width="100%"
        role="img"
        aria-label={t("inventory.chart")}
        style={{ maxWidth: 640, display: "block" }}
      >
        {rows.map((r, i) => {
          let x = labelW;
          return (
            <g key={r.key} transform={`translate(0 ${i * rowH})`}>
              <text x={0} y={17} fontSize={11} fill="#333">
                {r.label.length > 16 ? `${r.label.slice(0, 15)}…` : r.label}
              </text>
              {AGING_BUCKETS.map((b) => {
                const w = (r.buckets[b].count / max) * barW;
                const rect = w ? (
                  <rect key={b} x={x} y={5} width={w} height={16} fill={BUCKET_COLOURS[b]}>
                    <title>{`${r.label} · ${t("inventory.bucket", { b })}: ${r.buckets[b].count}`}</title>
                  </rect>
                ) : null;
                x += w;
                return rect;
              })}
              <text x={x + 4} y={17} fontSize={11} fill="#333">
                {r.total.count}
              </text>
            </g>
          );
        })}
        <g transform={`translate(${labelW} ${rows.length * rowH + 8})`}>
          {AGING_BUCKETS.map((b, i) => (
            <g key={b} transform={`translate(${i * 62} 0)`}>
              <rect width={10} height={10} fill={BUCKET_COLOURS[b]} />
              <text x={13} y={9} fontSize={10} fill="#333">
                {b}
              </text>
            </g>
          ))}
        </g>
      </svg>
      <figcaption className="muted">{t("inventory.chart")}</figcaption>
    </figure>
  );
}
