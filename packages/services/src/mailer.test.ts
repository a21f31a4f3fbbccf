/** Outgoing mail: logged locally; through SES v2 in the cloud (a mocked client here — nothing can reach AWS). */
import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deliverDunningDigest, deliverInvitation, dunningDigestMessage, mailIsLive, sendMail } from "./mailer.ts";

const ses = mockClient(SESv2Client);
const saved = { from: process.env.MAIL_FROM, expose: process.env.EXPOSE_INVITE_LINKS, region: process.env.AWS_REGION };

beforeEach(() => {
  ses.reset();
  process.env.AWS_REGION = "ap-east-1";
});
afterEach(() => {
  for (const [k, v] of [
    ["MAIL_FROM", saved.from],
    ["EXPOSE_INVITE_LINKS", saved.expose],
    ["AWS_REGION", saved.region],
  ] as const)
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
});

const digest = {
  to: { userId: "U1", name: "李娜", email: "li.na@example.com" },
  storeName: "上海浦东大众4S店",
  date: "2026-11-30",
  lines: ["HT-000123 王先生 ¥12,345.00 balance due 2026-11-28 (overdue)"],
  escalation: false,
};

describe("locally", () => {
  it("sends nothing without MAIL_FROM, or while invite links are exposed", async () => {
    delete process.env.MAIL_FROM;
    expect(mailIsLive()).toBe(false);
    expect(await sendMail({ to: "a@example.com", subject: "s", text: "t" })).toBe("logged");
    process.env.MAIL_FROM = "no-reply@example.com";
    process.env.EXPOSE_INVITE_LINKS = "true";
    expect(await deliverDunningDigest(digest)).toBe("logged");
    expect(await deliverInvitation("a@example.com", "/invite/x", "Admin")).toBe("logged");
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});

describe("in the cloud (MAIL_FROM set)", () => {
  beforeEach(() => {
    process.env.MAIL_FROM = "no-reply@example.com";
    delete process.env.EXPOSE_INVITE_LINKS;
  });

  it("e-mails the dunning digest through SES from MAIL_FROM, in UTF-8", async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: "m-1" });
    expect(await deliverDunningDigest(digest)).toBe("sent");
    const [call] = ses.commandCalls(SendEmailCommand);
    const input = call!.args[0].input;
    expect(input.FromEmailAddress).toBe("no-reply@example.com");
    expect(input.Destination?.ToAddresses).toEqual(["li.na@example.com"]);
    expect(input.Content?.Simple?.Subject?.Data).toBe("Payment reminders 2026-11-30 — 上海浦东大众4S店 (1)");
    expect(input.Content?.Simple?.Body?.Text?.Data).toContain("HT-000123 王先生");
    expect(input.Content?.Simple?.Body?.Text?.Charset).toBe("UTF-8");
  });

  it("marks an escalation in the subject and the text", () => {
    const m = dunningDigestMessage({ ...digest, escalation: true });
    expect(m.subject).toMatch(/^\[Escalated\] /);
    expect(m.text).toContain("escalated to you");
  });

  it("a person without an e-mail address gets no message", async () => {
    expect(await deliverDunningDigest({ ...digest, to: { userId: "U2", name: "x" } })).toBe("logged");
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it("a failed send (SES throttling) is reported, not thrown", async () => {
    ses.on(SendEmailCommand).rejects(Object.assign(new Error("Rate exceeded"), { name: "TooManyRequestsException" }));
    expect(await sendMail({ to: "a@example.com", subject: "s", text: "t" })).toBe("failed");
  });

  it("sends the invitation link", async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: "m-2" });
    expect(await deliverInvitation("new@example.com", "/invite/tok", "Admin")).toBe("sent");
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Content?.Simple?.Body?.Text?.Data).toContain(
      "/invite/tok",
    );
  });
});
