/**
 * Remix server on Lambda, behind CloudFront through a Lambda Function URL
 * (payload format 2.0, the same shape as API Gateway HTTP APIs).
 * Bundled by the CDK web stack (infra/lib/web-stack.ts) after `remix vite:build`.
 */

import { isCrossSite } from "@dealeros/services";
import { createRequestHandler } from "@remix-run/architect";
import type { ServerBuild } from "@remix-run/node";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
// @ts-expect-error -- Remix vite build output (web/build), untyped JS that only exists after `npm run build`.
import * as build from "../build/server/index.js";

const remix = createRequestHandler({
  build: build as unknown as ServerBuild,
  mode: process.env.NODE_ENV,
});

/** A cross-site form post is refused with a clear 403 before it reaches any action (CSRF). */
export async function handler(
  event: APIGatewayProxyEventV2,
  context?: Context,
): Promise<APIGatewayProxyStructuredResultV2> {
  if (
    event.requestContext.http.method !== "GET" &&
    event.requestContext.http.method !== "HEAD" &&
    isCrossSite(event.headers ?? {})
  ) {
    return {
      statusCode: 403,
      headers: { "content-type": "text/plain; charset=utf-8" },
      body: "Cross-site form post refused.",
    };
  }
  return remix(event, context ?? ({} as Context), () => {}) as Promise<APIGatewayProxyStructuredResultV2>;
}
