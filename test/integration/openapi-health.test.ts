import { createDb, setDb } from "@dealeros/db";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { routes } from "../../functions/http/routes.ts";
import { Client, freshTable } from "../support/api.ts";

describe("OpenAPI document", () => {
  beforeAll(async () => {
    await freshTable();
  });

  it("lists every route with its method, generated from the zod schemas", async () => {
    const r = await new Client().get("/api/openapi.json");
    expect(r.status).toBe(200);
    expect(r.body.openapi).toMatch(/^3\./);
    for (const route of routes) {
      expect(r.body.paths[route.path], route.path).toBeDefined();
      expect(r.body.paths[route.path][route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
    }
    const signup = r.body.paths["/api/signup"].post.requestBody.content["application/json"].schema;
    expect(signup.$ref).toBe("#/components/schemas/SignupInput");
    const schema = r.body.components.schemas.SignupInput;
    expect(schema.required.sort()).toEqual(["adminName", "email", "groupName", "password"]);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.groupName.maxLength).toBe(100);
    const walkIn = r.body.components.schemas.WalkInInput;
    expect(walkIn.properties.source.enum).toContain("oem_assigned");
    const storePath = r.body.paths["/api/stores/{storeId}/walk-ins"].get;
    expect(storePath.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(["path:storeId", "query:date"]),
    );
  });
});

describe("health", () => {
  afterAll(async () => {
    await freshTable();
  });

  it("is not ok when the table cannot be read", async () => {
    setDb(createDb({ tableName: "no-such-table", endpoint: inject("dynamoEndpoint") }));
    const r = await new Client().get("/api/health");
    expect(r.status).toBe(500);
    expect(r.body.error.code).toBe("internal");
    expect(JSON.stringify(r.body)).not.toContain("no-such-table");
  });
});
