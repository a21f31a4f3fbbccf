/** Opaque tokens `<tenantId>.<id>.<secret>`; only a SHA-256 of the secret is stored. */
import { createHash, randomBytes } from "node:crypto";

export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("base64url");
}

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function parseToken(token: string | undefined | null, parts: 2 | 3 | 4): string[] | null {
  if (!token || token.length > 200) return null;
  const p = token.split(".");
  if (p.length !== parts) return null;
  for (let i = 0; i < parts - 1; i++) if (!ULID.test(p[i]!)) return null;
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(p[parts - 1]!)) return null;
  return p;
}
