/** Local scheduler: the registry's triggers with croner, calling the same dispatcher as the Lambda. */
import { log } from "@dealeros/services";
import { Cron } from "croner";
import { SCHEDULES } from "../jobs/registry.ts";
import { dispatch } from "../jobs/run.ts";

export function startScheduler(): { stop: () => void } {
  const crons = SCHEDULES.map(
    (s) =>
      new Cron(
        s.localTrigger,
        {
          timezone: "UTC",
          protect: true,
          catch: (e) => log.error("scheduled job failed", { job: s.name, error: e as Error }),
        },
        async () => {
          await dispatch(s.name, new Date());
        },
      ),
  );
  return {
    stop: () => {
      for (const c of crons) c.stop();
    },
  };
}
