/**
 * The quote form → the API's quote input (fen). Shared by the route's action
 * (the truth goes to the server) and the browser's live totals preview. Yuan
 * are typed with up to 2 decimals and converted exactly (no floating point);
 * the rate is typed in percent (4.99) and sent in basis points (499). Blank
 * accessory / insurance rows are dropped; `rowOf` maps the rows sent back to
 * the form's rows so the server's field errors land on the right inputs.
 */

export const YUAN_MESSAGE = "Enter an amount in yuan, like 1234.50.";
export const RATE_MESSAGE = "Enter a rate in percent, like 4.99.";
export const WHOLE_MESSAGE = "Enter a whole number.";
export const MAX_ROWS = { accessories: 30, insurance: 10 } as const;

/** "198000", "198,000.50", "¥ 1 234.5" → fen; "" → undefined; anything else → null. */
export function yuanToFen(raw: string | undefined): number | undefined | null {
  const v = (raw ?? "").replace(/[,\s¥￥]/g, "");
  if (v === "") return undefined;
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(v);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

/** fen → "1234.5" style text for an input (no separators, no trailing zeros after the point). */
export function fenToYuanText(fen: number | undefined): string {
  if (fen === undefined) return "";
  const yuan = Math.floor(fen / 100);
  const rest = fen % 100;
  return rest ? `${yuan}.${String(rest).padStart(2, "0").replace(/0$/, "")}` : String(yuan);
}

function percentToBp(raw: string | undefined): number | undefined | null {
  const v = (raw ?? "").replace(/[\s%]/g, "");
  if (v === "") return undefined;
  const m = /^(\d{1,2})(?:\.(\d{1,2}))?$/.exec(v);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

function whole(raw: string | undefined): number | undefined | null {
  const v = (raw ?? "").trim();
  if (v === "") return undefined;
  return /^\d{1,4}$/.test(v) ? Number(v) : null;
}

export interface ReadQuoteForm {
  /** the body for quotes.createQuote (amounts in fen) */
  input: Record<string, unknown>;
  /** problems found before the server is asked (field name → English message) */
  errors: Record<string, string>;
  /** for "accessories" / "insurance": the form row of each row sent */
  rowOf: { accessories: number[]; insurance: number[] };
}

export function readQuoteForm(get: (name: string) => string | undefined): ReadQuoteForm {
  const errors: Record<string, string> = {};
  const money = (name: string) => {
    const v = yuanToFen(get(name));
    if (v === null) errors[name] = YUAN_MESSAGE;
    return v ?? undefined;
  };
  const rowOf = { accessories: [] as number[], insurance: [] as number[] };
  const lines = (kind: "accessories" | "insurance") => {
    const out: { name: string; priceFen: number | undefined }[] = [];
    for (let i = 0; i < MAX_ROWS[kind] + 5; i++) {
      const name = (get(`${kind}.${i}.name`) ?? "").trim();
      const price = (get(`${kind}.${i}.priceFen`) ?? "").trim();
      if (!name && !price) continue;
      rowOf[kind].push(i);
      out.push({ name, priceFen: money(`${kind}.${i}.priceFen`) ?? 0 });
    }
    return out;
  };
  const [modelCode, trimCode] = (get("vehicle.trim") ?? "").split("/");
  const colourCode = get("vehicle.colourCode") || undefined;
  const vehicleId = get("vehicle.vehicleId") || undefined;
  const listPriceFen = money("listPriceFen");
  const input: Record<string, unknown> = {
    vehicle: {
      modelCode: modelCode ?? "",
      trimCode: trimCode ?? "",
      ...(colourCode ? { colourCode } : {}),
      ...(vehicleId ? { vehicleId } : {}),
    },
    ...(listPriceFen !== undefined ? { listPriceFen } : {}),
    discountFen: money("discountFen") ?? 0,
    accessories: lines("accessories"),
    insurance: lines("insurance"),
    depositFen: money("depositFen") ?? 0,
  };
  if (get("finance.on")) {
    const term = whole(get("finance.termMonths"));
    if (term === null) errors["finance.termMonths"] = WHOLE_MESSAGE;
    const bp = percentToBp(get("finance.annualRateBp"));
    if (bp === null) errors["finance.annualRateBp"] = RATE_MESSAGE;
    input.finance = {
      lender: get("finance.lender") ?? "",
      downPaymentFen: money("finance.downPaymentFen") ?? 0,
      termMonths: term ?? 0,
      annualRateBp: bp ?? 0,
    };
  }
  if (get("tradeIn.on")) {
    input.tradeIn = {
      description: get("tradeIn.description") ?? "",
      ...(get("tradeIn.plate") ? { plate: get("tradeIn.plate") } : {}),
      ...(get("tradeIn.vin") ? { vin: get("tradeIn.vin") } : {}),
      appraisalFen: money("tradeIn.appraisalFen") ?? 0,
    };
  }
  const days = whole(get("validDays"));
  if (days === null) errors.validDays = WHOLE_MESSAGE;
  if (days !== undefined && days !== null) input.validDays = days;
  const note = get("note");
  if (note) input.note = note;
  return { input, errors, rowOf };
}

/** A server field error for a sent row ("accessories.1.priceFen") → the form's row ("accessories.3.priceFen"). */
export function toFormField(field: string, rowOf: ReadQuoteForm["rowOf"]): string {
  const m = /^(accessories|insurance)\.(\d+)(\..*)?$/.exec(field);
  if (!m) return field;
  const row = rowOf[m[1] as "accessories" | "insurance"][Number(m[2])];
  return row === undefined ? field : `${m[1]}.${row}${m[3] ?? ""}`;
}
