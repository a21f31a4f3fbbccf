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

export function chooseConsultant(args: {
  onDuty: readonly DutyEntry[];
  pointer: RotationPointer | null;
  returningConsultantId?: string | null;
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
    const first = queue[0]!;
    return {
      userId: first.userId,
      name: first.name,
      reasonCode: "first_in_rotation",
      reasonParams: {},
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
  return {
    userId: next.userId,
    name: next.name,
    reasonCode: "next_in_rotation",
    reasonParams: previous ? { previous } : {},
    advancesRotation: true,
  };
}

/** English explanation stored with the assignment (the UI renders its own language from code + params). */
export function explainAssignment(d: Pick<AssignmentDecision, "reasonCode" | "reasonParams">): string {
  switch (d.reasonCode) {
    case "first_in_rotation":
      return "first in rotation today";
    case "next_in_rotation":
      return d.reasonParams.previous ? `next in rotation after ${d.reasonParams.previous}` : "next in rotation";
    case "returning_customer":
      return `returning customer of ${d.reasonParams.consultant}`;
    case "no_one_on_duty":
      return "no consultant on duty — waiting for assignment";
    case "reassigned":
      return `reassigned by ${d.reasonParams.by}: ${d.reasonParams.reason}`;
  }
}
