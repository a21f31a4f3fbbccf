/** Every test file drops the tables it made when it is done (see dropTables). */
import { afterAll } from "vitest";
import { dropTables } from "./api.ts";

afterAll(async () => {
  await dropTables();
}, 60_000);
