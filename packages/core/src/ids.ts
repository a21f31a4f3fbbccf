import { monotonicFactory } from "ulidx";

const next = monotonicFactory();
/** Time-sortable id (ULID). */
export function newId(): string {
  return next();
}
