/**
 * Month-end fan-out: the `month-end` schedule fires per store (day 1, 02:00
 * store time); each store's month is one unit of work. In the cloud the
 * dispatcher only enqueues one message per store (MONTH_END_QUEUE_URL) and the
 * batch consumer (month-end-consumer.ts) reconciles each store in its own
 * invocation, so a 50-store group never meets the Lambda time limit. Locally
 * (no queue) the same consumer code runs in-process.
 */
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { type Db, getDb, type Store, stores } from "@dealeros/db";
import { monthEnd } from "@dealeros/services";

export interface MonthEndMessage {
  tenantId: string;
  storeId: string;
  month: string;
}

let sqs: SQSClient | undefined;

function isMessage(x: unknown): x is MonthEndMessage {
  const m = x as MonthEndMessage;
  return (
    typeof m?.tenantId === "string" &&
    typeof m.storeId === "string" &&
    typeof m.month === "string" &&
    /^\d{4}-(0[1-9]|1[0-2])$/.test(m.month)
  );
}

/** The consumer's unit of work: one store's month (idempotent: a redelivered message changes nothing). */
export async function processMonthEndMessage(body: unknown, opts: { db?: Db } = {}): Promise<monthEnd.MonthEndResult> {
  if (!isMessage(body)) throw new Error(`not a month-end message: ${JSON.stringify(body)}`);
  const database = opts.db ?? getDb();
  const store = await stores.getStore(database, body.tenantId, body.storeId);
  if (!store) throw new Error(`store ${body.tenantId}/${body.storeId} not found`);
  return monthEnd.monthEndForStore(store, body.month, { db: database });
}

/** Enqueue one store's month (cloud), or run it now (locally, no queue configured). */
export async function fanOutMonthEnd(store: Store, month: string): Promise<unknown> {
  const message: MonthEndMessage = { tenantId: store.tenantId, storeId: store.storeId, month };
  const queueUrl = process.env.MONTH_END_QUEUE_URL;
  if (!queueUrl) return processMonthEndMessage(message);
  sqs ??= new SQSClient({});
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }));
  return { queued: message };
}
