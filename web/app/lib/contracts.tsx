/** Contract UI helpers: money in yuan, the stage pill, and server messages that carry amounts. */
import type { ContractStage } from "@dealeros/core";
import { useLang, useT } from "./i18n";
import { isFormError, useServerMessage } from "./ui";

/** fen → "¥123,456.78" (zh) / "CN¥123,456.78" (en), always with the fen. */
export function useCny() {
  const lang = useLang();
  const f = new Intl.NumberFormat(lang === "zh" ? "zh-CN" : "en-GB", {
    style: "currency",
    currency: "CNY",
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  return (fen: number) => f.format(fen / 100);
}

/**
 * Yuan as typed ("12000", "12,000.50", "¥12000") → whole fen; anything that is
 * not a number with at most 2 decimals is passed on unchanged for the server's
 * field message.
 */
export function yuanToFen(v: string | undefined): unknown {
  const s = (v ?? "").replace(/[,\s¥￥]/g, "");
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return v ?? "";
  const [whole, frac = ""] = s.split(".") as [string, string?];
  return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
}

const STAGE_CLASS: Record<ContractStage, string> = {
  awaiting_vehicle: "warn",
  awaiting_payment: "warn",
  awaiting_invoice: "warn",
  ready_for_delivery: "ok",
  delivered: "ok",
  cancelled: "off",
};

export function StagePill({ stage }: { stage: ContractStage }) {
  const t = useT();
  return (
    <span className={`pill ${STAGE_CLASS[stage]}`} data-testid="contract-stage">
      {t(`contracts.stage.${stage}`)}
    </span>
  );
}

/** Server messages with amounts or numbers in them (the exact ones are in the catalogue's server map). */
const PATTERNS: [RegExp, (m: RegExpExecArray) => string][] = [
  [
    /^Overpayment refused: the balance is (¥[\d,.]+); this payment is (¥[\d,.]+)\.$/,
    (m) => `拒绝超额收款：余额为 ${m[1]}，本次收款 ${m[2]}。`,
  ],
  [
    /^The request is more than the balance: the balance is (¥[\d,.]+); this request is (¥[\d,.]+)\.$/,
    (m) => `请付金额超过未付余额：余额为 ${m[1]}，本次请付 ${m[2]}。`,
  ],
  [/^At most (¥[\d,.]+)\.$/, (m) => `最多 ${m[1]}。`],
  [/^Paid (¥[\d,.]+)\.$/, (m) => `已收 ${m[1]}。`],
  [/^Unpaid balance (¥[\d,.]+)\.$/, (m) => `未付余额 ${m[1]}。`],
  [
    /^Vehicle (\w+) is already allocated to this contract; release it first\.$/,
    (m) => `本合同已配车辆 ${m[1]}，请先释放。`,
  ],
];

/** A server message in the UI language, including the contract messages that carry amounts. */
export function useContractMessage() {
  const lang = useLang();
  const server = useServerMessage();
  return (m: string | undefined) => {
    if (!m) return m;
    if (lang === "zh")
      for (const [re, fn] of PATTERNS) {
        const hit = re.exec(m);
        if (hit) return fn(hit);
      }
    return server(m);
  };
}

export function ContractErrorBanner({ data }: { data: unknown }) {
  const msg = useContractMessage();
  if (!isFormError(data)) return null;
  return (
    <div className="banner err" role="alert" data-testid="contract-error">
      {msg(data.message)}
    </div>
  );
}
