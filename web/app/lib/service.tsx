/** Shared bits of the service appointment pages: server messages with values, the status pill. */

import { DynamicErrorBanner, type DynamicMessages, useDynamicMessage } from "./dynamic-messages";
import { useT } from "./i18n";

/** Server messages that carry a time, a date or a count: matched here, the rest through the catalogue. */
const DYNAMIC: DynamicMessages = [
  [
    /^The (\d\d:\d\d) slot is full \((\d+) of (\d+) cars\)\. Choose another time\.$/,
    "service.err.full",
    ["hour", "used", "cap"],
  ],
  [
    /^A (\d+)-hour job starting at (\d\d:\d\d) runs past closing time \((\d\d:\d\d)\)\.$/,
    "service.err.pastClosing",
    ["n", "time", "close"],
  ],
  [
    /^The workshop is open (\d\d:\d\d)–(\d\d:\d\d) on (\S+); start within those hours\.$/,
    "service.err.hours",
    ["open", "close", "date"],
  ],
  [/^The workshop is closed on (\S+)\.$/, "service.err.closed", ["date"]],
  [/^(\d\d:\d\d) has already passed today\.$/, "service.err.passed", ["time"]],
  [
    /^A no-show can be recorded once the appointment time \((\d\d:\d\d)\) has passed\.$/,
    "service.err.noShowEarly",
    ["time"],
  ],
  [/^Bookings open (\d+) days ahead\.$/, "service.err.horizon", ["n"]],
];

export function useServiceMessage() {
  return useDynamicMessage(DYNAMIC);
}

export function ServiceErrorBanner({ data }: { data: unknown }) {
  return <DynamicErrorBanner data={data} dynamic={DYNAMIC} />;
}

const STATUS_CLASS: Record<string, string> = {
  expected: "pill",
  arrived: "pill ok",
  no_show: "pill warn",
  cancelled: "pill off",
};

export function AppointmentStatusPill({ status }: { status: string }) {
  const t = useT();
  return (
    <span className={STATUS_CLASS[status] ?? "pill"} data-testid="svc-status">
      {t(`service.status.${status}`)}
    </span>
  );
}
