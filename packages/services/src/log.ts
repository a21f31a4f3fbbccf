import { Logger } from "@aws-lambda-powertools/logger";

/** Module-scope Powertools logger shared by services, handlers and jobs. */
export const log = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "dealer-os",
  logLevel: (process.env.LOG_LEVEL as "INFO") ?? "INFO",
});
