/**
 * Chinese mainland mobile numbers. The pattern is libphonenumber's CN mobile
 * nationalNumberPattern; "+86" / "0086" prefixes and blanks are accepted,
 * a trunk "0" is not (libraries disagree on it — we refuse rather than guess).
 */
const CN_MOBILE = /^(?:1(?:610\d|740[0-5])\d{6}|1(?:[38]\d|4[57]|[59][0-35-9]|6[25-7]|7[0-35-8])\d{8})$/;

/** Returns the 11-digit national number, or null when the input is not a CN mobile. */
export function normalizeCnMobile(input: string): string | null {
  const s = input.replace(/\s+/g, "");
  const national = s.startsWith("+86") ? s.slice(3) : s.startsWith("0086") ? s.slice(4) : s;
  return CN_MOBILE.test(national) ? national : null;
}

/** Masks a mobile for lists: 138****9438. */
export function maskMobile(mobile: string): string {
  return mobile.length === 11 ? `${mobile.slice(0, 3)}****${mobile.slice(7)}` : mobile;
}
