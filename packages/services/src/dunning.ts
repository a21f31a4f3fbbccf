/**
 * The dunning job (催款, brief rule 17; daily 09:00 store time from the schedule
 * registry). For one store and local day it reads the store's open receivables
 * (GSI4, pages of 500 — no Scan) and, per contract, decides with the pure
 * cadence rule (core dunningAction): before the first open due date a reminder
 * on Mondays and Thursdays, from it on every day, and after N reminders without
 * a payment one escalation to the sales manager(s).
 *
 * Each reminder is ONE transaction: the reminder log entry (`attribute_not_exists`
 * — once per contract and day), the contract's dunning counters (version-checked;
 * a lost race reads the contract again and decides again), the consultant's
 * dunning task for the day, and on escalation the manager(s)' tasks. Contracts
 * already reminded today are skipped from the counters on the contract itself,
 * so a second run the same day writes nothing. Then one e-mail per person (logged
 * locally; SES in the cloud), and the open dunning tasks of contracts with no
 * money open any more are closed ("settled").
 *
 * DynamoDB calls for a store: 1 Get (deal settings) + ⌈receivables / page⌉
 * Queries + 1 Query (staff, only when something is written) + 1 TransactWrite per
 * reminder + 1 Query (open dunning tasks) + 1 Update per settled task.
 */
import {
  addDays,
  currentDunning,
  type DunningAction,
  dunningAction,
  dunningAfterReminder,
  firstOpenDue,
  formatYuan,
  weekdayOf,
  zonedToUtc,
} from "@dealeros/core";
import {
  type AuditEntry,
  type Contract,
  cancelledConditions,
  type Db,
  type DunningTask,
  deals,
  delivery,
  identity,
  isContention,
  type Reminder,
  type Store,
  type User,
} from "@dealeros/db";
import { db } from "./context.ts";
import { dealSettingsForTenant } from "./deal-settings.ts";
import { contractPlanFields, escalationManagers } from "./delivery.ts";
import { deliverDunningDigest } from "./mailer.ts";

/** Receivables read per Query page. */
const PAGE = 500;
/** Reminder transactions in flight at once. */
const PARALLEL = 16;
/** A contract changed by someone else while the job wrote it: read and decide again, this often. */
const ATTEMPTS = 3;

const SYSTEM = { by: "system", byName: "System (dunning)" } as const;

export interface DunningReport {
  storeId: string;
  date: string;
  /** contracts with money open, read from the receivables index */
  receivables: number;
  pages: number;
  reminded: number;
  escalated: number;
  /** reminded earlier today already (skipped without a write) */
  alreadyToday: number;
  /** not a reminder day for them (before the due date, not Monday or Thursday) */
  notToday: number;
  /** lost races retried */
  retries: number;
  /** open dunning tasks closed because their contract has no money open any more */
  settled: number;
  emails: number;
}

type Decision = Exclude<DunningAction, { action: "none" }>;

interface Staff {
  users: Map<string, User>;
  managers: { userId: string; name: string }[];
}

