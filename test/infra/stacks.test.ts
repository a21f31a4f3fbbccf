/**
 * Assertion tests of the real CDK wiring (infra/lib/app.ts buildApp), with the
 * feature flags of cdk.json. Bundling is skipped (aws:cdk:bundling-stacks = [])
 * so no esbuild run and no web build are needed.
 */
import { existsSync, readFileSync } from "node:fs";
import { runInNewContext } from "node:vm";
import { App, type CfnElement, type Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { SCHEDULES } from "../../functions/jobs/registry.ts";
import { buildApp, type DealerOsStacks } from "../../infra/lib/app.ts";
import { fromRepoRoot } from "../../infra/lib/functions.ts";
import { TABLE_DEFINITION } from "../../packages/db/src/table.ts";

// AWS managed CloudFront policies
const CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
const CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
const ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

type Json = Record<string, unknown>;
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

function testApp(extraContext: Record<string, unknown> = {}): App {
  const cdkJson = JSON.parse(readFileSync(fromRepoRoot("cdk.json"), "utf8")) as { context?: Json };
  return new App({
    context: { ...cdkJson.context, ...extraContext, "aws:cdk:bundling-stacks": [] },
  });
}

function logicalIdOf(stack: Stack, fn: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(fn.node.defaultChild as CfnElement);
}

function asArray<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

/** Statements of all IAM policies attached to the role of the given function. */
function statementsOfFunction(template: Template, functionLogicalId: string): Statement[] {
  const fn = template.toJSON().Resources[functionLogicalId] as { Properties: { Role: { "Fn::GetAtt": string[] } } };
  const roleId = fn.Properties.Role["Fn::GetAtt"][0];
  const policies = template.findResources("AWS::IAM::Policy", {
    Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
  });
  return Object.values(policies).flatMap(
    (p) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement,
  );
}

let stacks: DealerOsStacks;
let data: Template;
let api: Template;
let web: Template;
let schedules: Template;

beforeAll(() => {
  stacks = buildApp(testApp());
  data = Template.fromStack(stacks.data);
  api = Template.fromStack(stacks.api);
  web = Template.fromStack(stacks.web);
  schedules = Template.fromStack(stacks.schedules);
}, 120_000);

describe("app", () => {
  it("names the stacks after the stage (default dev)", () => {
    expect(stacks.stage).toBe("dev");
    expect([stacks.data, stacks.api, stacks.web, stacks.schedules].map((s) => s.stackName)).toEqual([
      "DealerOs-dev-Data",
      "DealerOs-dev-Api",
      "DealerOs-dev-Web",
      "DealerOs-dev-Schedules",
    ]);
  });

  it("takes stage and mailDomain from context", () => {
    const prod = buildApp(testApp({ stage: "prod", mailDomain: "mail.dealer.test" }));
    expect(prod.api.stackName).toBe("DealerOs-prod-Api");
    Template.fromStack(prod.api).hasResourceProperties("AWS::SES::EmailIdentity", {
      EmailIdentity: "mail.dealer.test",
    });
  });

  it("rejects an invalid stage", () => {
    expect(() => buildApp(testApp({ stage: "Prod Stage!" }))).toThrow(/Invalid stage/);
  });

  it("runs every app Lambda on node22 / arm64 with source maps", () => {
    const appFunctions: [Stack, Template, { node: { defaultChild?: unknown } }][] = [
      [stacks.api, api, stacks.api.apiFunction],
      [stacks.web, web, stacks.web.webFunction],
      [stacks.schedules, schedules, stacks.schedules.jobsFunction],
      [stacks.schedules, schedules, stacks.schedules.monthEnd.consumer],
    ];
    // every Node.js function of the app is one of ours (CDK's own providers run Python)
    const nodeFunctionCount = [data, api, web, schedules]
      .map(
        (t) =>
          Object.keys(
            t.findResources("AWS::Lambda::Function", { Properties: { Runtime: Match.stringLikeRegexp("^nodejs") } }),
          ).length,
      )
      .reduce((a, b) => a + b, 0);
    expect(nodeFunctionCount).toBe(appFunctions.length);
    for (const [stack, template, fn] of appFunctions) {
      expect((template.toJSON().Resources[logicalIdOf(stack, fn)] as Json).Properties).toMatchObject({
        Runtime: "nodejs22.x",
        Architectures: ["arm64"],
        Handler: "index.handler",
        Environment: {
          Variables: { NODE_OPTIONS: "--enable-source-maps", COOKIE_SECURE: "true", TABLE_NAME: expect.anything() },
        },
      });
    }
  });
});

describe("data stack", () => {
  const d = TABLE_DEFINITION;

  it("has exactly one table, keyed and indexed as TABLE_DEFINITION", () => {
    data.resourceCountIs("AWS::DynamoDB::Table", 1);
    data.hasResourceProperties("AWS::DynamoDB::Table", {
      KeySchema: [
        { AttributeName: d.partitionKey, KeyType: "HASH" },
        { AttributeName: d.sortKey, KeyType: "RANGE" },
      ],
      BillingMode: "PAY_PER_REQUEST",
      GlobalSecondaryIndexes: d.globalIndexes.map((g) => ({
        IndexName: g.indexName,
        KeySchema: [
          { AttributeName: g.partitionKey, KeyType: "HASH" },
          { AttributeName: g.sortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      })),
    });
    const table = Object.values(data.findResources("AWS::DynamoDB::Table"))[0] as {
      Properties: { AttributeDefinitions: { AttributeName: string; AttributeType: string }[] };
    };
    const keyNames = [d.partitionKey, d.sortKey, ...d.globalIndexes.flatMap((g) => [g.partitionKey, g.sortKey])];
    expect(table.Properties.AttributeDefinitions).toHaveLength(keyNames.length);
    expect(table.Properties.AttributeDefinitions).toEqual(
      expect.arrayContaining(keyNames.map((name) => ({ AttributeName: name, AttributeType: "S" }))),
    );
  });

  it("has TTL, stream, point-in-time recovery and deletion protection", () => {
    data.hasResourceProperties("AWS::DynamoDB::Table", {
      TimeToLiveSpecification: { AttributeName: d.ttlAttribute, Enabled: true },
      StreamSpecification: { StreamViewType: "NEW_AND_OLD_IMAGES" },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    });
  });

  it("is retained on stack deletion and replacement", () => {
    data.hasResource("AWS::DynamoDB::Table", { DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" });
  });
});

describe("api stack", () => {
  let fnId: string;
  beforeAll(() => {
    fnId = logicalIdOf(stacks.api, stacks.api.apiFunction);
  });

  it("routes ANY /api/{proxy+} to the API function with payload 2.0", () => {
    api.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
    api.hasResourceProperties("AWS::ApiGatewayV2::Api", { ProtocolType: "HTTP" });
    api.hasResourceProperties("AWS::ApiGatewayV2::Route", { RouteKey: "ANY /api/{proxy+}" });
    api.hasResourceProperties("AWS::ApiGatewayV2::Integration", {
      IntegrationType: "AWS_PROXY",
      PayloadFormatVersion: "2.0",
      IntegrationUri: { "Fn::GetAtt": [fnId, "Arn"] },
    });
  });

  it("configures the API function (runtime, memory, timeout, env)", () => {
    const fn = api.toJSON().Resources[fnId] as Json;
    expect(fn.Type).toBe("AWS::Lambda::Function");
    expect(fn.Properties).toMatchObject({
      Runtime: "nodejs22.x",
      Architectures: ["arm64"],
      MemorySize: 1024,
      Timeout: 10,
      Handler: "index.handler",
      Environment: {
        Variables: {
          TABLE_NAME: expect.anything(),
          POWERTOOLS_SERVICE_NAME: expect.any(String),
          NODE_OPTIONS: "--enable-source-maps",
        },
      },
    });
    // TABLE_NAME points at the data stack's table, not at a literal
    expect(JSON.stringify((fn.Properties as Json).Environment)).toContain(stacks.data.stackName);
  });

  it("grants least-privilege DynamoDB data access only", () => {
    const statements = statementsOfFunction(api, fnId);
    const dynamo = statements.filter((s) => asArray(s.Action).some((a) => a.startsWith("dynamodb:")));
    expect(dynamo.length).toBeGreaterThan(0);
    for (const s of dynamo) {
      for (const action of asArray(s.Action)) {
        expect(action).not.toMatch(/\*/);
        expect(action).not.toMatch(/^dynamodb:(Create|Delete|Update)Table$/);
      }
      for (const resource of asArray(s.Resource)) {
        expect(resource).not.toBe("*");
        expect(JSON.stringify(resource)).toContain(stacks.data.stackName);
      }
    }
    const actions = dynamo.flatMap((s) => asArray(s.Action));
    expect(actions).toEqual(expect.arrayContaining(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"]));
    expect(statements.flatMap((s) => asArray(s.Action))).not.toContain("*");
  });

  it("may send e-mail only through its SES identity", () => {
    api.resourceCountIs("AWS::SES::EmailIdentity", 1);
    api.hasResourceProperties("AWS::SES::EmailIdentity", { EmailIdentity: "example.com" });
    const identityId = stacks.api.getLogicalId(stacks.api.mailIdentity.node.defaultChild as CfnElement);
    const ses = statementsOfFunction(api, fnId).filter((s) => asArray(s.Action).some((a) => a.startsWith("ses:")));
    expect(ses).toHaveLength(1);
    expect(ses[0]!.Action).toBe("ses:SendEmail");
    expect(ses[0]!.Resource).not.toBe("*");
    expect(JSON.stringify(ses[0]!.Resource)).toContain(`{"Ref":"${identityId}"}`);
  });
});

describe("schedules stack", () => {
  it("has one enabled rule per SCHEDULES entry, invoking the jobs function with the job name", () => {
    expect(SCHEDULES.length).toBeGreaterThan(0);
    schedules.resourceCountIs("AWS::Events::Rule", SCHEDULES.length);
    const fnId = logicalIdOf(stacks.schedules, stacks.schedules.jobsFunction);
    for (const entry of SCHEDULES) {
      const rules = schedules.findResources("AWS::Events::Rule", {
        Properties: { ScheduleExpression: entry.utcTrigger, Description: entry.description, State: "ENABLED" },
      });
      const matching = Object.values(rules).filter((rule) => {
        const targets = (rule as { Properties: { Targets: Json[] } }).Properties.Targets;
        return targets.some((t) => {
          if (JSON.stringify(t.Arn) !== JSON.stringify({ "Fn::GetAtt": [fnId, "Arn"] })) return false;
          const template = (t.InputTransformer as { InputTemplate?: string } | undefined)?.InputTemplate ?? t.Input;
          return typeof template === "string" && template.includes(`"job":${JSON.stringify(entry.name)}`);
        });
      });
      expect(matching, `rule for ${entry.name}`).toHaveLength(1);
    }
  });

  it("lets the jobs function e-mail (dunning reminders) only through the SES identity", () => {
    const fnId = logicalIdOf(stacks.schedules, stacks.schedules.jobsFunction);
    const fn = (schedules.toJSON().Resources[fnId] as Json).Properties as {
      Environment: { Variables: Record<string, string> };
    };
    expect(fn.Environment.Variables.MAIL_FROM).toBe("no-reply@example.com");
    const ses = statementsOfFunction(schedules, fnId).filter((s) =>
      asArray(s.Action).some((a) => a.startsWith("ses:")),
    );
    expect(ses).toHaveLength(1);
    expect(ses[0]!.Action).toBe("ses:SendEmail");
    expect(ses[0]!.Resource).not.toBe("*");
    expect(JSON.stringify(ses[0]!.Resource)).toContain("identity/");
  });

  it("gives the jobs function 15 minutes, 1 GB and table access", () => {
    const fnId = logicalIdOf(stacks.schedules, stacks.schedules.jobsFunction);
    expect((schedules.toJSON().Resources[fnId] as Json).Properties).toMatchObject({
      Runtime: "nodejs22.x",
      Timeout: 900,
      MemorySize: 1024,
    });
    const actions = statementsOfFunction(schedules, fnId).flatMap((s) => asArray(s.Action));
    expect(actions).toEqual(expect.arrayContaining(["dynamodb:PutItem", "dynamodb:Query"]));
    expect(actions.some((a) => a.includes("*"))).toBe(false);
  });
});

describe("web stack", () => {
  function distributionConfig(): Json {
    const dist = Object.values(web.findResources("AWS::CloudFront::Distribution"));
    expect(dist).toHaveLength(1);
    return (dist[0] as { Properties: { DistributionConfig: Json } }).Properties.DistributionConfig;
  }

  it("runs the Remix server with table access behind a Function URL", () => {
    const fnId = logicalIdOf(stacks.web, stacks.web.webFunction);
    expect((web.toJSON().Resources[fnId] as Json).Properties).toMatchObject({
      Runtime: "nodejs22.x",
      Environment: { Variables: { TABLE_NAME: expect.anything(), NODE_ENV: "production" } },
    });
    web.hasResourceProperties("AWS::Lambda::Url", {
      TargetFunctionArn: { "Fn::GetAtt": [fnId, "Arn"] },
      AuthType: "NONE",
    });
    const actions = statementsOfFunction(web, fnId).flatMap((s) => asArray(s.Action));
    expect(actions).toContain("dynamodb:PutItem");
    expect(actions.some((a) => a.includes("*"))).toBe(false);
  });

  it("keeps assets in a private, SSL-only, retained bucket", () => {
    web.hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    web.hasResource("AWS::S3::Bucket", { DeletionPolicy: "Retain" });
    web.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Deny",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
        ]),
      },
    });
  });

  it("deploys web/build/client only when it exists", () => {
    const expected = existsSync(fromRepoRoot("web/build/client")) ? 1 : 0;
    web.resourceCountIs("Custom::CDKBucketDeployment", expected);
  });

  it("routes default → Remix Lambda, /assets/* → S3, /api/* → HTTP API", () => {
    const config = distributionConfig();
    const origins = config.Origins as { Id: string; DomainName: unknown; OriginAccessControlId?: unknown }[];
    const originOf = (id: unknown) => origins.find((o) => o.Id === id)!;
    const webUrlId = stacks.web.getLogicalId(
      stacks.web.webFunction.node.findChild("FunctionUrl").node.defaultChild as CfnElement,
    );

    const def = config.DefaultCacheBehavior as Json;
    expect(def).toMatchObject({
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
      ViewerProtocolPolicy: "redirect-to-https",
    });
    expect(def.AllowedMethods).toContain("POST");
    expect(JSON.stringify(originOf(def.TargetOriginId).DomainName)).toContain(webUrlId);

    const behaviors = config.CacheBehaviors as Json[];
    const byPath = (p: string) => behaviors.find((b) => b.PathPattern === p)!;
    expect(behaviors.map((b) => b.PathPattern).sort()).toEqual(["/api/*", "/assets/*"]);

    const assets = byPath("/assets/*");
    expect(assets.CachePolicyId).toBe(CACHING_OPTIMIZED);
    expect(originOf(assets.TargetOriginId).OriginAccessControlId).toBeDefined();
    expect(JSON.stringify(originOf(assets.TargetOriginId).DomainName)).toContain("RegionalDomainName");

    const apiBehavior = byPath("/api/*");
    expect(apiBehavior).toMatchObject({
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
    });
    expect(apiBehavior.AllowedMethods).toContain("POST");
    const apiDomain = JSON.stringify(originOf(apiBehavior.TargetOriginId).DomainName);
    expect(apiDomain).toContain(stacks.api.stackName);
    expect(apiDomain).toContain("ApiEndpoint");
  });

  it("adds the security headers on every behaviour with a viewer-response function", () => {
    web.resourceCountIs("AWS::CloudFront::Function", 1);
    const [fnId, fn] = Object.entries(web.findResources("AWS::CloudFront::Function"))[0] as [
      string,
      { Properties: { FunctionCode: string; FunctionConfig: { Runtime: string } } },
    ];
    expect(fn.Properties.FunctionConfig.Runtime).toBe("cloudfront-js-2.0");
    const code = fn.Properties.FunctionCode;
    for (const text of [
      "strict-transport-security",
      "x-content-type-options",
      "nosniff",
      "x-frame-options",
      "DENY",
      "referrer-policy",
      "strict-origin-when-cross-origin",
      "content-security-policy",
      "default-src 'self'",
    ]) {
      expect(code).toContain(text);
    }

    // run the function code on a fake viewer response
    const sandbox: { event: unknown; result?: { statusCode: number; headers: Record<string, { value: string }> } } = {
      event: { response: { statusCode: 200, headers: { "content-type": { value: "text/html" } } } },
    };
    runInNewContext(`${code}\nresult = handler(event);`, sandbox);
    const headers = sandbox.result!.headers;
    expect(headers["content-type"]?.value).toBe("text/html");
    expect(headers["strict-transport-security"]?.value).toMatch(/^max-age=\d{7,}/);
    expect(headers["x-content-type-options"]?.value).toBe("nosniff");
    expect(headers["x-frame-options"]?.value).toBe("DENY");
    expect(headers["referrer-policy"]?.value).toBe("strict-origin-when-cross-origin");
    expect(headers["content-security-policy"]?.value).toBe(
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'",
    );

    const config = distributionConfig();
    const association = [{ EventType: "viewer-response", FunctionARN: { "Fn::GetAtt": [fnId, "FunctionARN"] } }];
    expect((config.DefaultCacheBehavior as Json).FunctionAssociations).toEqual(association);
    for (const behavior of config.CacheBehaviors as Json[]) {
      expect(behavior.FunctionAssociations).toEqual(association);
    }
  });

  it("outputs the distribution domain", () => {
    web.hasOutput("DistributionDomainName", {
      Value: { "Fn::GetAtt": [Match.stringLikeRegexp("^Distribution"), "DomainName"] },
    });
  });
});

describe("uploads bucket (licence photos)", () => {
  it("is private, encrypted, SSL-only and retained, in the data stack", () => {
    data.resourceCountIs("AWS::S3::Bucket", 1);
    data.hasResourceProperties("AWS::S3::Bucket", {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    data.hasResource("AWS::S3::Bucket", { DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" });
    data.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
  });

  it("is named to the API and web functions by UPLOAD_BUCKET, with object read/write only", () => {
    const bucketId = stacks.data.getLogicalId(stacks.data.uploadsBucket.node.defaultChild as CfnElement);
    const cases: [Stack, Template, { node: { defaultChild?: unknown } }][] = [
      [stacks.api, api, stacks.api.apiFunction],
      [stacks.web, web, stacks.web.webFunction],
    ];
    for (const [stack, template, fn] of cases) {
      const fnId = logicalIdOf(stack, fn);
      const env = (template.toJSON().Resources[fnId] as { Properties: { Environment: { Variables: Json } } }).Properties
        .Environment.Variables;
      expect(JSON.stringify(env.UPLOAD_BUCKET)).toContain(bucketId);
      const s3 = statementsOfFunction(template, fnId).filter((s) => asArray(s.Action).some((a) => a.startsWith("s3:")));
      const actions = s3.flatMap((s) => asArray(s.Action));
      expect(actions).toEqual(expect.arrayContaining(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]));
      expect(actions.some((a) => a.includes("*"))).toBe(false);
      for (const s of s3) {
        expect(s.Effect).toBe("Allow");
        for (const resource of asArray(s.Resource)) expect(JSON.stringify(resource)).toContain(bucketId);
      }
      const objectStatement = s3.find((s) => asArray(s.Action).includes("s3:PutObject"))!;
      expect(JSON.stringify(objectStatement.Resource)).toContain("/*");
    }
  });
});
