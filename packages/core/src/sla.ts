/**
 * SLA clocks that run in a store's opening hours: an internet lead that arrives
 * at 02:00 must be answered 30 minutes after the store opens, not at 02:30.
 */
import { addDays, localDate, zonedToUtc } from "./time.ts";

export interface BusinessHours {
  open: string;
  close: string;
  /** 0 = Sunday … 6 = Saturday */
  closedWeekdays: number[];
}

/** `minutes` of opening time after `start`, in the store's zone (plain minutes if the store never opens). */
export function addBusinessMinutes(start: Date, minutes: number, hours: BusinessHours, timeZone: string): Date {
  let remaining = minutes;
  let date = localDate(start, timeZone);
  for (let i = 0; i < 60; i++) {
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (!hours.closedWeekdays.includes(weekday)) {
      const open = zonedToUtc(date, hours.open, timeZone).getTime();
      const close = zonedToUtc(date, hours.close, timeZone).getTime();
      const from = Math.max(open, start.getTime());
      if (from < close) {
        const available = (close - from) / 60000;
        if (remaining <= available) return new Date(from + remaining * 60000);
        remaining -= available;
      }
    }
    date = addDays(date, 1);
  }
  return new Date(start.getTime() + minutes * 60000);
}
