/** Small pieces shared by the plan page, the prospect card's follow-ups and the rotation reason. */
import { useT } from "./i18n";

export const OVERDUE_STYLE = { color: "var(--err)", fontWeight: 600 } as const;
export const OVERDUE_ROW = { background: "#fdecea", borderLeft: "4px solid var(--err)" } as const;

export function KindBadge({ kind }: { kind: string }) {
  const t = useT();
  const cls = kind === "appointment" ? "pill warn" : kind === "follow_up" ? "pill" : "pill off";
  return <span className={cls}>{t(`followups.kind.${kind}`)}</span>;
}

/** Done tick, open, cancelled — or a red "overdue". */
export function PlanState({ status, overdue }: { status: string; overdue: boolean }) {
  const t = useT();
  if (overdue)
    return (
      <span className="pill" style={{ background: "#fdecea", color: "var(--err)" }}>
        {t("followups.state.overdue")}
      </span>
    );
  return (
    <span className={status === "done" ? "pill ok" : status === "cancelled" ? "pill off" : "pill"}>
      {t(`followups.state.${status}`)}
    </span>
  );
}

/** A completion bar (done / due) that reads on a phone. */
export function CompletionBar({ rate }: { rate: number | null }) {
  const pct = rate ?? 0;
  const colour = pct >= 80 ? "var(--ok)" : pct >= 50 ? "var(--warn)" : "var(--err)";
  return (
    <div className="row" style={{ flexWrap: "nowrap", gap: 6 }}>
      <div
        role="progressbar"
        aria-valuenow={pct}
        aria-valuemin={0}
        aria-valuemax={100}
        style={{ flex: 1, minWidth: 60, height: 10, background: "#eef0f3", borderRadius: 5, overflow: "hidden" }}
      >
        <div style={{ width: `${pct}%`, height: "100%", background: colour }} />
      </div>
      <span style={{ minWidth: 38, textAlign: "right" }}>{rate === null ? "—" : `${rate}%`}</span>
    </div>
  );
}

/** The rotation-skip part of an assignment reason, in the UI language ("" when nobody was skipped). */
export function SkipReason({ params }: { params: Record<string, string> }) {
  const t = useT();
  if (params.skipped) return <> · {t("followups.reasonSkipped", params)}</>;
  if (params.everyoneOverdue) return <> · {t("followups.reasonEveryoneOver", params)}</>;
  return null;
}
