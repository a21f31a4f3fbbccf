/** The OpenAPI 3.1 document, generated from the route table and its zod schemas. */
import { z } from "zod";
import { createDocument } from "zod-openapi";
import { routes } from "./routes.ts";

const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
    }),
  })
  .meta({ id: "Error" });

let cached: ReturnType<typeof createDocument> | undefined;

export function openApiDocument() {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const pathParams = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    const op: Record<string, unknown> = {
      summary: r.summary,
      ...(r.auth ? { security: [{ session: [] }] } : {}),
      requestParams: {
        ...(pathParams.length ? { path: z.object(Object.fromEntries(pathParams.map((p) => [p, z.string()]))) } : {}),
        ...(r.query ? { query: r.query } : {}),
      },
      ...(r.body ? { requestBody: { content: { "application/json": { schema: r.body } } } } : {}),
      responses: {
        "200": { description: "OK" },
        "400": { description: "Invalid input", content: { "application/json": { schema: errorSchema } } },
        ...(r.auth
          ? { "401": { description: "Not signed in", content: { "application/json": { schema: errorSchema } } } }
          : {}),
        "404": {
          description: "Not found (also: another tenant's record)",
          content: { "application/json": { schema: errorSchema } },
        },
      },
    };
    paths[r.path] ??= {};
    paths[r.path]![r.method.toLowerCase()] = op;
  }
  cached = createDocument({
    openapi: "3.1.0",
    info: {
      title: "Dealer OS API",
      version: "0.1.0",
      description: "Multi-tenant dealership operating system. Tenant and user come from the session cookie.",
    },
    components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: "dos_session" } } },
    paths: paths as never,
  });
  return cached;
}
