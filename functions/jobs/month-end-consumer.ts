/**
 * Lambda entry of the month-end queue (SQS event source, batches with
 * ReportBatchItemFailures): each record is one store's month; a failed record
 * is reported alone and retried by SQS (then the dead-letter queue), the rest
 * of the batch is done.
 */
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { log } from "@dealeros/services";
import middy from "@middy/core";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { processMonthEndMessage } from "./month-end.ts";

export async function consume(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse["batchItemFailures"] = [];
  for (const record of event.Records) {
    try {
      const result = await processMonthEndMessage(JSON.parse(record.body));
      log.info("month-end store done", { ...result });
    } catch (err) {
      log.error("month-end store failed", { messageId: record.messageId, error: err as Error });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(log, { resetKeys: true }))
  .handler(consume);
