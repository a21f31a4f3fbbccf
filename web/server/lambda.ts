/**
 * Remix server on Lambda, behind CloudFront through a Lambda Function URL
 * (payload format 2.0, the same shape as API Gateway HTTP APIs).
 * Bundled by the CDK web stack (infra/lib/web-stack.ts) after `remix vite:build`.
 */
import { createRequestHandler } from "@remix-run/architect";
import type { ServerBuild } from "@remix-run/node";
// @ts-expect-error -- Remix vite build output (web/build), untyped JS that only exists after `npm run build`.
import * as build from "../build/server/index.js";

export const handler = createRequestHandler({
  build: build as unknown as ServerBuild,
  mode: process.env.NODE_ENV,
});
