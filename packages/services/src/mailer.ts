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
