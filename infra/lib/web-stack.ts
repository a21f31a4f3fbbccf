/**
 * The web front: CloudFront in front of
 * - the Remix server Lambda (Function URL) for pages (default behaviour),
 * - an S3 bucket for the hashed static assets (`/assets/*`),
 * - the HTTP API (`/api/*`),
 * with a viewer-response CloudFront Function adding the security headers.
 */
import { existsSync } from "node:fs";
import { Annotations, CfnOutput, Duration, Fn, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import type { IHttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import {
  AllowedMethods,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { FunctionUrlOrigin, HttpOrigin, S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { FunctionUrlAuthType } from "aws-cdk-lib/aws-lambda";
import type { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { BlockPublicAccess, Bucket, BucketEncryption } from "aws-cdk-lib/aws-s3";
import { BucketDeployment, CacheControl, Source } from "aws-cdk-lib/aws-s3-deployment";
import type { Construct } from "constructs";
import { createAppFunction, fromRepoRoot, grantUploads } from "./functions.ts";

/** Security headers set on every response by the viewer-response function. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "strict-transport-security": "max-age=31536000; includeSubDomains",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "strict-origin-when-cross-origin",
  "content-security-policy":
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'",
};

/** CloudFront Functions (cloudfront-js-2.0) source of the security headers function. */
export function securityHeadersFunctionCode(headers: Readonly<Record<string, string>> = SECURITY_HEADERS): string {
  const assignments = Object.entries(headers)
    .map(([name, value]) => `  h[${JSON.stringify(name)}] = { value: ${JSON.stringify(value)} };`)
    .join("\n");
  return `function handler(event) {\n  var response = event.response;\n  var h = response.headers;\n${assignments}\n  return response;\n}\n`;
}

export interface WebStackProps extends StackProps {
  table: ITable;
  httpApi: IHttpApi;
  /** uploads bucket: pages call the same services, so the Remix server stores licence photos too */
  uploads: IBucket;
  stage: string;
  /** Remix client build (hashed assets); deployed only if it exists at synth time */
  clientBuildDir?: string;
}

export class WebStack extends Stack {
  readonly webFunction: NodejsFunction;
  readonly assetsBucket: Bucket;
  readonly distribution: Distribution;
  readonly securityHeadersFunction: CloudFrontFunction;
  readonly assetsDeployment?: BucketDeployment;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);

    this.webFunction = createAppFunction(this, "WebFunction", {
      entry: "web/server/lambda.ts",
      description: `dealer-os ${props.stage} Remix server`,
      memorySize: 1024,
      timeout: Duration.seconds(15),
      environment: {
        TABLE_NAME: props.table.tableName,
        POWERTOOLS_SERVICE_NAME: "dealeros-web",
        NODE_ENV: "production",
        UPLOAD_BUCKET: props.uploads.bucketName,
      },
      define: { "process.env.NODE_ENV": JSON.stringify("production") },
      // @remix-run/architect pulls in @architect/functions, whose (unused here) table/queue/ws
      // helpers lazily require the v2 SDK; it is not in the node22 runtime and never loaded.
      externalModules: ["aws-sdk"],
    });
    Annotations.of(this).acknowledgeWarning(
      "@aws-cdk/aws-lambda-nodejs:sdkV2NotInRuntime",
      "aws-sdk (v2) is external only for @architect/functions helpers the Remix handler never calls",
    );
    props.table.grantReadWriteData(this.webFunction);
    grantUploads(this.webFunction, props.uploads);
    const webUrl = this.webFunction.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });

    this.assetsBucket = new Bucket(this, "AssetsBucket", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.securityHeadersFunction = new CloudFrontFunction(this, "SecurityHeaders", {
      comment: "Adds HSTS, nosniff, frame, referrer and CSP headers",
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(securityHeadersFunctionCode()),
    });
    const functionAssociations = [
      { function: this.securityHeadersFunction, eventType: FunctionEventType.VIEWER_RESPONSE },
    ];

    // apiEndpoint is "https://<id>.execute-api.<region>.<suffix>": keep the host name.
    const apiDomain = Fn.select(2, Fn.split("/", props.httpApi.apiEndpoint));

    this.distribution = new Distribution(this, "Distribution", {
      comment: `dealer-os ${props.stage}`,
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: new FunctionUrlOrigin(webUrl),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        functionAssociations,
      },
      additionalBehaviors: {
        "/assets/*": {
          origin: S3BucketOrigin.withOriginAccessControl(this.assetsBucket),
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: CachePolicy.CACHING_OPTIMIZED,
          functionAssociations,
        },
        "/api/*": {
          origin: new HttpOrigin(apiDomain, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          functionAssociations,
        },
      },
    });

    const clientBuildDir = props.clientBuildDir ?? fromRepoRoot("web/build/client");
    if (existsSync(clientBuildDir)) {
      this.assetsDeployment = new BucketDeployment(this, "AssetsDeployment", {
        sources: [Source.asset(clientBuildDir)],
        destinationBucket: this.assetsBucket,
        // hashed file names: keep old assets for pages still open in browsers
        prune: false,
        cacheControl: [CacheControl.fromString("public, max-age=31536000, immutable")],
        memoryLimit: 512,
      });
    }

    new CfnOutput(this, "DistributionDomainName", { value: this.distribution.distributionDomainName });
  }
}
