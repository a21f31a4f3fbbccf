/**
 * Routes of customer tasks (issue 7): the after-sales plan items — service
 * confirmations, no-show follow-ups, the call 3 days after a repair order,
 * retention reminders, event invitations — ticked done by their owner or a
 * manager. Spread into the route table in routes.ts; same shape.
 */
import { customerTaskDoneSchema, UnauthorizedError } from "@dealeros/core";
import { type Ctx, customerTasks } from "@dealeros/services";
import type { ApiRequest, ApiResult, Route } from "./routes.ts";

const ok = (body: unknown, status = 200): ApiResult => ({ status, body });

function ctxOf(req: ApiRequest): Ctx {
  if (!req.ctx) throw new UnauthorizedError();
  return req.ctx;
}

export const customerTaskRoutes: Route[] = [
  {
    method: "POST",
    path: "/api/stores/{storeId}/customers/{customerId}/tasks/{kind}/{taskId}/done",
    summary: "Tick a customer task done with how it went (its owner, or a manager of the store)",
    auth: true,
    storeParam: "storeId",
    body: customerTaskDoneSchema,
    handle: async (req) =>
      ok({
        task: await customerTasks.completeCustomerTask(
          ctxOf(req),
          req.params.storeId!,
          { customerId: req.params.customerId!, kind: req.params.kind!, id: req.params.taskId! },
          req.body,
        ),
      }),
  },
];
