/** The contract ledger (合同履行一览表): every contract with deposit, paid, balance, vehicle, delivery dates, state. */
import { CONTRACT_STAGES, CONTRACT_STATES, isAppError, localDate } from "@dealeros/core";
import { contracts } from "@dealeros/services";
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireCtx } from "../lib/auth.server";
import { StagePill, useCny } from "../lib/contracts";
import { orNotFound } from "../lib/http.server";
import { useT } from "../lib/i18n";
import styles from "../styles/contracts.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const PARAMS = ["state", "stage", "cursor"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const url = new URL(request.url);
  const query: Partial<Record<(typeof PARAMS)[number], string>> = {};
  for (const k of PARAMS) {
    const v = url.searchParams.get(k)?.trim();
    if (v) query[k] = v;
  }
  return orNotFound(async () => {
    try {
      const page = await contracts.listLedger(ctx, params.storeId!, { ...query, limit: 50 });
      return {
        ...page,
        query,
        forbidden: false,
        storeId: params.storeId!,
        timeZone: ctx.store?.timeZone ?? "Asia/Shanghai",
      };
    } catch (e) {
      if (!isAppError(e) || e.status !== 403) throw e;
      return {
        rows: [],
        cursor: undefined,
        totals: { count: 0, payableFen: 0, depositFen: 0, paidFen: 0, balanceFen: 0 },
        query,
        forbidden: true,
        storeId: params.storeId!,
        timeZone: ctx.store?.timeZone ?? "Asia/Shanghai",
      };
    }
  });
}

function href(base: string, q: Partial<Record<(typeof PARAMS)[number], string>>) {
  const sp = new URLSearchParams();
  for (const k of PARAMS) if (q[k]) sp.set(k, q[k]!);
  const s = sp.toString();
  return s ? `${base}?${s}` : base;
}

export default function ContractLedger() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const cny = useCny();
  const base = `/app/s/${data.storeId}`;
  const q = data.query;
  if (data.forbidden) return <p className="muted">{t("contracts.forbidden")}</p>;
  return (
    <>
      <div className="spread">
        <h2 style={{ margin: 0 }}>{t("contracts.ledgerTitle")}</h2>
        <Link to={`${base}/receivables`} data-testid="receivables-link">
          {t("contracts.receivablesLink")} →
        </Link>
      </div>
      <Form method="get" className="ct-filters">
        <label>
          {t("contracts.filterState")}
          <select name="state" defaultValue={q.state ?? ""}>
            <option value="">{t("contracts.any")}</option>
            {CONTRACT_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`contracts.state.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("contracts.filterStage")}
          <select name="stage" defaultValue={q.stage ?? ""}>
            <option value="">{t("contracts.any")}</option>
            {CONTRACT_STAGES.map((s) => (
              <option key={s} value={s}>
                {t(`contracts.stage.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="secondary">
          {t("contracts.show")}
        </button>
      </Form>
      {data.rows.length === 0 ? (
        <p className="empty">{data.cursor ? t("contracts.emptyPage") : t("contracts.empty")}</p>
      ) : (
        <table className="responsive ct-ledger" data-testid="contract-ledger">
          <thead>
            <tr>
              <th>{t("contracts.col.number")}</th>
              <th>{t("contracts.col.customer")}</th>
              <th>{t("contracts.col.consultant")}</th>
              <th>{t("contracts.col.vehicle")}</th>
              <th className="ct-num">{t("contracts.col.payable")}</th>
              <th className="ct-num">{t("contracts.col.deposit")}</th>
              <th className="ct-num">{t("contracts.col.paid")}</th>
              <th className="ct-num">{t("contracts.col.balance")}</th>
              <th>{t("contracts.col.expected")}</th>
              <th>{t("contracts.col.actual")}</th>
              <th>{t("contracts.col.state")}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr
                key={r.contractId}
                data-testid="ledger-row"
                className={r.state === "cancelled" ? "ct-cancelled" : undefined}
              >
                <td data-label={t("contracts.col.number")}>
                  <Link to={`${base}/k/${r.contractId}`}>
                    <strong>{r.contractNo}</strong>
                  </Link>
                </td>
                <td data-label={t("contracts.col.customer")}>{r.customerName}</td>
                <td data-label={t("contracts.col.consultant")}>{r.consultantName}</td>
                <td data-label={t("contracts.col.vehicle")}>
                  {r.vehicle}
                  {r.colourName ? ` · ${r.colourName}` : ""}
                  {r.vin ? <span className="ct-vin">{r.vin}</span> : null}
                </td>
                <td data-label={t("contracts.col.payable")} className="ct-num">
                  {cny(r.payableFen)}
                </td>
                <td data-label={t("contracts.col.deposit")} className="ct-num">
                  {cny(r.depositFen)}
                </td>
                <td data-label={t("contracts.col.paid")} className="ct-num">
                  {cny(r.paidFen)}
                </td>
                <td
                  data-label={t("contracts.col.balance")}
                  className={`ct-num${r.balanceFen > 0 && r.state !== "cancelled" ? " ct-owed" : ""}`}
                >
                  {cny(r.balanceFen)}
                </td>
                <td data-label={t("contracts.col.expected")}>{r.expectedDeliveryDate}</td>
                <td data-label={t("contracts.col.actual")}>
                  {r.deliveredAt ? localDate(r.deliveredAt, data.timeZone) : "—"}
                </td>
                <td data-label={t("contracts.col.state")}>
                  <StagePill stage={r.stage} />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-testid="ledger-totals">
              <th colSpan={4}>{t("contracts.totals", { n: data.totals.count })}</th>
              <td data-label={t("contracts.col.payable")} className="ct-num">
                {cny(data.totals.payableFen)}
              </td>
              <td data-label={t("contracts.col.deposit")} className="ct-num">
                {cny(data.totals.depositFen)}
              </td>
              <td data-label={t("contracts.col.paid")} className="ct-num">
                {cny(data.totals.paidFen)}
              </td>
              <td data-label={t("contracts.col.balance")} className="ct-num">
                {cny(data.totals.balanceFen)}
              </td>
              <td colSpan={3} />
            </tr>
          </tfoot>
        </table>
      )}
      {data.cursor || q.cursor ? (
        <nav className="ct-pager">
          {q.cursor ? (
            <Link to={href(`${base}/contracts`, { ...q, cursor: undefined })}>← {t("contracts.firstPage")}</Link>
          ) : (
            <span />
          )}
          {data.cursor ? (
            <Link to={href(`${base}/contracts`, { ...q, cursor: data.cursor })} data-testid="ledger-more">
              {t("contracts.more")} →
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
