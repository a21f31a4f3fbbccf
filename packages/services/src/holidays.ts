/**
 * The lunar holidays customers are greeted for (issue 7, rule 22): 春节 (lunar
 * 1/1) and 中秋 (lunar 8/15), converted to Gregorian dates by the maintained
 * lunar-javascript library. Owners are reminded GREETING_LEAD_DAYS before.
 */
import { addDays } from "@dealeros/core";
import lunar from "lunar-javascript";

export const GREETING_HOLIDAYS = ["spring_festival", "mid_autumn"] as const;
export type GreetingHoliday = (typeof GREETING_HOLIDAYS)[number];

/** Greetings are due this many days before the holiday. */
export const GREETING_LEAD_DAYS = 3;

const LUNAR_DATE: Record<GreetingHoliday, [month: number, day: number]> = {
  spring_festival: [1, 1],
  mid_autumn: [8, 15],
};

/** The Gregorian date of a holiday in the lunar year that starts in `year`. */
export function holidayDate(holiday: GreetingHoliday, year: number): string {
  const [m, d] = LUNAR_DATE[holiday];
  return lunar.Lunar.fromYmd(year, m, d).getSolar().toYmd();
}

/**
 * The holidays whose greeting window is open on `today`: from GREETING_LEAD_DAYS
 * before the holiday until the day before it (a missed run catches up; the
 * greeting items are idempotent per owner and holiday).
 */
export function greetingsDue(today: string): { holiday: GreetingHoliday; on: string }[] {
  const year = Number(today.slice(0, 4));
  const out: { holiday: GreetingHoliday; on: string }[] = [];
  for (const holiday of GREETING_HOLIDAYS)
    for (const y of [year, year + 1]) {
      const on = holidayDate(holiday, y);
      if (addDays(on, -GREETING_LEAD_DAYS) <= today && today < on) out.push({ holiday, on });
    }
  return out;
}
