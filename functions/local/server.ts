/**
 * One local HTTP server: /api/* through the same Lambda handler as the cloud,
 * everything else through the Remix app (built by `npm run build`).
 */
import type { Server } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isCrossSite } from "@dealeros/services";
import { createRequestHandler } from "@remix-run/express";
import express from "express";
import { localContext, sendResult, toEvent } from "./adapter.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export async function startServer(opts: {
  port: number;
  host?: string;
}): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  const { handler } = await import("../http/app.ts");
  const app = express();
  app.disable("x-powered-by");
  app.use("/api", express.raw({ type: () => true, limit: "9mb" }), async (req, res, next) => {
    try {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      sendResult(res, await handler(toEvent(req, body), localContext()));
    } catch (e) {
      next(e);
    }
  });
  const client = join(root, "web", "build", "client");
  app.use("/assets", express.static(join(client, "assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(client, { maxAge: "1h" }));
  // CSRF: a cross-site form post never reaches a Remix action (same rule as web/server/lambda.ts)
  app.use((req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    const headers = {
      origin: req.headers.origin,
      host: req.headers.host,
      "x-forwarded-host": req.headers["x-forwarded-host"] as string | undefined,
    };
    if (isCrossSite(headers)) {
      res.status(403).type("text/plain").send("Cross-site form post refused.");
      return;
    }
    next();
  });
  app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));
  const buildPath = join(root, "web", "build", "server", "index.js");
  const build = await import(pathToFileURL(buildPath).href);
  app.all("*", createRequestHandler({ build, mode: "production" }));
  const host = opts.host ?? "127.0.0.1";
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(opts.port, host, () => resolve(s));
    s.on("error", reject);
  });
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : opts.port;
  return {
    server,
    url: `http://localhost:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
