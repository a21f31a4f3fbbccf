/** The job dispatcher shared by the Lambda (EventBridge) and the local scheduler / CLI. */
import { jobs, log } from "@dealeros/services";
import { Cron } from "croner";
import { JOB_HANDLERS } from "./handlers.ts";
import { SCHEDULES, type ScheduleEntry, storeCron } from "./registry.ts";

export interface JobRunReport {
  job: string;
  stores: number;
  ran: { tenantId: string; storeId: string; period: string }[];
  failed: { storeId: string; error: string }[];
}

function entry(name: string): ScheduleEntry {
  const e = SCHEDULES.find((s) => s.name === name);
  if (!e) throw new Error(`Unknown job "${name}". Known: ${SCHEDULES.map((s) => s.name).join(", ")}`);
  return e;
}

/** Did the store-local cron fire in (now - window, now]? */
export function firedInWindow(cron: string, timeZone: string, now: Date, windowMinutes: number): Date | null {
  const from = new Date(now.getTime() - windowMinutes * 60000);
  const next = new Cron(cron, { timezone: timeZone, paused: true }).nextRun(from);
  return next && next.getTime() <= now.getTime() ? next : null;
}

/**
 * A trigger fired: run the job for every store whose local schedule came due
 * in the window. Each store runs independently; one failure does not stop the rest.
 */
export async function dispatch(name: string, now = new Date()): Promise<JobRunReport> {
  const e = entry(name);
  const handler = JOB_HANDLERS[name]!;
  const report: JobRunReport = { job: name, stores: 0, ran: [], failed: [] };
  for await (const store of jobs.everyStore()) {
    report.stores += 1;
    const at = firedInWindow(storeCron(e, store), store.timeZone, now, e.windowMinutes);
    if (!at) continue;
    const period = handler.periodFor(at, store);
    try {
      await handler.run(store, period);
      report.ran.push({ tenantId: store.tenantId, storeId: store.storeId, period });
    } catch (err) {
      log.error("job failed for store", { job: name, storeId: store.storeId, error: err as Error });
      report.failed.push({ storeId: store.storeId, error: (err as Error).message });
    }
  }
  log.info("job dispatched", {
    job: name,
    stores: report.stores,
    ran: report.ran.length,
    failed: report.failed.length,
  });
  return report;
}

/** Run a job by hand for a period (every store, or one), regardless of the clock. */
export async function runForPeriod(name: string, period: string | undefined, storeId?: string): Promise<JobRunReport> {
  entry(name);
  const handler = JOB_HANDLERS[name]!;
  const report: JobRunReport = { job: name, stores: 0, ran: [], failed: [] };
  for await (const store of jobs.everyStore()) {
    if (storeId && store.storeId !== storeId) continue;
    report.stores += 1;
    const p = period ?? handler.periodFor(new Date(), store);
    try {
      await handler.run(store, p);
      report.ran.push({ tenantId: store.tenantId, storeId: store.storeId, period: p });
    } catch (err) {
      report.failed.push({ storeId: store.storeId, error: (err as Error).message });
    }
  }
  return report;
}
