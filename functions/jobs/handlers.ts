/**
 * What each scheduled job does for one store. The dispatcher (run.ts) decides
 * which stores are due; the handler gets the store and the period to process.
 */
import { addDays, localDate } from "@dealeros/core";
import type { Store } from "@dealeros/db";
import { commissions, dunning, eod, followUpJob, jobs, monthEnd, oemKpi, reports, retention } from "@dealeros/services";
import { fanOutMonthEnd } from "./month-end.ts";

export interface JobHandler {
  /** the period (store-local date) a run fired at `at` processes */
  periodFor: (at: Date, store: Store) => string;
  run: (store: Store, period: string) => Promise<unknown>;
}

export const JOB_HANDLERS: Record<string, JobHandler> = {
  // day 1, 03:00 store time: the previous month's commission statements (H2)
  commissions: {
    periodFor: (at, store) => commissions.jobMonth(localDate(at, store.timeZone)),
    run: (store, month) => commissions.commissionsJob(store, month),
  },
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
  // reports (H1): the previous local day's statistics; the daily report of the day at 16:30
  "day-stats": {
    periodFor: (at, store) => addDays(localDate(at, store.timeZone), -1),
    run: (store, date) => reports.refreshDayStats(store, date),
  },
  // every hour: today so far (the same idempotent computation)
  "day-stats-today": {
    periodFor: (at, store) => localDate(at, store.timeZone),
    run: (store, date) => reports.refreshDayStats(store, date),
  },
  "daily-report": {
    periodFor: (at, store) => localDate(at, store.timeZone),
    run: (store, date) => reports.dailyReportJob(store, date),
  },
  // OEM KPI snapshots (H4): nightly the previous local day (+ month to date); day 1 the previous month
  "oem-kpi-daily": {
    periodFor: (at, store) => addDays(localDate(at, store.timeZone), -1),
    run: (store, date) => oemKpi.kpiDaily(store, date),
  },
  "oem-kpi-monthly": {
    periodFor: (at, store) => addDays(localDate(at, store.timeZone), -1).slice(0, 7),
    run: (store, month) => oemKpi.kpiMonthly(store, month),
  },
  // retention (issue 7, H4): 07:30 store time, the local day's reminders and holiday greetings
  retention: {
    periodFor: (at, store) => localDate(at, store.timeZone),
    run: (store, date) => retention.retentionJob(store, date),
  },
  // day 1, 02:00 store time: the previous month, fanned out per store (queue in the cloud, in-process locally)
  "month-end": {
    periodFor: (at, store) => monthEnd.monthFor(at, store.timeZone),
    run: (store, month) => fanOutMonthEnd(store, month),
  },
};
