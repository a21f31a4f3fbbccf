/** Lambda entry: API Gateway HTTP API (payload 2.0) → the shared handler. */
export { handler } from "./app.ts";
