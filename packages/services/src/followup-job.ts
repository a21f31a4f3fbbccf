/**
 * The follow-up job (brief schedules: every 15 minutes and at 08:00 store time).
 * For one store and local day it
 *   (a) creates the follow-up task of every active card due by the end of the day
 *       (GSI3 storeFollowUps — no Scan; deterministic task ids + attribute_not_exists),
 *       cancels tasks whose card is no longer due then (closed, re-graded) and
 *       moves tasks of transferred cards to their new owner;
 *   (b) flags open follow-ups and appointments past their due time as overdue;
 *   (c) runs the other kinds' due work (complaint escalation, below);
 *   (d) stores each consultant's overdue follow-up count on today's floor item,
 *       where the walk-in and lead rotation read it with the duty list.
 * Idempotent: a second run finds nothing to create, nothing to flag and the same
 * counts, and writes nothing.
 */
import { dayBounds, followUpTaskId, localDate, overdueFollowUpCounts, type PlanLike } from "@dealeros/core";
import { type Db, followUps, type KeyedPlanItem, type PlanTask, type Store, showroom } from "@dealeros/db";
import { escalateOverdueComplaints } from "./complaints.ts";
import { db } from "./context.ts";
import { escalateLateCalls } from "./delivery.ts";

export interface DueWorkContext {
  db: Db;
  store: Store;
  /** the store-local day being processed */
  date: string;
  now: Date;
  /** end of that day (exclusive, ISO UTC) */
  endOfDay: string;
  /** the store's open plan items of every kind due before the end of the day (or now, if later), with keys */
  open: KeyedPlanItem[];
}

/** One kind's share of the job: returns figures for the run report. */
export interface DueWorkStep {
  kind: string;
  run: (c: DueWorkContext) => Promise<Record<string, number>>;
}

/**
 * Other kinds' due work, run on every trigger after the follow-up tasks and
 * before the overdue counts, with the store's open work already read. Each step
 * is idempotent. Complaints: the 12-hour escalation to the sales manager (rule 14).
 */
const DUE_WORK_STEPS: DueWorkStep[] = [
  {
    kind: "complaint",
    run: async (c) => ({ escalated: (await escalateOverdueComplaints(c.store, c.now, { db: c.db })).escalated.length }),
  },
  // post-delivery calls (rule 13): a call not made within 3 days is escalated to the sales manager once
  {
    kind: "post_delivery_call",
    run: async (c) => ({ escalated: (await escalateLateCalls(c.store, c.open, c.now, { db: c.db })).length }),
  },
];

export interface FollowUpJobReport {
  storeId: string;
  date: string;
  dueCards: number;
  created: number;
  cancelled: number;
  reassigned: number;
  flaggedOverdue: number;
  /** overdue follow-ups per consultant, as stored for the rotation */
  overdueByConsultant: Record<string, number>;
  countsWritten: boolean;
  steps: Record<string, Record<string, number>>;
}

const FLAGGED_KINDS = new Set(["follow_up", "appointment"]);

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const ka = Object.keys(a).filter((k) => a[k]);
  const kb = Object.keys(b).filter((k) => b[k]);
  return ka.length === kb.length && ka.every((k) => a[k] === b[k]);
}

