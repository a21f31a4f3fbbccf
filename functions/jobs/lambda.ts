/** Lambda entry for scheduled jobs: EventBridge rule input `{ "job": "<name>" }`. */
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { log } from "@dealeros/services";
import middy from "@middy/core";
import { dispatch } from "./run.ts";

interface JobEvent {
  job?: string;
  detail?: { job?: string };
  time?: string;
}

export const handler = middy<JobEvent, unknown>()
  .use(injectLambdaContext(log, { resetKeys: true }))
  .handler(async (event) => {
    const job = event.job ?? event.detail?.job;
    if (!job) throw new Error("event names no job");
    const report = await dispatch(job, event.time ? new Date(event.time) : new Date());
    if (report.failed.length)
      throw new Error(`${report.failed.length} store(s) failed: ${JSON.stringify(report.failed)}`);
    return report;
  });
