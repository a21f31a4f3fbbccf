/**
 * Fair distribution of walk-ins ("up system", brief rule 2).
 * Pure: given who is on duty (in check-in order), where the rotation pointer
 * stands and whether the visitor is a returning customer, decide who serves
 * the visitor and why.
 */
export interface DutyEntry {
  userId: string;
  name: string;
  checkedInAt: string;
}

export interface RotationPointer {
  lastUserId?: string;
  lastCheckedInAt?: string;
}

export type AssignmentReasonCode =
  | "next_in_rotation"
  | "first_in_rotation"
  | "returning_customer"
  | "no_one_on_duty"
  | "reassigned";

export interface AssignmentDecision {
  userId: string | null;
  name: string | null;
  reasonCode: AssignmentReasonCode;
  /** names used to explain the decision (e.g. the previous consultant in rotation) */
  reasonParams: Record<string, string>;
  /** true when the decision consumes a turn and the pointer must move */
  advancesRotation: boolean;
}

export function dutyOrder(a: DutyEntry, b: DutyEntry): number {
  return a.checkedInAt === b.checkedInAt
    ? a.userId.localeCompare(b.userId)
    : a.checkedInAt.localeCompare(b.checkedInAt);
}

/**
 * The rotation skip (brief rule 6): a consultant with more than `limit` overdue
 * follow-ups is passed over by the rotation until he catches up. Returning
 * customers still go to their own consultant.
 */
export interface OverdueSkip {
  /** overdue follow-ups per userId (missing = 0) */
  counts: Readonly<Record<string, number>>;
  limit: number;
}

/**
 * Walk the queue from the consultant whose turn it is, passing over those with
 * too many overdue follow-ups. If everyone on duty is over the limit, nobody is
 * passed over (a visitor is never left waiting for that).
 */
export function applyOverdueSkip(
  queueFromNext: readonly DutyEntry[],
  skip: OverdueSkip | undefined,
): { chosen: DutyEntry; skipped: { name: string; count: number }[]; everyoneOver: boolean } {
  const first = queueFromNext[0]!;
  if (!skip) return { chosen: first, skipped: [], everyoneOver: false };
  const over = (d: DutyEntry) => (skip.counts[d.userId] ?? 0) > skip.limit;
  const idx = queueFromNext.findIndex((d) => !over(d));
  if (idx < 0) return { chosen: first, skipped: [], everyoneOver: queueFromNext.length > 0 && over(first) };
  return {
    chosen: queueFromNext[idx]!,
    skipped: queueFromNext.slice(0, idx).map((d) => ({ name: d.name, count: skip.counts[d.userId] ?? 0 })),
    everyoneOver: false,
  };
}

function withSkip(
  queue: readonly DutyEntry[],
  next: DutyEntry,
  skip: OverdueSkip | undefined,
): { chosen: DutyEntry; params: Record<string, string> } {
  const at = queue.indexOf(next);
  const fromNext = [...queue.slice(at), ...queue.slice(0, at)];
  const r = applyOverdueSkip(fromNext, skip);
  const params: Record<string, string> = {};
  if (r.skipped.length) {
    params.skipped = r.skipped.map((s) => `${s.name}: ${s.count}`).join(", ");
    params.overdueLimit = String(skip!.limit);
  }
  if (r.everyoneOver) params.everyoneOverdue = String(skip!.limit);
  return { chosen: r.chosen, params };
}

export function chooseConsultant(args: {
  onDuty: readonly DutyEntry[];
  pointer: RotationPointer | null;
  returningConsultantId?: string | null;
  /** pass over consultants with too many overdue follow-ups */
  skip?: OverdueSkip;
}): AssignmentDecision {
  const queue = [...args.onDuty].sort(dutyOrder);
  if (queue.length === 0) {
    return { userId: null, name: null, reasonCode: "no_one_on_duty", reasonParams: {}, advancesRotation: false };
  }
  if (args.returningConsultantId) {
    const previous = queue.find((d) => d.userId === args.returningConsultantId);
    if (previous) {
      return {
        userId: previous.userId,
        name: previous.name,
        reasonCode: "returning_customer",
        reasonParams: { consultant: previous.name },
        advancesRotation: false,
      };
    }
  }
  const p = args.pointer;
  if (!p?.lastUserId) {
    const { chosen, params } = withSkip(queue, queue[0]!, args.skip);
    return {
      userId: chosen.userId,
      name: chosen.name,
      reasonCode: "first_in_rotation",
      reasonParams: params,
      advancesRotation: true,
    };
  }
  const idx = queue.findIndex((d) => d.userId === p.lastUserId);
  let next: DutyEntry;
  if (idx >= 0) {
    next = queue[(idx + 1) % queue.length]!;
  } else {
    // the last one served went off duty: continue with whoever checked in after them
    const marker = { userId: p.lastUserId, name: "", checkedInAt: p.lastCheckedInAt ?? "" };
    next = queue.find((d) => dutyOrder(d, marker) > 0) ?? queue[0]!;
  }
  const previous = idx >= 0 ? queue[idx]!.name : undefined;
  const { chosen, params } = withSkip(queue, next, args.skip);
  return {
    userId: chosen.userId,
    name: chosen.name,
    reasonCode: "next_in_rotation",
    reasonParams: { ...(previous ? { previous } : {}), ...params },
    advancesRotation: true,
  };
}

/** The rotation-skip part of an explanation ("" when nobody was passed over). */
function explainSkip(params: Record<string, string>): string {
  if (params.skipped) {
    const list = params.skipped
      .split(", ")
      .map((s) => s.replace(/: (\d+)$/, (_, n: string) => `: ${n} overdue follow-up${n === "1" ? "" : "s"}`))
      .join(", ");
    return `; skipped ${list}`;
  }
  if (params.everyoneOverdue)
    return `; nobody skipped: everyone on duty has more than ${params.everyoneOverdue} overdue follow-ups`;
  return "";
}

/** English explanation stored with the assignment (the UI renders its own language from code + params). */
export function explainAssignment(d: Pick<AssignmentDecision, "reasonCode" | "reasonParams">): string {
  switch (d.reasonCode) {
    case "first_in_rotation":
      return `first in rotation today${explainSkip(d.reasonParams)}`;
    case "next_in_rotation":
      return `${d.reasonParams.previous ? `next in rotation after ${d.reasonParams.previous}` : "next in rotation"}${explainSkip(d.reasonParams)}`;
    case "returning_customer":
      return `returning customer of ${d.reasonParams.consultant}`;
    case "no_one_on_duty":
      return "no consultant on duty — waiting for assignment";
    case "reassigned":
      return `reassigned by ${d.reasonParams.by}: ${d.reasonParams.reason}`;
  }
}
