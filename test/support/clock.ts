/**
 * Runs a test file at a fixed time of the store's day (on the real date), with the clock moving on
 * from there. Cases that count "in ten minutes" or "today's walk-ins" otherwise change meaning when
 * the run happens near the store's midnight or before it opens (CI runs at any hour).
 * Only `Date` is faked: timers, DynamoDB Local and the network keep real time.
 */
import { localDate, zonedToUtc } from "@dealeros/core";
import { afterAll, beforeAll, vi } from "vitest";

export function storeTimeToday(time: string, timeZone = "Asia/Shanghai"): Date {
  return zonedToUtc(localDate(new Date(), timeZone), time, timeZone);
}

export function runAtStoreTime(time = "11:00", timeZone = "Asia/Shanghai"): void {
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ["Date"], now: storeTimeToday(time, timeZone), shouldAdvanceTime: true });
  });
  afterAll(() => {
    vi.useRealTimers();
  });
}
