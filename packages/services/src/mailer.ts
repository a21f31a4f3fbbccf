/**
 * Outgoing mail. In the cloud (MAIL_FROM set by the CDK stacks, which also grant
 * `ses:SendEmail` on the mail domain's SES identity) a message goes out through
 * SES v2. Locally (EXPOSE_INVITE_LINKS=true, or no MAIL_FROM) nothing is sent:
 * the message is printed to the server console — an invitation link so the
 * person running `npm start` can open it (the inviter also sees it on screen).
 * A failed send is logged and reported, never thrown: the invitation and the
 * reminders are already stored and shown in the app.
 */
import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { newId } from "@dealeros/core";
import { getDb, reports } from "@dealeros/db";
import { log } from "./log.ts";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** the tenant the message belongs to: when mail is not live it is kept in that tenant's outbox */
  tenantId?: string;
}

/** "outbox": mail is not live, the message was kept in the tenant's outbox (/app/outbox) */
export type MailResult = "logged" | "sent" | "failed" | "outbox";

let client: SESv2Client | undefined;
/** The SES client (created on first use; region from the Lambda environment). */
export function sesClient(): SESv2Client {
  client ??= new SESv2Client({});
  return client;
}

/** Whether this process sends real e-mail (cloud) or only logs it (local, tests). */
export function mailIsLive(): boolean {
  return !!process.env.MAIL_FROM && process.env.EXPOSE_INVITE_LINKS !== "true";
}

/** Send one plain-text message through SES in the cloud; log it locally. */
export async function sendMail(m: MailMessage): Promise<MailResult> {
  if (!mailIsLive()) {
    if (process.env.LOG_LEVEL === "DEBUG") console.log(`[mail] to ${m.to}: ${m.subject}\n${m.text}`);
    return m.tenantId ? keepInOutbox({ ...m, tenantId: m.tenantId }) : "logged";
  }
  try {
    await sesClient().send(
      new SendEmailCommand({
        FromEmailAddress: process.env.MAIL_FROM,
        Destination: { ToAddresses: [m.to] },
        Content: {
          Simple: {
            Subject: { Data: m.subject, Charset: "UTF-8" },
            Body: { Text: { Data: m.text, Charset: "UTF-8" } },
          },
        },
      }),
    );
    return "sent";
  } catch (e) {
    log.error("e-mail not sent", { to: m.to, subject: m.subject, error: (e as Error).name });
    return "failed";
  }
}

export async function deliverInvitation(email: string, acceptPath: string, invitedBy: string): Promise<MailResult> {
  const base = process.env.PUBLIC_URL ?? "http://localhost:3000";
  // never kept in the outbox: the link carries the invitation token, which is not stored at rest
  if (!mailIsLive()) {
    if (process.env.EXPOSE_INVITE_LINKS === "true" && process.env.LOG_LEVEL !== "ERROR")
      console.log(`[mail] invitation for ${email} from ${invitedBy}: ${base}${acceptPath}`);
    return "logged";
  }
  return sendMail({
    to: email,
    subject: `${invitedBy} invited you to Dealer OS · 邀请您加入经销商云`,
    text: `${invitedBy} invited you to Dealer OS.\n${invitedBy} 邀请您加入经销商云。\n\n${base}${acceptPath}\n`,
  });
}

export interface DunningDigest {
  /** the tenant (the digest is kept in its outbox when mail is not live) */
  tenantId?: string;
  to: { userId: string; name: string; email?: string };
  storeName: string;
  date: string;
  /** one line per contract reminded today, e.g. "HT-000123 王先生 ¥12,345.00 balance due 2026-12-01 (overdue)" */
  lines: string[];
  escalation: boolean;
}

export function dunningDigestMessage(d: DunningDigest & { to: { email: string } }): MailMessage {
  const subject = `${d.escalation ? "[Escalated] " : ""}Payment reminders ${d.date} — ${d.storeName} (${d.lines.length})`;
  const text = [
    `${d.to.name},`,
    "",
    d.escalation
      ? "These contracts have ignored payment reminders and are escalated to you · 以下合同多次催收未付款，已升级给您："
      : "Please follow up the payments of these contracts today · 请今天跟进以下合同的收款：",
    "",
    ...d.lines,
    "",
    "Dealer OS · 经销商云",
  ].join("\n");
  return { ...(d.tenantId ? { tenantId: d.tenantId } : {}), to: d.to.email, subject, text };
}

/** The dunning job's e-mail to a person: today's reminders in one message (SES in the cloud, logged locally). */
export async function deliverDunningDigest(d: DunningDigest): Promise<MailResult> {
  if (!d.to.email) return "logged";
  return sendMail(dunningDigestMessage({ ...d, to: { ...d.to, email: d.to.email } }));
}

/** Mail is not live: keep the message in the tenant's outbox (never thrown: mail must not break the caller). */
async function keepInOutbox(m: MailMessage & { tenantId: string }): Promise<MailResult> {
  try {
    await reports.putOutboxMessage(getDb(), {
      tenantId: m.tenantId,
      messageId: newId(),
      to: m.to,
      subject: m.subject,
      text: m.text,
      createdAt: new Date().toISOString(),
    });
    return "outbox";
  } catch (e) {
    log.error("e-mail not kept in the outbox", { to: m.to, subject: m.subject, error: (e as Error).name });
    return "failed";
  }
}
