/** Events (issue 7, H4): server messages with values in them, in the UI language. */
import { useLang, useT } from "./i18n";
import { useServerMessage } from "./ui";

const FULL = /^The event is full: (\d+) places are taken\.$/;
const CAP =
  /^An event can invite at most ([\d,]+) customers: these filters add ([\d,]+) to ([\d,]+) invited\. Narrow the filters\.$/;

export function useEventMessage() {
  const t = useT();
  const lang = useLang();
  const msg = useServerMessage();
  return (m: string | undefined): string | undefined => {
    if (!m || lang !== "zh") return msg(m);
    const full = FULL.exec(m);
    if (full) return t("events.full", { n: full[1]! });
    const cap = CAP.exec(m);
    if (cap) return t("events.cap", { max: cap[1]!, n: cap[2]!, already: cap[3]! });
    return msg(m);
  };
}

/** A success rate in percent, or a dash without invitations. */
export function Rate({ value }: { value: number | null }) {
  return <>{value === null ? "—" : `${value}%`}</>;
}
