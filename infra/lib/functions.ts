/**
 * Shared NodejsFunction factory: every Lambda of the app is bundled the same
 * way (ESM, node22, arm64, source maps, AWS SDK v3 from the runtime), from the
 * repo root with the root package-lock.json.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { Architecture, Runtime } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";

/** Repository root, resolved from this file (infra/lib/functions.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Absolute path of a repo-relative path. */
export function fromRepoRoot(relativePath: string): string {
  return join(REPO_ROOT, relativePath);
}

/** ESM bundles still meet CommonJS deps that call `require`: give them one. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

export interface AppFunctionProps {
  /** entry file, relative to the repo root (e.g. "functions/http/lambda.ts") */
  entry: string;
  /** exported handler name (default "handler") */
  handler?: string;
  description?: string;
  memorySize?: number;
  timeout?: Duration;
  environment?: Record<string, string>;
  /** esbuild `define` (e.g. process.env.NODE_ENV for React) */
  define?: Record<string, string>;
  /** extra modules left out of the bundle (the AWS SDK v3 always is: the runtime provides it) */
  externalModules?: string[];
}

export function createAppFunction(scope: Construct, id: string, props: AppFunctionProps): NodejsFunction {
  const logGroup = new LogGroup(scope, `${id}Logs`, {
    retention: RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  return new NodejsFunction(scope, id, {
    entry: fromRepoRoot(props.entry),
    handler: props.handler ?? "handler",
    description: props.description,
    runtime: Runtime.NODEJS_22_X,
    architecture: Architecture.ARM_64,
    memorySize: props.memorySize ?? 1024,
    timeout: props.timeout ?? Duration.seconds(10),
    projectRoot: REPO_ROOT,
    depsLockFilePath: fromRepoRoot("package-lock.json"),
    logGroup,
    environment: {
      NODE_OPTIONS: "--enable-source-maps",
      // behind HTTPS (CloudFront / API Gateway): session cookies are Secure
      COOKIE_SECURE: "true",
      ...props.environment,
    },
    bundling: {
      format: OutputFormat.ESM,
      target: "node22",
      mainFields: ["module", "main"],
      banner: ESM_REQUIRE_BANNER,
      sourceMap: true,
      sourcesContent: false,
      minify: true,
      externalModules: ["@aws-sdk/*", ...(props.externalModules ?? [])],
      define: props.define,
    },
  });
}

/**
 * Read/write on the uploads bucket's objects, and nothing else: exact actions (no
 * wildcards); ListBucket only so that a missing key reads as 404, not 403.
 */
export function grantUploads(fn: NodejsFunction, uploads: IBucket): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      resources: [uploads.arnForObjects("*")],
    }),
  );
  fn.addToRolePolicy(new PolicyStatement({ actions: ["s3:ListBucket"], resources: [uploads.bucketArn] }));
}