/** Run the dunning job for one store and store-local day (`now`: the clock, for tests). */
export async function dunningJob(
  store: Store,
  date: string,
  opts: { db?: Db; now?: Date } = {},
): Promise<DunningReport> {
  const database = db(opts);
  const now = opts.now ?? new Date();
  const { tenantId, storeId, timeZone } = store;
  const settings = await dealSettingsForTenant(tenantId, { db: database });
  const weekday = weekdayOf(date);
  const report: DunningReport = {
    storeId,
    date,
    receivables: 0,
    pages: 0,
    reminded: 0,
    escalated: 0,
    alreadyToday: 0,
    notToday: 0,
    retries: 0,
    settled: 0,
    emails: 0,
  };
  const decide = (c: Contract): Decision | "already" | "not_today" => {
    const due = c.state === "cancelled" ? undefined : firstOpenDue(c.dues, c.paidFen);
    if (!due) return "not_today";
    const s = currentDunning(c.dunning, c.paidFen);
    if (s.lastRemindedOn && s.lastRemindedOn >= date) return "already";
    const a = dunningAction({
      dueDate: due.dueDate,
      today: date,
      weekday,
      lastRemindedOn: s.lastRemindedOn,
      ignored: s.ignored,
      escalatedAt: s.escalatedAt,
      escalateAfter: settings.dunningEscalateAfter,
    });
    return a.action === "none" ? "not_today" : a;
  };

  let staff: Promise<Staff> | undefined;
  const loadStaff = () => {
    staff ??= identity.listUsers(database, tenantId).then((users) => ({
      users: new Map(users.map((u) => [u.userId, u])),
      managers: escalationManagers(users, storeId),
    }));
    return staff;
  };
  /** per person: the lines of today's e-mail */
  const digests = new Map<string, { escalation: boolean; lines: string[] }>();
  const dueAt = zonedToUtc(date, store.openingHours.close, timeZone).toISOString();

  const remind = async (first: Contract, firstDecision: Decision) => {
    let c = first;
    let d = firstDecision;
    for (let attempt = 1; ; attempt++) {
      const { managers } = await loadStaff();
      const due = firstOpenDue(c.dues, c.paidFen)!;
      const at = now.toISOString();
      const escalate = d.action === "remind_escalate";
      const state = currentDunning(c.dunning, c.paidFen);
      const next: Contract = {
        ...c,
        dunning: dunningAfterReminder(state, date, c.paidFen, escalate ? at : undefined),
        version: c.version + 1,
        updatedAt: at,
      };
      const reminder: Reminder = {
        date,
        at,
        phase: d.phase,
        dueKind: due.kind,
        dueDate: due.dueDate,
        openFen: due.openFen,
        toUserId: c.consultantId,
        toName: c.consultantName,
        ...(escalate ? { escalatedTo: managers.map((m) => m.name) } : {}),
      };
      const task = (ownerId: string, ownerName: string, escalation: boolean): DunningTask => ({
        ...contractPlanFields(
          c,
          "dunning",
          dueAt,
          timeZone,
          { userId: ownerId, name: ownerName },
          `${c.contractId}.${ownerId}`,
        ),
        date,
        phase: d.phase,
        dueKind: due.kind,
        moneyDueDate: due.dueDate,
        openFen: due.openFen,
        escalation,
        reminders: next.dunning!.reminders,
        createdAt: at,
        createdBy: "job:dunning",
        updatedAt: at,
      });
      const tasks = [
        task(c.consultantId, c.consultantName, false),
        ...(escalate
          ? managers.filter((m) => m.userId !== c.consultantId).map((m) => task(m.userId, m.name, true))
          : []),
      ];
      const entry: AuditEntry = {
        at,
        ...SYSTEM,
        action: escalate ? "dunning.escalated" : "dunning.reminded",
        detail: {
          phase: d.phase,
          due: `${due.kind} ${due.dueDate}`,
          openFen: due.openFen,
          to: c.consultantName,
          ignored: state.ignored,
          ...(escalate ? { escalatedTo: managers.map((m) => m.name).join(", ") || "—" } : {}),
        },
      };
      try {
        await delivery.remind(database, next, c.version, reminder, entry, tasks);
      } catch (e) {
        const failed = cancelledConditions(e);
        // index 2: today's reminder exists (a parallel run wrote it) — nothing to do
        if (failed?.includes(2)) {
          report.alreadyToday += 1;
          return;
        }
        if (!isContention(e) || attempt >= ATTEMPTS) throw e;
        report.retries += 1;
        const fresh = await deals.getContract(database, tenantId, c.contractId);
        if (!fresh) return;
        const again = decide(fresh);
        if (again === "already") {
          report.alreadyToday += 1;
          return;
        }
        if (again === "not_today") return;
        c = fresh;
        d = again;
        continue;
      }
      report.reminded += 1;
      if (escalate) report.escalated += 1;
      const line = `${c.contractNo} ${c.customerName} ¥${formatYuan(due.openFen)} ${due.kind} due ${due.dueDate} (${d.phase === "overdue" ? "overdue" : "before due"})`;
      for (const t of tasks) {
        const dg = digests.get(t.ownerId) ?? { escalation: false, lines: [] };
        dg.lines.push(line);
        dg.escalation ||= t.escalation;
        digests.set(t.ownerId, dg);
      }
      return;
    }
  };

  const open = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await deals.listStoreReceivables(database, tenantId, storeId, { limit: PAGE, cursor });
    report.pages += 1;
    report.receivables += page.items.length;
    const work: [Contract, Decision][] = [];
    for (const c of page.items) {
      open.add(c.contractId);
      const d = decide(c);
      if (d === "already") report.alreadyToday += 1;
      else if (d === "not_today") report.notToday += 1;
      else work.push([c, d]);
    }
    await inParallel(work, PARALLEL, ([c, d]) => remind(c, d));
    cursor = page.cursor;
  } while (cursor);

  // tasks of contracts that left the receivables (paid in full, cancelled): settled
  const end = zonedToUtc(addDays(date, 1), "00:00", timeZone).toISOString();
  for (const { key, task } of await delivery.openDunningTasks(database, tenantId, storeId, end)) {
    if (open.has(task.contractId)) continue;
    if (await delivery.settleDunningTask(database, key, now.toISOString())) report.settled += 1;
  }

  if (digests.size) {
    const { users } = await loadStaff();
    for (const [userId, dg] of digests) {
      const u = users.get(userId);
      await deliverDunningDigest({
        tenantId,
        to: { userId, name: u?.name ?? userId, ...(u?.email ? { email: u.email } : {}) },
        storeName: store.name,
        date,
        lines: dg.lines,
        escalation: dg.escalation,
      });
      report.emails += 1;
    }
  }
  return report;
}

/** Run `fn` over the items with at most `limit` in flight. */
async function inParallel<T>(items: readonly T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
