/** Helpers for the roster and attendance tests: a store whose local time is around midday right now. */
import { expect } from "vitest";
import { STORE_INPUT, type setupTenant } from "./api.ts";

/**
 * A fixed-offset IANA zone in which it is about 12:00 now, so that "today",
 * a 09:00–18:00 shift and "now" relate the same way whenever the tests run
 * (Etc/GMT-8 is UTC+8: POSIX signs are inverted).
 */
export function middayZone(now = new Date()): string {
  const h = 12 - now.getUTCHours();
  return h === 0 ? "Etc/GMT" : h > 0 ? `Etc/GMT-${h}` : `Etc/GMT+${-h}`;
}

/** Move the tenant's store into `timeZone` (group admin, version-checked). */
export async function moveStore(
  t: Awaited<ReturnType<typeof setupTenant>>,
  timeZone: string,
  closedWeekdays: number[] = [],
) {
  const current = (await t.admin.get(`/api/stores/${t.store.storeId}`)).body.store;
  const r = await t.admin.patch(`/api/stores/${t.store.storeId}`, {
    version: current.version,
    timeZone,
    openingHours: { ...STORE_INPUT.openingHours, closedWeekdays },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.store;
}

export const FULL_DAY = [{ start: "09:00", end: "18:00" }];
export const EVERY_DAY = (shifts: { start: string; end: string }[]) => ({
  mon: shifts,
  tue: shifts,
  wed: shifts,
  thu: shifts,
  fri: shifts,
  sat: shifts,
  sun: shifts,
});
