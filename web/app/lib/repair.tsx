/** Repair order UI helpers (issue 7, H2): waiting time, state pill. */
import type { RoState } from "@dealeros/core";
import { useT } from "./i18n";

/** Minutes → "2 d 4 h" / "3 h 05 min" / "12 min" in the UI language. */
export function useAge() {
  const t = useT();
  return (minutes: number) => {
    const d = Math.floor(minutes / 1440);
    const h = Math.floor((minutes % 1440) / 60);
    const m = minutes % 60;
    if (d) return t("ro.age.d", { d, h });
    if (h) return t("ro.age.h", { h, m: String(m).padStart(2, "0") });
    return t("ro.age.m", { m });
  };
}

const PILL: Record<RoState, string> = {
  received: "pill off",
  diagnosing: "pill off",
  waiting_approval: "pill warn",
  in_progress: "pill",
  waiting_parts: "pill warn",
  quality_check: "pill",
  ready: "pill ok",
  settled: "pill ok",
  delivered: "pill ok",
};

export function RoStatePill({ state }: { state: RoState }) {
  const t = useT();
  return (
    <span className={PILL[state]} data-testid="ro-state">
      {t(`ro.state.${state}`)}
    </span>
  );
}
