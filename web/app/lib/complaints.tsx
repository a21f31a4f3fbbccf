/** Shared bits of the complaint pages: the SLA countdown and the badges. */
import { useT } from "./i18n";

export interface SlaView {
  status: "on_time" | "due_soon" | "overdue" | "responded" | "resolved";
  minutesLeft: number | null;
  late: boolean;
}

/** The SLA countdown: time left (amber in the last two hours), overdue in red, or handled. */
export function SlaCountdown({ sla }: { sla: SlaView }) {
  const t = useT();
  if (sla.status === "responded" || sla.status === "resolved") {
    return sla.late ? (
      <span className="pill warn">{t("complaints.handledLate")}</span>
    ) : (
      <span className="pill ok">{t("complaints.handled")}</span>
    );
  }
  const minutes = Math.abs(sla.minutesLeft ?? 0);
  const hm = { h: Math.floor(minutes / 60), m: minutes % 60 };
  if (sla.status === "overdue") {
    return (
      <strong style={{ color: "var(--err)" }} data-testid="sla-overdue">
        {t("complaints.overdueBy", hm)}
      </strong>
    );
  }
  return (
    <span style={sla.status === "due_soon" ? { color: "var(--warn)", fontWeight: 600 } : undefined}>
      {t("complaints.left", hm)}
    </span>
  );
}

/** Escalated / OEM / severity badges. */
export function ComplaintBadges(props: { escalatedAt?: string; oem?: unknown; severity?: string }) {
  const t = useT();
  return (
    <span className="row" style={{ gap: 4, display: "inline-flex" }}>
      {props.severity === "high" ? <span className="pill warn">{t("complaints.severity.high")}</span> : null}
      {props.escalatedAt ? (
        <span
          className="pill"
          style={{ background: "#fdecea", color: "var(--err)", fontWeight: 600 }}
          data-testid="escalated-badge"
        >
          {t("complaints.escalated")}
        </span>
      ) : null}
      {props.oem ? <span className="pill off">{t("complaints.oemBadge")}</span> : null}
    </span>
  );
}

/** The staff a complaint can be assigned to (sales managers marked), for the assigneeId field. */
export function AssigneeSelect(props: {
  staff: { userId: string; name: string; salesManager: boolean }[];
  defaultValue?: string;
  emptyLabel?: string;
}) {
  const t = useT();
  return (
    <select id="f-assigneeId" name="assigneeId" defaultValue={props.defaultValue ?? ""}>
      <option value="">{props.emptyLabel ?? "—"}</option>
      {props.staff.map((s) => (
        <option key={s.userId} value={s.userId}>
          {s.name}
          {s.salesManager ? ` (${t("complaints.salesManager")})` : ""}
        </option>
      ))}
    </select>
  );
}
