/** Shared bits of the test-drive pages: messages with times in them, the state pill. */

import { DynamicErrorBanner, type DynamicMessages, useDynamicMessage } from "./dynamic-messages";
import { useFormatDateTime, useFormatTime, useT } from "./i18n";

/** Server messages that carry a time, a plate or a name: matched here, the rest through the catalogue. */
const DYNAMIC: DynamicMessages = [
  [
    /^This car is already booked from (\d\d:\d\d) to (\d\d:\d\d)\. Choose another time or another car\.$/,
    "testdrive.err.clash",
    ["from", "to"],
  ],
  [/^Booked from (\d\d:\d\d) to (\d\d:\d\d)\.$/, "testdrive.err.clashField", ["from", "to"]],
  [
    /^A test drive must start and end within opening hours \((\d\d:\d\d)–(\d\d:\d\d)\)\.$/,
    "testdrive.err.hours",
    ["open", "close"],
  ],
  [/^The plate (.+) is already in this store's test-drive fleet\.$/, "testdrive.err.plate", ["plate"]],
  [/^This test drive belongs to (.+)'s customer\.$/, "testdrive.err.owner", ["name"]],
];

export function useTdMessage() {
  return useDynamicMessage(DYNAMIC);
}

export function TdErrorBanner({ data }: { data: unknown }) {
  return <DynamicErrorBanner data={data} dynamic={DYNAMIC} />;
}

const STATE_CLASS: Record<string, string> = {
  booked: "pill",
  in_progress: "pill warn",
  returned: "pill warn",
  signed_off: "pill ok",
  cancelled: "pill off",
};

export function StatePill({ state }: { state: string }) {
  const t = useT();
  return (
    <span className={STATE_CLASS[state] ?? "pill"} data-testid="td-state">
      {t(`testdrive.state.${state}`)}
    </span>
  );
}

export function useLocalTime() {
  const time = useFormatTime();
  const dateTime = useFormatDateTime();
  return (iso: string | undefined, timeZone: string, withDate = false) => (withDate ? dateTime : time)(iso, timeZone);
}
