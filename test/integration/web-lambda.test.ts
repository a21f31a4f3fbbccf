/**
 * The Remix server as Lambda runs it (web/server/lambda.ts, @remix-run/architect)
 * with Function URL / HTTP API payload 2.0 events: pages render, and a sign-in
 * answers with the session cookie in the `cookies` array (not folded into one header).
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { freshTable, PASSWORD, setupTenant } from "../support/api.ts";

function event(
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
  cookies?: string[],
): APIGatewayProxyEventV2 {
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: "",
    cookies,
    headers: { host: "dealer.example.com", "x-forwarded-proto": "https", ...headers },
    requestContext: {
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "test" },
      domainName: "dealer.example.com",
      requestId: "r",
      timeEpoch: Date.now(),
    },
    body,
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

describe("Remix on Lambda", () => {
  let handler: (e: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
  let email: string;
  let otherStoreId: string;

  beforeAll(async () => {
    await freshTable();
    email = (await setupTenant({ consultants: 0 })).adminEmail;
    otherStoreId = (await setupTenant({ consultants: 0, groupName: "Other Group" })).store.storeId;
    handler = (await import("../../web/server/lambda.ts")).handler;
  });

  it("renders the sign-in page", async () => {
    const r = await handler(event("GET", "/login", undefined, { "accept-language": "zh-CN" }));
    expect(r.statusCode).toBe(200);
    expect(String(r.body)).toContain("登录");
  });

  it("signs in and returns the session cookie in the cookies array", async () => {
    const body = new URLSearchParams({ email, password: PASSWORD, next: "" }).toString();
    const r = await handler(
      event("POST", "/login", body, {
        "content-type": "application/x-www-form-urlencoded",
        origin: "https://dealer.example.com",
      }),
    );
    expect(r.statusCode).toBe(302);
    expect(r.headers?.location ?? r.headers?.Location).toBe("/app");
    const session = (r.cookies ?? []).find((c) => c.startsWith("dos_session="));
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    const app = await handler(event("GET", "/app/stores", undefined, {}, [session!.split(";")[0]!]));
    expect(app.statusCode).toBe(200);
    expect(String(app.body)).toContain("上海浦东大众4S店");
  });

  it("shows another tenant's store as not found", async () => {
    const body = new URLSearchParams({ email, password: PASSWORD, next: "" }).toString();
    const login = await handler(
      event("POST", "/login", body, {
        "content-type": "application/x-www-form-urlencoded",
        origin: "https://dealer.example.com",
      }),
    );
    const cookie = (login.cookies ?? []).find((c) => c.startsWith("dos_session="))!.split(";")[0]!;
    for (const path of [`/app/s/${otherStoreId}`, `/app/s/${otherStoreId}/duty`, `/app/stores/${otherStoreId}`]) {
      const r = await handler(event("GET", path, undefined, { "accept-language": "en" }, [cookie]));
      expect(r.statusCode, path).toBe(404);
      expect(String(r.body)).not.toContain("Other Group");
    }
  });

  it("refuses a cross-site form post", async () => {
    const body = new URLSearchParams({ email, password: PASSWORD }).toString();
    const r = await handler(
      event("POST", "/login", body, {
        "content-type": "application/x-www-form-urlencoded",
        origin: "https://evil.example",
      }),
    );
    expect(r.statusCode).toBe(403);
    expect(r.cookies ?? []).toHaveLength(0);
  });
});
