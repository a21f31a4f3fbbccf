export * from "./client.ts";
export * from "./errors.ts";
export * as identity from "./identity.ts";
export * from "./keys.ts";
export * as showroom from "./showroom.ts";
export * as stores from "./store.ts";
export * from "./table.ts";
export * from "./types.ts";
