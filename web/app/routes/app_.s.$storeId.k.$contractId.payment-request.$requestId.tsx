/**
 * The printed payment request (付款通知书): outside the app layout (no header, no
 * tabs — the `app_` prefix keeps it out of app.tsx), with its own sign-in and
 * store check (another store's or tenant's contract, or a consultant's
 * colleague's, is a 404). Store, contract number, customer, vehicle, payable,
 * paid so far, the amount asked and its date, the open dues, the bank transfer
 * reference (the contract number) and signature lines; A4 print CSS; the Print
 * button calls window.print().
 */
import { localDate } from "@dealeros/core";
import { contracts } from "@dealeros/services";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireCtx } from "../lib/auth.server";
import { useCny } from "../lib/contracts";
import { orDenied } from "../lib/deals.server";
import { useT } from "../lib/i18n";
import styles from "../styles/payment-request.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `付款通知书 Payment request · ${data.contract.contractNo} · ${data.store.name}`
      : "付款通知书 Payment request",
  },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orDenied(() => contracts.getPaymentRequest(ctx, params.storeId!, params.contractId!, params.requestId!));
}

export default function PrintPaymentRequest() {
  const { store, contract: c, request: r } = useLoaderData<typeof loader>();
  const t = useT();
  const cny = useCny();
  const open = c.dueStatus.filter((d) => d.openFen > 0);
  const v = c.vehicle;
  return (
    <main className="payreq-print" data-testid="payreq-print-page">
      <div className="spread no-print" style={{ marginBottom: 12 }}>
        <Link to={`/app/s/${store.storeId}/k/${c.contractId}`}>← {t("contracts.payreq.back")}</Link>
        <button type="button" onClick={() => window.print()} data-testid="print-button">
          {t("contracts.payreq.printButton")}
        </button>
      </div>
      <h1>{t("contracts.payreq.printTitle")}</h1>
      <p className="payreq-store">{store.name}</p>
      <div className="payreq-meta">
        <div>
          {t("contracts.payreq.contractNo")}: <strong data-testid="payreq-contract-no">{c.contractNo}</strong>
        </div>
        <div>
          {t("contracts.payreq.issued")}: {localDate(r.at, store.timeZone)}
        </div>
        <div>
          {t("contracts.payreq.customer")}: <strong>{c.customerName}</strong>
        </div>
        <div>
          {t("contracts.payreq.mobile")}: {c.customerMobile ?? "—"}
        </div>
        <div>
          {t("contracts.payreq.consultant")}: {c.consultantName}
        </div>
        <div className="wide">
          {t("contracts.payreq.vehicle")}:{" "}
          <strong>
            {v.brand} {v.modelName} {v.trimName}
            {v.colourName ? ` · ${v.colourName}` : ""}
          </strong>
          {c.allocation ? ` · VIN ${c.allocation.vin}` : ""}
        </div>
      </div>

      <p>{t("contracts.payreq.greeting", { name: c.customerName, no: c.contractNo })}</p>

      <div className="payreq-ask">
        <div>
          {t("contracts.payreq.requested")}
          <b data-testid="payreq-amount">{cny(r.amountFen)}</b>
        </div>
        <div>
          {t("contracts.payreq.payBy")}
          <b data-testid="payreq-due">{r.dueDate}</b>
        </div>
      </div>
      {c.state !== "signed" ? (
        <p className="payreq-notice">{t("contracts.payreq.stateNow", { state: t(`contracts.state.${c.state}`) })}</p>
      ) : c.balanceFen < r.amountFen ? (
        <p className="payreq-notice" data-testid="payreq-paid-since">
          {t("contracts.payreq.paidSince", { amount: cny(c.balanceFen) })}
        </p>
      ) : null}

      <table>
        <tbody>
          <tr>
            <th>{t("contracts.payreq.payable")}</th>
            <td className="num">{cny(c.totals.payableFen)}</td>
          </tr>
          <tr>
            <th>{t("contracts.payreq.paid")}</th>
            <td className="num" data-testid="payreq-paid">
              {cny(c.paidFen)}
            </td>
          </tr>
          <tr>
            <th>{t("contracts.payreq.balance")}</th>
            <td className="num" data-testid="payreq-balance">
              {cny(c.balanceFen)}
            </td>
          </tr>
        </tbody>
      </table>

      <h2>{t("contracts.payreq.dues")}</h2>
      {open.length ? (
        <table data-testid="payreq-dues">
          <thead>
            <tr>
              <th>{t("contracts.due.kind")}</th>
              <th>{t("contracts.due.date")}</th>
              <th className="num">{t("contracts.due.open")}</th>
            </tr>
          </thead>
          <tbody>
            {open.map((d) => (
              <tr key={d.kind}>
                <td>{t(`contracts.due.${d.kind}`)}</td>
                <td>{d.dueDate}</td>
                <td className="num">{cny(d.openFen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t("contracts.payreq.noDues")}</p>
      )}

      <h2>{t("contracts.payreq.transferRef")}</h2>
      <p className="payreq-ref" data-testid="payreq-reference">
        {c.contractNo}
      </p>
      <p className="muted">{t("contracts.payreq.transferHint")}</p>
      {r.note ? <p>{r.note}</p> : null}
      <p className="muted">{t("contracts.payreq.requestedBy", { name: r.byName })}</p>

      <div className="payreq-signatures">
        <div>
          {t("contracts.payreq.signCustomer")}
          <br />
          <span className="muted">{t("contracts.payreq.date")}:</span>
        </div>
        <div>
          {t("contracts.payreq.signStore")}
          <br />
          <span className="muted">{t("contracts.payreq.date")}:</span>
        </div>
      </div>
    </main>
  );
}
