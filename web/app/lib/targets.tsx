/** UI pieces shared by the targets and commissions pages. */
import { useLang, useT } from "./i18n";

/** fen → "1,234.50" in the UI language. */
export function useYuanText() {
  const lang = useLang();
  const nf = new Intl.NumberFormat(lang === "zh" ? "zh-CN" : "en-US", {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  return (fen: number) => nf.format(fen / 100);
}

/** A ratio (1 = 100 %) as "87 %", "—" without one. */
export function pct(r: number | null | undefined): string {
  return r === null || r === undefined ? "—" : `${Math.round(r * 100)} %`;
}

export function ProgressBar(props: {
  title: string;
  target: number;
  deliveries: number;
  orders: number;
  attainment: number | null;
  testId?: string;
}) {
  const t = useT();
  const width = Math.min(100, Math.round((props.attainment ?? 0) * 100));
  return (
    <div className="tg-bar" data-testid={props.testId}>
      <div className="tg-head">
        <span>{props.title}</span>
        <span>{props.target > 0 ? pct(props.attainment) : t("targets.noTarget")}</span>
      </div>
      <div
        className="tg-track"
        role="progressbar"
        aria-label={props.title}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={width}
      >
        <div className={`tg-fill${(props.attainment ?? 0) >= 1 ? " done" : ""}`} style={{ width: `${width}%` }} />
      </div>
      <div className="muted">
        {t("targets.progressLine", { deliveries: props.deliveries, target: props.target, orders: props.orders })}
      </div>
    </div>
  );
}

/** "-120", "88.5", "1,000.00" yuan → fen; anything else → null. */
export function yuanTextToFen(raw: string | undefined): number | null {
  const v = (raw ?? "").replace(/[,\s¥￥]/g, "");
  const m = /^(-?)(\d{1,9})(?:\.(\d{1,2}))?$/.exec(v);
  if (!m) return null;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? "").padEnd(2, "0"));
  return m[1] ? -fen : fen;
}
