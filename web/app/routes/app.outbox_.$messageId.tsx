/** One kept message of the outbox (group admin / GM); another tenant's id is a 404. */
import { reports } from "@dealeros/services";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireCtx } from "../lib/auth.server";
import { useT } from "../lib/i18n";
import { orRefused } from "../lib/reports.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request);
  return { message: await orRefused(() => reports.getOutboxMessage(ctx, params.messageId!)) };
}

export default function OutboxMessage() {
  const t = useT();
  const { message: m } = useLoaderData<typeof loader>();
  return (
    <main>
      <p>
        <Link to="/app/outbox">{t("outbox.back")}</Link>
      </p>
      <div className="card" data-testid="outbox-message">
        <h2 style={{ wordBreak: "break-word" }}>{m.subject}</h2>
        <p className="muted">
          {t("outbox.to")}: {m.to} · {t("outbox.at")}: {m.createdAt.slice(0, 16).replace("T", " ")} UTC
        </p>
        <pre style={{ whiteSpace: "pre-wrap", wordBreak: "break-word", fontFamily: "inherit", margin: 0 }}>
          {m.text}
        </pre>
      </div>
    </main>
  );
}
