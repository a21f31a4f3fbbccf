/**
 * The API handler. The same function serves API Gateway (HTTP API, payload 2.0)
 * in the cloud and the local server (functions/local/server.ts adapts express
 * requests to the same event). Middy chain, in order:
 *   1. Powertools logger context  2. JSON body parser (writes only)
 *   3. route + session + CSRF      4. one error handler (last) → {error:{code,message,fields?}}
 * Around it all: DynamoDB round-trip accounting, logged with every request.
 */
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { AppError, isAppError, parseInput } from "@dealeros/core";
import { withDbStats } from "@dealeros/db";
import { auth, isCrossSite, log, readCookie } from "@dealeros/services";
import middy from "@middy/core";
import jsonBodyParser from "@middy/http-json-body-parser";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { type ApiResult, matchRoute, type Route } from "./routes.ts";

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;

const MAX_BODY_BYTES = 64 * 1024;

function json(status: number, body: unknown, cookies?: string[], extra: Record<string, string> = {}): Result {
  return {
    statusCode: status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...extra },
    ...(cookies?.length ? { cookies } : {}),
    body: body === undefined ? "" : JSON.stringify(body),
  };
}

function errorBody(e: AppError) {
  return { error: { code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) } };
}

const WRITE = new Set(["POST", "PUT", "PATCH"]);

interface State {
  route?: Route;
  params: Record<string, string>;
}

const bodyParser = jsonBodyParser();

const core = async (event: Event & { __state?: State }): Promise<Result> => {
  const method = event.requestContext.http.method.toUpperCase();
  const state = event.__state;
  if (!state?.route) throw new AppError(404, "not_found", "No such API endpoint.");
  const route = state.route;
  const headers = event.headers ?? {};
  const token = readCookie(event.cookies ?? headers.cookie);
  if (method !== "GET" && isCrossSite(headers)) {
    throw new AppError(403, "cross_site", "Cross-site request refused.");
  }
  let ctx: Awaited<ReturnType<typeof auth.authenticate>> = null;
  if (route.auth) {
    ctx = await auth.authenticate(token, { storeId: route.storeParam ? state.params[route.storeParam] : undefined });
    if (!ctx) throw new AppError(401, "unauthorized", "Please sign in.");
  }
  const query: Record<string, string | undefined> = { ...(event.queryStringParameters ?? {}) };
  if (route.query) parseInput(route.query, query);
  if (
    route.rawBody &&
    event.body &&
    Buffer.byteLength(event.body, event.isBase64Encoded ? "base64" : "utf8") > 300 * 1024
  ) {
    throw new AppError(413, "too_large", "The request body is too large (300 KB at most).");
  }
  const result: ApiResult = await route.handle({
    method,
    headers,
    rawBody: route.rawBody
      ? event.isBase64Encoded && event.body
        ? Buffer.from(event.body, "base64").toString("utf8")
        : (event.body ?? "")
      : undefined,
    params: state.params,
    query,
    body: route.body ? event.body : undefined,
    token,
    ctx: ctx ?? undefined,
  });
  if (result.binary) {
    return {
      statusCode: result.status,
      headers: {
        "content-type": result.binary.contentType,
        "cache-control": "private, no-store",
        "x-content-type-options": "nosniff",
        "content-disposition": "inline",
      },
      body: Buffer.from(result.binary.data).toString("base64"),
      isBase64Encoded: true,
    };
  }
  return json(result.status, result.body, result.cookies);
};

export const middyHandler = middy<Event & { __state?: State }, Result>()
  .use(injectLambdaContext(log, { resetKeys: true }))
  .use({
    before: async (request) => {
      const event = request.event;
      const method = event.requestContext.http.method.toUpperCase();
      const path = event.rawPath ?? event.requestContext.http.path;
      const m = matchRoute(method, path);
      if (!m) throw new AppError(404, "not_found", "No such API endpoint.");
      if ("methodNotAllowed" in m)
        throw new AppError(405, "method_not_allowed", `${method} is not allowed on ${path}.`);
      event.__state = { route: m.route, params: m.params };
      if (WRITE.has(method) && m.route.body && !m.route.rawBody) {
        const size = event.body ? Buffer.byteLength(event.body, event.isBase64Encoded ? "base64" : "utf8") : 0;
        const limit = m.route.maxBodyBytes ?? MAX_BODY_BYTES;
        if (size > limit) {
          const most = limit >= 1024 * 1024 ? `${limit / (1024 * 1024)} MB` : `${limit / 1024} KB`;
          throw new AppError(413, "too_large", `The request body is too large (${most} at most).`);
        }
        const ct = event.headers?.["content-type"] ?? "";
        if (!/^application\/(.+\+)?json($|;.+)/.test(ct)) {
          throw new AppError(
            415,
            "unsupported_media_type",
            "Send the request body as JSON with Content-Type: application/json.",
          );
        }
        if (!event.body) throw new AppError(400, "malformed_json", "The request body is empty; send a JSON object.");
        try {
          await bodyParser.before!(request as never);
        } catch (e) {
          const cause = (e as { cause?: { message?: string } }).cause?.message;
          throw new AppError(400, "malformed_json", `The request body is not valid JSON${cause ? `: ${cause}` : "."}`);
        }
      }
    },
  })
  .handler(core)
  .use({
    onError: async (request) => {
      const e = request.error;
      if (isAppError(e)) {
        request.response = json(e.status, errorBody(e));
        return;
      }
      const status = (e as { statusCode?: number })?.statusCode;
      if (status && status >= 400 && status < 500) {
        request.response = json(status, { error: { code: "bad_request", message: (e as Error).message } });
        return;
      }
      log.error("unhandled error", { error: e as Error });
      request.response = json(500, {
        error: { code: "internal", message: "Something went wrong on our side. Please try again." },
      });
    },
  });

/** Lambda entry point (and the local server's): the middy chain inside DynamoDB accounting. */
export async function handler(event: Event, context: Context): Promise<Result> {
  const started = Date.now();
  const { result, stats } = await withDbStats(() => middyHandler(event, context));
  const res = result ?? json(500, { error: { code: "internal", message: "No response." } });
  res.headers = {
    ...(res.headers ?? {}),
    "x-db-calls": String(stats.calls),
    "x-db-capacity": stats.capacity.toFixed(1),
  };
  log.info("request", {
    method: event.requestContext.http.method,
    path: event.rawPath,
    status: res.statusCode,
    ms: Date.now() - started,
    dbCalls: stats.calls,
    dbCapacity: stats.capacity,
    dbOps: stats.operations,
  });
  return res;
}
