/**
 * Customer tasks (issue 7) from the plan: the owner — or a manager of the store —
 * ticks one done with how it went. The task's kind decides nothing here; every
 * after-sales task closes the same way (see @dealeros/db customer-tasks).
 */
import { ConflictError, customerTaskDoneSchema, NotFoundError, parseInput } from "@dealeros/core";
import { customerTasks } from "@dealeros/db";
import { type Ctx, db, hasRole, requireStore } from "./context.ts";

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const MANAGERS = ["general_manager", "group_admin", "sales_manager"] as const;

/** Tick a customer task done; another store's or tenant's task, or someone else's (unless a manager) → 404. */
export async function completeCustomerTask(
  ctx: Ctx,
  storeId: string,
  ref: { customerId: string; kind: string; id: string },
  input: unknown,
  opts: { now?: Date } = {},
) {
  await requireStore(ctx, storeId);
  if (!ULID.test(ref.customerId)) throw new NotFoundError("Task");
  const data = parseInput(customerTaskDoneSchema, input ?? {});
  const task = await customerTasks.getCustomerTask(db(ctx), ctx.actor.tenantId, ref.customerId, ref.kind, ref.id);
  if (!task || task.storeId !== storeId) throw new NotFoundError("Task");
  if (task.ownerId !== ctx.actor.userId && !hasRole(ctx.actor, ...MANAGERS)) throw new NotFoundError("Task");
  const at = (opts.now ?? new Date()).toISOString();
  const closed = await customerTasks.closeCustomerTask(db(ctx), task, {
    status: "done",
    at,
    ...(data.outcome ? { outcome: data.outcome } : {}),
  });
  if (!closed) throw new ConflictError("This task is already done.");
  return { ...task, status: "done" as const, doneAt: at, ...(data.outcome ? { outcome: data.outcome } : {}) };
}
