/**
 * What each scheduled job does for one store. The dispatcher (run.ts) decides
 * which stores are due; the handler gets the store and the period to process.
 */
import { addDays, localDate } from "@dealeros/core";
import type { Store } from "@dealeros/db";
import { dunning, eod, followUpJob, jobs } from "@dealeros/services";

export interface JobHandler {
  /** the period (store-local date) a run fired at `at` processes */
  periodFor: (at: Date, store: Store) => string;
  run: (store: Store, period: string) => Promise<unknown>;
}

export const JOB_HANDLERS: Record<string, JobHandler> = {
  "traffic-snapshot": {
    // fires shortly after local midnight: the day that just ended
    periodFor: (at, store) => addDays(localDate(at, store.timeZone), -1),
    run: (store, date) => jobs.trafficSnapshot(store, date),
  },
  // follow-ups every 15 minutes and the 08:00 daily plan share one idempotent job for the local day
  "follow-ups": {
    periodFor: (at, store) => localDate(at, store.timeZone),
    run: (store, date) => followUpJob.followUpJob(store, date),
  },
  "daily-plan": {
    periodFor: (at, store) => localDate(at, store.timeZone),
    run: (store, date) => followUpJob.followUpJob(store, date),
  },
  // at closing time: the day that is closing
  "end-of-day-check": {
    periodFor: (at, store) => localDate(at, store.timeZone),
    run: (store, date) => eod.endOfDaySnapshot(store, date),
  },
  // 09:00 store time: the day's payment reminders (idempotent per contract and day)
  dunning: {
    periodFor: (at, store) => localDate(at, store.timeZone),
    run: (store, date) => dunning.dunningJob(store, date),
  },
};
