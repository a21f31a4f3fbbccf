/**
 * Demo follow-ups (跟进) and daily plans for the demo tenant: graded prospect
 * cards for every consultant with a few weeks of follow-up history, and today's
 * mix — overdue follow-ups from earlier days, some due and done today, some due
 * later today, appointments (one arrived, one still to come). 王伟 in Shanghai
 * has 7 overdue follow-ups, more than the default limit of 5, so the walk-in
 * rotation passes him over. The follow-up job then runs once per store, as the
 * 15-minute schedule would, creating the open tasks and the rotation's counts.
 * Deterministic (seeded random).
 */
import {
  addDays,
  DEFAULT_GRADING,
  dayBounds,
  type FollowUpOutcome,
  followUpDueAt,
  followUpTaskId,
  type Grade,
  localDate,
  localTime,
  newId,
  zonedToUtc,
} from "@dealeros/core";
import {
  cancelledConditions,
  type Db,
  type FollowUpRecord,
  followUps,
  type PlanTask,
  type Prospect,
  prospects,
  type Store,
  type User,
} from "@dealeros/db";
import { followUpJob } from "@dealeros/services";
import { picker, rng } from "./seed-util.ts";

type HabcGrade = Exclude<Grade, "O" | "F">;
type State =
  | { kind: "overdue"; days: number }
  | { kind: "dueEarlierToday" }
  | { kind: "dueLaterToday" }
  | { kind: "doneToday" }
  | { kind: "future"; days: number }
  | { kind: "appointmentToday" }
  | { kind: "appointmentDoneToday" };

interface CardSeed {
  grade: HabcGrade;
  /** past follow-ups before the current state */
  history: number;
  state: State;
}

const od = (days: number, grade: HabcGrade = "H", history = 2): CardSeed => ({
  grade,
  history,
  state: { kind: "overdue", days },
});
const done = (grade: HabcGrade = "A", history = 2): CardSeed => ({ grade, history, state: { kind: "doneToday" } });
const later = (grade: HabcGrade = "H", history = 1): CardSeed => ({ grade, history, state: { kind: "dueLaterToday" } });
const future = (days: number, history = 1): CardSeed => ({ grade: "C", history, state: { kind: "future", days } });

/** By staff key (email local part); everyone else gets DEFAULT_PLAN. */
const PLANS: Record<string, CardSeed[]> = {
  "li.na": [
    od(1),
    done("H", 3),
    done("A"),
    later(),
    { grade: "A", history: 2, state: { kind: "dueEarlierToday" } },
    { grade: "A", history: 1, state: { kind: "appointmentToday" } },
    { grade: "B", history: 2, state: { kind: "appointmentDoneToday" } },
    future(3),
  ],
  "wang.wei": [od(1), od(1, "A"), od(2), od(2, "B", 1), od(3), od(4, "A", 3), od(5, "C", 1), done("H"), later("A")],
  "zhao.lei": [od(2, "A"), od(1), done("B"), later(), future(2)],
  "sun.yue": [done("H"), done("A", 3), done("B"), future(5, 2)],
};
const DEFAULT_PLAN: CardSeed[] = [od(1), done("A"), later(), future(4)];

const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"];
const TITLES = ["先生", "女士"];
const MODELS = ["速腾 Sagitar", "迈腾 Magotan", "探岳 Tayron", "凯美瑞 Camry", "汉兰达 Highlander", "bZ4X"];
const NOTES: [FollowUpOutcome, string, string | undefined][] = [
  ["reached", "对比了竞品，倾向本品牌，关注油耗", "周末邀约试驾"],
  ["reached", "家人意见不统一，下周再商量", "发送家用配置对比"],
  ["no_answer", "未接通，已发短信", "明天上午再打"],
  ["call_back_later", "在开会，约下午回电", "下午回电"],
  ["reached", "询问置换政策和旧车估价", "预约旧车评估"],
  ["reached", "按揭首付比例想再低一些", "准备金融方案"],
];

