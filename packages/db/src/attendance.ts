/**
 * Attendance (考勤) and whereabouts (外出去向): a store's local day is one
 * partition holding every record of the day (never changed: a correction is a
 * new record) and one state item per person whose `seq` serialises that
 * person's writes, so a double tap cannot sign someone in twice.
 */
import { BatchGetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { AttendanceKind, AttendanceStatus } from "@dealeros/core";
import type { Db } from "./client.ts";
import { fromItem } from "./item.ts";
import { keys } from "./keys.ts";
import { queryAll } from "./query.ts";
import type { Roster } from "./roster.ts";
import { type Floor, toFloor } from "./showroom.ts";
import type { User } from "./types.ts";

export interface AttendanceRecord {
  tenantId: string;
  storeId: string;
  /** the store-local day of `at` */
  date: string;
  recordId: string;
  userId: string;
  name: string;
  kind: AttendanceKind;
  /** when it happened (ISO UTC) */
  at: string;
  /** out of office: where, why and when back */
  destination?: string;
  purpose?: string;
  expectedReturn?: string;
  /** sign-in: rostered that day, the shift it belongs to and whether it was late (as at the time of recording) */
  rostered?: boolean;
  shiftStart?: string;
  late?: boolean;
  lateMinutes?: number;
  /** out of office: on duty when leaving (coming back puts him back on duty) */
  wasOnDuty?: boolean;
  /** the record this one replaces */
  corrects?: string;
  reason?: string;
  /** recorded by someone else (receptionist, manager) */
  onBehalf: boolean;
  recordedAt: string;
  recordedBy: string;
  recordedByName: string;
}

export interface AttendanceState {
  tenantId: string;
  storeId: string;
  date: string;
  userId: string;
  name: string;
  status: AttendanceStatus;
  /** number of records written for the person that day; the write condition */
  seq: number;
  updatedAt: string;
}

/** One Query: every record and state item of a store's local day. */
export async function getAttendanceDay(
  db: Db,
  tenantId: string,
  storeId: string,
  date: string,
): Promise<{ records: AttendanceRecord[]; states: AttendanceState[] }> {
  const items = await queryAll(db, {
    TableName: db.table,
    KeyConditionExpression: "PK = :pk",
    ExpressionAttributeValues: { ":pk": keys.attendanceDay(tenantId, storeId, date) },
    ConsistentRead: true,
  });
  return {
    records: items.filter((i) => String(i.SK).startsWith("REC#")).map((i) => fromItem<AttendanceRecord>(i)!),
    states: items.filter((i) => String(i.SK).startsWith("STATE#")).map((i) => fromItem<AttendanceState>(i)!),
  };
}

/**
 * One BatchGet: what a sign-in needs besides the day's records — the week's
 * roster, the day's floor (duty + rotation) and, when recording for someone
 * else, that person.
 */
export async function getAttendanceContext(
  db: Db,
  tenantId: string,
  storeId: string,
  args: { weekStart: string; date: string; userId?: string },
): Promise<{ roster?: Roster; floor: Floor; floorExists: boolean; user?: User }> {
  const Keys: Record<string, string>[] = [
    keys.roster(tenantId, storeId, args.weekStart),
    keys.floor(tenantId, storeId, args.date),
  ];
  if (args.userId) Keys.push(keys.user(tenantId, args.userId));
  const r = await db.doc.send(new BatchGetCommand({ RequestItems: { [db.table]: { Keys, ConsistentRead: true } } }));
  const items = r.Responses?.[db.table] ?? [];
  const floor = items.find((i) => String(i.PK).endsWith("#FLOOR"));
  return {
    roster: fromItem<Roster>(items.find((i) => String(i.PK).endsWith("#ROSTER"))),
    floor: toFloor(floor),
    floorExists: !!floor,
    user: args.userId ? fromItem<User>(items.find((i) => i.SK === `USER#${args.userId}`)) : undefined,
  };
}

export function attendanceRecordItem(r: AttendanceRecord) {
  return {
    ...keys.attendanceRecord(r.tenantId, r.storeId, r.date, r.at, r.recordId),
    GSI2PK: keys.userAttendance(r.tenantId, r.userId),
    GSI2SK: `${r.date}#${r.at}#${r.recordId}`,
    type: "AttendanceRecord",
    ...r,
  };
}

/**
 * One transaction: the new record, the person's state (only if nobody wrote for
 * the person since `expectedSeq` was read) and any extra items (the duty change).
 */
export async function writeAttendance(
  db: Db,
  record: AttendanceRecord,
  state: AttendanceState,
  expectedSeq: number,
  extra: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]> = [],
): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: db.table,
            Item: attendanceRecordItem(record),
            ConditionExpression: "attribute_not_exists(PK)",
          },
        },
        {
          Put: {
            TableName: db.table,
            Item: {
              ...keys.attendanceState(state.tenantId, state.storeId, state.date, state.userId),
              type: "AttendanceState",
              ...state,
            },
            ConditionExpression: expectedSeq === 0 ? "attribute_not_exists(PK)" : "seq = :s",
            ExpressionAttributeValues: expectedSeq === 0 ? undefined : { ":s": expectedSeq },
          },
        },
        ...extra,
      ],
    }),
  );
}
