/**
 * The month-end fan-out (issue 6): the `month-end` schedule's dispatcher puts
 * one message per store on this queue; the batch consumer reconciles each
 * store's month (functions/jobs/month-end-consumer.ts) with partial batch
 * failures, so one store's failure is retried alone and ends in the
 * dead-letter queue after three tries, and no store shares another's time limit.
 */
import { Duration } from "aws-cdk-lib";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import type { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { createAppFunction } from "./functions.ts";

export interface MonthEndFanOutProps {
  table: ITable;
  stage: string;
  /** the jobs function that enqueues (gets MONTH_END_QUEUE_URL and send rights) */
  producer: IFunction & { addEnvironment: (key: string, value: string) => unknown };
}

export class MonthEndFanOut extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly consumer: NodejsFunction;

  constructor(scope: Construct, id: string, props: MonthEndFanOutProps) {
    super(scope, id);
    const consumerTimeout = Duration.minutes(5);
    this.deadLetterQueue = new Queue(this, "DeadLetters", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, "Queue", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // at least 6 × the consumer's timeout (AWS guidance for Lambda event sources)
      visibilityTimeout: Duration.minutes(30),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 3 },
    });
    this.consumer = createAppFunction(this, "Consumer", {
      entry: "functions/jobs/month-end-consumer.ts",
      description: `dealer-os ${props.stage} month-end reconciliation per store (queue consumer)`,
      memorySize: 1024,
      timeout: consumerTimeout,
      environment: { TABLE_NAME: props.table.tableName, POWERTOOLS_SERVICE_NAME: "dealeros-month-end" },
    });
    props.table.grantReadWriteData(this.consumer);
    this.consumer.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 5, reportBatchItemFailures: true, maxConcurrency: 10 }),
    );
    this.queue.grantSendMessages(props.producer);
    props.producer.addEnvironment("MONTH_END_QUEUE_URL", this.queue.queueUrl);
  }
}
