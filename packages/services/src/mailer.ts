/**
 * Outgoing mail. Locally (EXPOSE_INVITE_LINKS=true) the message is printed to
 * the server console so the person running `npm start` can open the link; the
 * inviter also sees it on screen. In the cloud the API stack wires an SES
 * identity and `ses:SendEmail` for the API function (no sending happens here).
 */
import { log } from "./log.ts";

export function deliverInvitation(email: string, acceptPath: string, invitedBy: string): void {
  const base = process.env.PUBLIC_URL ?? "http://localhost:3000";
  if (process.env.EXPOSE_INVITE_LINKS === "true") {
    if (process.env.LOG_LEVEL !== "ERROR")
      console.log(`[mail] invitation for ${email} from ${invitedBy}: ${base}${acceptPath}`);
    return;
  }
  log.info("invitation ready for e-mail", { email, mailDomain: process.env.MAIL_DOMAIN });
}

export interface DunningDigest {
  to: { userId: string; name: string; email?: string };
  storeName: string;
  date: string;
  /** one line per contract reminded today, e.g. "HT-000123 王先生 ¥12,345.00 balance due 2026-12-01 (overdue)" */
  lines: string[];
  escalation: boolean;
}

/**
 * The dunning job's e-mail to a person: today's reminders in one message. Logged
 * here; in the cloud (MAIL_FROM set, not local) it is ready for SES — the SES v2
 * client is not a dependency of this build, so nothing is sent from here: the
 * API stack wires the identity and `ses:SendEmail` ("wired, not sent here").
 */
export function deliverDunningDigest(d: DunningDigest): "logged" | "ready" {
  const subject = `${d.escalation ? "[Escalated] " : ""}Payment reminders ${d.date} — ${d.storeName} (${d.lines.length})`;
  if (process.env.EXPOSE_INVITE_LINKS === "true" || !process.env.MAIL_FROM) {
    if (process.env.LOG_LEVEL === "DEBUG") console.log(`[mail] ${d.to.name}: ${subject}\n  ${d.lines.join("\n  ")}`);
    return "logged";
  }
  log.info("dunning reminder ready for e-mail", {
    to: d.to.email,
    from: process.env.MAIL_FROM,
    subject,
    contracts: d.lines.length,
    mailDomain: process.env.MAIL_DOMAIN,
  });
  return "ready";
}
