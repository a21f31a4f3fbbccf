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
];

/** The store-local cron of an entry for one store ("close" → the store's closing time). */
export function storeCron(e: ScheduleEntry, store: { openingHours: { close: string } }): string {
  if (e.storeLocalCron !== "close") return e.storeLocalCron;
  const [hh, mm] = store.openingHours.close.split(":").map(Number) as [number, number];
  return `${mm} ${hh} * * *`;
}