/** Run the follow-up job for one store and local day. */
export async function followUpJob(
  store: Store,
  date: string,
  opts: { db?: Db; now?: Date } = {},
): Promise<FollowUpJobReport> {
  const database = db(opts);
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  const { tenantId, storeId, timeZone } = store;
  const { end } = dayBounds(date, timeZone);
  // ISO strings: the later of the two (a run for a past day still sees everything overdue now)
  const bound = [end, at].sort()[1]!;
  const [cards, open] = await Promise.all([
    followUps.dueCards(database, tenantId, storeId, end),
    followUps.storeOpenWorkKeyed(database, tenantId, storeId, bound),
  ]);
  const report: FollowUpJobReport = {
    storeId,
    date,
    dueCards: cards.length,
    created: 0,
    cancelled: 0,
    reassigned: 0,
    flaggedOverdue: 0,
    overdueByConsultant: {},
    countsWritten: false,
    steps: {},
  };
  const cardById = new Map(cards.map((c) => [c.prospectId, c]));
  const stillOpen: KeyedPlanItem[] = [];

  // follow-up tasks that no longer match their card: cancel (closed / rescheduled) or move (transferred)
  for (const o of open) {
    const task = o.item as unknown as PlanTask;
    if (task.kind !== "follow_up" || task.dueAt >= end) {
      stillOpen.push(o);
      continue;
    }
    const card = cardById.get(task.prospectId);
    if (!card || card.nextFollowUpAt !== task.dueAt) {
      const ok = await followUps.replaceTaskIfOpen(database, {
        ...task,
        status: "cancelled",
        cancelledReason: card ? "rescheduled" : "no_longer_due",
        updatedAt: at,
      });
      if (ok) report.cancelled += 1;
      continue;
    }
    if (card.ownerId !== task.ownerId) {
      const moved: PlanTask = { ...task, ownerId: card.ownerId, ownerName: card.ownerName, updatedAt: at };
      if (await followUps.replaceTaskIfOpen(database, moved)) {
        report.reassigned += 1;
        stillOpen.push({ key: o.key, item: moved as unknown as KeyedPlanItem["item"] });
      }
      continue;
    }
    stillOpen.push(o);
  }

  // (a) a task for every due card that has none open
  const openIds = new Set(stillOpen.filter((o) => o.item.kind === "follow_up").map((o) => o.item.id));
  for (const card of cards) {
    const dueAt = card.nextFollowUpAt;
    if (!dueAt) continue;
    const id = followUpTaskId(card.prospectId, dueAt);
    if (openIds.has(id)) continue;
    const overdue = dueAt < at;
    const task: PlanTask = {
      tenantId,
      storeId,
      kind: "follow_up",
      id,
      ownerId: card.ownerId,
      ownerName: card.ownerName,
      dueAt,
      date: localDate(dueAt, timeZone),
      status: "open",
      title: card.name,
      prospectId: card.prospectId,
      grade: card.grade ?? undefined,
      ...(overdue ? { overdue: true } : {}),
      createdAt: at,
      createdBy: "job:follow-ups",
      updatedAt: at,
    };
    if (await followUps.putTaskIfAbsent(database, task)) {
      report.created += 1;
      stillOpen.push({
        key: { PK: "", SK: "" }, // never flagged again: it was created with its overdue flag
        item: task as unknown as KeyedPlanItem["item"],
      });
    }
  }

  // (b) overdue flags for open follow-ups and appointments
  for (const o of stillOpen) {
    const i = o.item;
    if (!FLAGGED_KINDS.has(i.kind) || i.status !== "open" || i.overdue || i.dueAt >= at || !o.key.PK) continue;
    if (await followUps.markOverdue(database, o.key, at)) report.flaggedOverdue += 1;
    i.overdue = true;
  }

  // (c) other kinds' due work
  for (const step of DUE_WORK_STEPS) {
    report.steps[step.kind] = await step.run({ db: database, store, date, now, endOfDay: end, open: stillOpen });
  }

  // (d) overdue counts for the rotation, on today's floor — written only when they changed
  const counts = overdueFollowUpCounts(
    stillOpen.map((o) => o.item as unknown as PlanLike),
    now,
  );
  report.overdueByConsultant = counts;
  const today = localDate(now, timeZone);
  const floor = await showroom.getFloor(database, tenantId, storeId, today);
  if (floor.rotationVersion === null || !sameCounts(floor.overdueFollowUps, counts)) {
    await followUps.putOverdueCounts(database, tenantId, storeId, today, counts, at);
    report.countsWritten = true;
  }
  return report;
}
