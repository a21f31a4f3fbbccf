/**
 * The JSON API: one HTTP API (API Gateway v2) whose `ANY /api/{proxy+}` route
 * goes to a single Lambda (functions/http/lambda.ts, payload format 2.0).
 * Invitations are e-mailed through SES from the `mailDomain` identity.
 */
import { CfnOutput, Duration, Stack, type StackProps } from "aws-cdk-lib";
import { HttpApi, HttpMethod } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import type { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { EmailIdentity, Identity } from "aws-cdk-lib/aws-ses";
import type { Construct } from "constructs";
import { createAppFunction, grantUploads } from "./functions.ts";

export interface ApiStackProps extends StackProps {
  table: ITable;
  /** uploads bucket (licence photos): the API reads and writes objects in it */
  uploads: IBucket;
  /** domain whose SES identity sends the invitation e-mails */
  mailDomain: string;
  stage: string;
}

export class ApiStack extends Stack {
  readonly httpApi: HttpApi;
  readonly apiFunction: NodejsFunction;
  readonly mailIdentity: EmailIdentity;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);

    this.apiFunction = createAppFunction(this, "ApiFunction", {
      entry: "functions/http/lambda.ts",
      description: `dealer-os ${props.stage} JSON API`,
      memorySize: 1024,
      timeout: Duration.seconds(10),
      environment: {
        TABLE_NAME: props.table.tableName,
        POWERTOOLS_SERVICE_NAME: "dealeros-api",
        MAIL_DOMAIN: props.mailDomain,
        MAIL_FROM: `no-reply@${props.mailDomain}`,
        UPLOAD_BUCKET: props.uploads.bucketName,
      },
    });
    grantUploads(this.apiFunction, props.uploads);
    // Data-plane access only (no CreateTable/DeleteTable/UpdateTable...).
    props.table.grantReadWriteData(this.apiFunction);

    this.mailIdentity = new EmailIdentity(this, "MailIdentity", {
      identity: Identity.domain(props.mailDomain),
    });
    // Only ses:SendEmail, only on this identity (not grantSendEmail: that adds SendRawEmail).
    this.mailIdentity.grant(this.apiFunction, "ses:SendEmail");

    this.httpApi = new HttpApi(this, "HttpApi", {
      apiName: `dealeros-${props.stage}-api`,
      description: `dealer-os ${props.stage} HTTP API`,
    });
    this.httpApi.addRoutes({
      path: "/api/{proxy+}",
      methods: [HttpMethod.ANY],
      integration: new HttpLambdaIntegration("ApiIntegration", this.apiFunction),
    });

    new CfnOutput(this, "ApiEndpoint", { value: this.httpApi.apiEndpoint });
  }
}
