/**
 * The schedule registry: every scheduled job, once. The CDK schedules stack
 * turns each entry into an EventBridge rule (utcTrigger); the local scheduler
 * (functions/local/scheduler.ts) runs the same triggers with croner.
 *
 * Store-local semantics: `storeLocalCron` is evaluated in each store's IANA
 * time zone. On every UTC trigger the dispatcher runs the job for the stores
 * whose local cron fired since the previous trigger, so a job meant for
 * "00:30 store time" runs at 00:30 in Shanghai and in Urumqi alike.
 */
export interface ScheduleEntry {
  /** kebab-case name, used by `npm run job -- <name>` and as the rule name */
  name: string;
  description: string;
  /**
   * cron (5 fields, croner syntax) in store-local time, or "close": the store's
   * own closing time (from its opening hours), e.g. 18:00 → "0 18 * * *"
   */
  storeLocalCron: string;
  /** EventBridge cron expression (6 fields, UTC) that wakes the dispatcher */
  utcTrigger: string;
  /** same trigger in croner syntax for the local scheduler */
  localTrigger: string;
  /** minutes between two triggers: the dispatcher's look-back window */
  windowMinutes: number;
}

export const SCHEDULES: readonly ScheduleEntry[] = [
  {
    name: "commissions",
    description:
      "Commission statements per consultant for the previous month, day 1 at 03:00 store time (idempotent; a locked month is left alone)",
    storeLocalCron: "0 3 1 * *",
    utcTrigger: "cron(0/15 * * * ? *)",
    localTrigger: "*/15 * * * *",
    windowMinutes: 15,
  },
  {
    name: "traffic-snapshot",
    description: "Nightly showroom traffic snapshot per store for the store's previous local day",
    storeLocalCron: "30 0 * * *",
    utcTrigger: "cron(0/15 * * * ? *)",
    localTrigger: "*/15 * * * *",
    windowMinutes: 15,
  },
  {
    name: "follow-ups",
    description:
      "Follow-up tasks for cards due today, overdue flags on follow-ups and appointments, overdue counts for the rotation skip",
    storeLocalCron: "*/15 * * * *",
    utcTrigger: "cron(0/15 * * * ? *)",
    localTrigger: "*/15 * * * *",
    windowMinutes: 15,
  },
  {
    name: "daily-plan",
    description: "The 08:00 store-time run of the follow-up job: the day's plan is ready when the showroom opens",
    storeLocalCron: "0 8 * * *",
    utcTrigger: "cron(0/15 * * * ? *)",
    localTrigger: "*/15 * * * *",
    windowMinutes: 15,
  },
  {
    name: "end-of-day-check",
    description:
      "End-of-day consistency check at each store's closing time: the day's gaps are kept for the supervisor",
    storeLocalCron: "close",
    utcTrigger: "cron(0/15 * * * ? *)",
    localTrigger: "*/15 * * * *",
    windowMinutes: 15,
  },
  {
    name: "dunning",
    description:
      "Receivables dunning at 09:00 store time: reminders twice a week before the due date, daily after it, escalation after N ignored",
    storeLocalCron: "0 9 * * *",
    utcTrigger: "cron(0/15 * * * ? *)",
    localTrigger: "*/15 * * * *",
    windowMinutes: 15,
  },
  // reports (H1): day statistics nightly, the daily sales report at 16:30 (ready before 17:00)
  {
    name: "day-stats",
    description:
      "Day statistics at 00:15 store time for the previous local day: the pre-aggregated figures every report, target and KPI reads",
    storeLocalCron: "15 0 * * *",
    utcTrigger: "cron(0/15 * * * ? *)",
    localTrigger: "*/15 * * * *",
    windowMinutes: 15,
  },
  {
    name: "day-stats-today",
    description:
      "Today's day statistics refreshed every hour on the hour (store time), so the period views show today within the hour",
    storeLocalCron: "0 * * * *",
    utcTrigger: "cron(0/15 * * * ? *)",
    localTrigger: "*/15 * * * *",
    windowMinutes: 15,
  },
  {
    name: "daily-report",
    description:
      "Daily sales report at 16:30 store time: today's statistics refreshed, the report stored and mailed to the GMs and finance",
    storeLocalCron: "30 16 * * *",
    utcTrigger: "cron(0/15 * * * ? *)",
    localTrigger: "*/15 * * * *",
    windowMinutes: 15,
  },
  {
    name: "oem-kpi-daily",
    description:
      "OEM KPI snapshots at 01:30 store time for consenting stores: the previous day and the month to date, from day statistics",
    storeLocalCron: "30 1 * * *",
    utcTrigger: "cron(0/15 * * * ? *)",
    localTrigger: "*/15 * * * *",
    windowMinutes: 15,
  },
  {
    name: "oem-kpi-monthly",
    description: "OEM KPI snapshots on day 1 at 03:00 store time for consenting stores: the complete previous month",
    storeLocalCron: "0 3 1 * *",
    utcTrigger: "cron(0/15 * * * ? *)",
    localTrigger: "*/15 * * * *",
    windowMinutes: 15,
  },
  {
    name: "month-end",
    description:
      "Month-end reconciliation on day 1 at 02:00 store time for the previous month: one queue message per store, reconciled by the batch consumer",
    storeLocalCron: "0 2 1 * *",
    utcTrigger: "cron(0/15 * * * ? *)",
    localTrigger: "*/15 * * * *",
    windowMinutes: 15,
  },
  // retention (issue 7, H4): reminders for loan end, insurance, maintenance, birthdays; holiday greetings
  {
    name: "retention",
    description:
      "Retention reminders at 07:30 store time: loan/lease end, insurance renewal, maintenance due, birthdays and 春节/中秋 greetings as tasks for the owners (idempotent per customer and occasion)",
    storeLocalCron: "30 7 * * *",
    utcTrigger: "cron(0/15 * * * ? *)",
    localTrigger: "*/15 * * * *",
    windowMinutes: 15,
  },
];

/** The store-local cron of an entry for one store ("close" → the store's closing time). */
export function storeCron(e: ScheduleEntry, store: { openingHours: { close: string } }): string {
  if (e.storeLocalCron !== "close") return e.storeLocalCron;
  const [hh, mm] = store.openingHours.close.split(":").map(Number) as [number, number];
  return `${mm} ${hh} * * *`;
}
