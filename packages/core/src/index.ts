export * from "./errors.ts";
export * from "./ids.ts";
export * from "./phone.ts";
export * from "./roles.ts";
export * from "./rotation.ts";
export * from "./schemas.ts";
export * from "./time.ts";