export async function seedFollowUps(
  db: Db,
  args: { tenantId: string; stores: Store[]; users: User[]; now: Date },
): Promise<{ cards: number; followUps: number }> {
  const rand = rng(20261127);
  const pick = picker(rand);
  const { tenantId, now } = args;
  const nowMs = now.getTime();
  let cards = 0;
  let records = 0;
  let mobileSeq = 0;

  for (const store of args.stores) {
    const tz = store.timeZone;
    const today = localDate(now, tz);
    const { start, end } = dayBounds(today, tz);
    const startMs = Date.parse(start);
    const endMs = Date.parse(end);
    /** an instant today before now (f in 0..1 of the day so far), or after now (of what is left) */
    const earlierToday = (f: number) => new Date(startMs + f * (nowMs - startMs));
    const laterToday = (f: number) => new Date(nowMs + f * (endMs - nowMs));
    const pastDay = (daysAgo: number, hhmm: string) => zonedToUtc(addDays(today, -daysAgo), hhmm, tz);
    const officeTime = () =>
      `${String(9 + Math.floor(rand() * 8)).padStart(2, "0")}:${String(Math.floor(rand() * 4) * 15).padStart(2, "0")}`;
    const consultants = args.users.filter(
      (u) => u.roles.includes("sales_consultant") && u.storeIds.includes(store.storeId),
    );

    for (const c of consultants) {
      const plan = PLANS[c.email.split("@")[0]!] ?? DEFAULT_PLAN;
      for (const spec of plan) {
        const cadence = DEFAULT_GRADING.cadenceDays[spec.grade];
        // the last contact before today's state, chosen so that its cadence lands on the state
        const s = spec.state;
        const last: Date =
          s.kind === "overdue"
            ? pastDay(s.days + cadence, officeTime())
            : s.kind === "dueEarlierToday"
              ? pastDay(cadence, localTime(earlierToday(0.3), tz))
              : s.kind === "dueLaterToday"
                ? pastDay(cadence, localTime(laterToday(0.4), tz))
                : s.kind === "doneToday"
                  ? pastDay(cadence, localTime(earlierToday(0.25), tz))
                  : s.kind === "future"
                    ? pastDay(Math.max(1, cadence - s.days), officeTime())
                    : pastDay(s.kind === "appointmentToday" ? 1 : 2, officeTime());
        const contacts: Date[] = [];
        for (let i = spec.history - 1; i >= 1; i--)
          contacts.push(zonedToUtc(addDays(localDate(last, tz), -i * cadence), officeTime(), tz));
        contacts.push(last);
        if (s.kind === "doneToday") contacts.push(earlierToday(0.6));

        const createdAt = new Date(contacts[0]!.getTime() - 2 * 86_400_000).toISOString();
        const name = `${pick(SURNAMES)}${pick(TITLES)}`;
        let card: Prospect | undefined;
        for (let attempt = 0; !card && attempt < 5; attempt++) {
          const mobile = `13${String(5 + (mobileSeq % 5))}${String(80_000_000 + mobileSeq * 7919 + attempt).slice(-8)}`;
          mobileSeq += 1;
          const p: Prospect = {
            ...prospects.newCard(
              {
                tenantId,
                storeId: store.storeId,
                prospectId: newId(),
                name,
                mobile,
                gender: name.endsWith("女士") ? "female" : "male",
                source: pick(["walk_in", "phone", "internet", "referral"] as const),
                intendedModel: pick(MODELS),
                ownerId: c.userId,
                ownerName: c.name,
                origin: { kind: "manual" },
                createdBy: c.userId,
                createdByName: c.name,
              },
              createdAt,
            ),
            grade: spec.grade,
            needs: {
              purchaseTiming: ({ H: "within_7_days", A: "within_15_days", B: "within_30_days", C: "later" } as const)[
                spec.grade
              ],
              purchaseFactors: ["safety", "comfort"],
              householdRoles: {},
              competingBrands: [],
            },
            // the first contact was planned for that very time
            nextFollowUpAt: contacts[0]!.toISOString(),
          };
          try {
            await prospects.createProspect(db, p, {
              at: createdAt,
              by: c.userId,
              byName: c.name,
              action: "prospect.created",
              detail: { owner: c.name },
            });
            card = p;
          } catch (e) {
            if (!cancelledConditions(e)?.length) throw e; // a mobile already taken: try another number
          }
        }
        if (!card) continue;
        cards += 1;

        for (const [i, contact] of contacts.entries()) {
          const at = contact.toISOString();
          const isLast = i === contacts.length - 1;
          const [outcome0, note, nextStep] = pick(NOTES);
          const booksToday = isLast && (s.kind === "appointmentToday" || s.kind === "appointmentDoneToday");
          const outcome: FollowUpOutcome = booksToday ? "appointment" : outcome0;
          const dueAt = card.nextFollowUpAt ?? at;
          const nextDue = followUpDueAt(card.grade, contact, tz) ?? undefined;
          const followUpId = newId();
          const task: PlanTask = {
            tenantId,
            storeId: store.storeId,
            kind: "follow_up",
            id: followUpTaskId(card.prospectId, dueAt),
            ownerId: c.userId,
            ownerName: c.name,
            dueAt,
            date: localDate(dueAt, tz),
            status: "done",
            doneAt: at,
            title: card.name,
            prospectId: card.prospectId,
            grade: spec.grade,
            outcome,
            followUpId,
            createdAt: [dueAt, at].sort()[0]!,
            createdBy: "job:follow-ups",
            updatedAt: at,
          };
          let appointment: PlanTask | undefined;
          if (booksToday) {
            const apptAt = (s.kind === "appointmentToday" ? laterToday(0.5) : earlierToday(0.4)).toISOString();
            const arrived = s.kind === "appointmentDoneToday";
            appointment = {
              tenantId,
              storeId: store.storeId,
              kind: "appointment",
              id: newId(),
              ownerId: c.userId,
              ownerName: c.name,
              dueAt: apptAt,
              date: localDate(apptAt, tz),
              status: arrived ? "done" : "open",
              ...(arrived ? { doneAt: earlierToday(0.5).toISOString(), outcome: "arrived" } : {}),
              title: card.name,
              prospectId: card.prospectId,
              grade: spec.grade,
              note: "到店试驾",
              createdAt: at,
              createdBy: c.userId,
              updatedAt: at,
            };
          }
          const record: FollowUpRecord = {
            followUpId,
            prospectId: card.prospectId,
            at,
            channel: outcome === "no_answer" ? "call" : pick(["call", "call", "message", "visit"] as const),
            outcome,
            note: booksToday ? "同意到店试驾" : note,
            nextStep: booksToday ? "到店试驾" : nextStep,
            ...(appointment ? { appointmentAt: appointment.dueAt, appointmentId: appointment.id } : {}),
            taskId: task.id,
            wasOverdue: dueAt < at,
            nextFollowUpAt: nextDue,
            by: c.userId,
            byName: c.name,
          };
          const next: Prospect = { ...card, nextFollowUpAt: nextDue, version: card.version + 1, updatedAt: at };
          await followUps.completeFollowUp(db, {
            card: next,
            expectedVersion: card.version,
            audits: [
              {
                at,
                by: c.userId,
                byName: c.name,
                action: "followup.completed",
                detail: { channel: record.channel, outcome, overdue: record.wasOverdue ? "yes" : undefined },
              },
            ],
            record,
            closedTasks: [],
            newDoneTask: task,
            appointment,
          });
          card = next;
          records += 1;
        }
      }
    }
    // the 15-minute job: open tasks for every card due today (overdue ones flagged) and the rotation's counts
    await followUpJob.followUpJob(store, today, { db, now });
  }
  return { cards, followUps: records };
}
