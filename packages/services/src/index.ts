export * as auth from "./auth.ts";
export * from "./context.ts";
export * as jobs from "./jobs.ts";
export { log } from "./log.ts";
export { hashPassword } from "./password.ts";
export * from "./session.ts";
export * as showroom from "./showroom.ts";
export * as staff from "./staff.ts";
export * as stores from "./stores.ts";
