/**
 * The local outbox (group admin / GM): when mail is not live, every message
 * the system would have e-mailed (daily reports, payment reminders,
 * invitations) is kept for the tenant and listed here, newest first.
 */
import { reports } from "@dealeros/services";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireCtx } from "../lib/auth.server";
import { useT } from "../lib/i18n";
import { orRefused } from "../lib/reports.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request);
  return { messages: await orRefused(() => reports.listOutbox(ctx)) };
}

export default function Outbox() {
  const t = useT();
  const { messages } = useLoaderData<typeof loader>();
  return (
    <main>
      <h1>{t("outbox.title")}</h1>
      <p className="muted">{t("outbox.intro")}</p>
      {messages.length === 0 ? (
        <p className="empty">{t("outbox.empty")}</p>
      ) : (
        <table className="responsive" data-testid="outbox">
          <thead>
            <tr>
              <th>{t("outbox.at")}</th>
              <th>{t("outbox.to")}</th>
              <th>{t("outbox.subject")}</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr key={m.messageId}>
                <td data-label={t("outbox.at")}>{m.createdAt.slice(0, 16).replace("T", " ")} UTC</td>
                <td data-label={t("outbox.to")}>{m.to}</td>
                <td data-label={t("outbox.subject")}>
                  <Link to={`/app/outbox/${m.messageId}`}>{m.subject}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
