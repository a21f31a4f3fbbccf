/**
 * The contract page's payment requests (付款通知书, order flow step 2: the balance
 * is short → a payment request): the requests made so far with their print
 * links, and the "Request payment" form (amount in yuan prefilled with the
 * balance, due date with the first open due's date) while money is open.
 */
import { Form, Link } from "@remix-run/react";
import { useCny, useContractMessage } from "../lib/contracts";
import { useFormatDateTime, useT } from "../lib/i18n";
import { Field } from "../lib/ui";

export interface PaymentRequestRow {
  id: string;
  amountFen: number;
  dueDate: string;
  at: string;
  byName: string;
  note?: string;
}

/** How many requests the page lists (newest first); the contract keeps 20. */
const SHOWN = 5;

export function PaymentRequests(props: {
  storeId: string;
  contractId: string;
  state: string;
  balanceFen: number;
  /** the first open due's date: the default "pay by" */
  firstOpenDueDate?: string;
  requests: PaymentRequestRow[];
  timeZone: string;
  /** the request just made by this page's action (its print link stands out) */
  madeId?: string;
  /** a failed request: field messages and the values typed */
  failed?: { fields: Record<string, string>; values?: Record<string, string> };
  busy: boolean;
}) {
  const t = useT();
  const cny = useCny();
  const msg = useContractMessage();
  const stamp = useFormatDateTime();
  const print = (id: string) => `/app/s/${props.storeId}/k/${props.contractId}/payment-request/${id}`;
  const made = props.madeId ? props.requests.find((r) => r.id === props.madeId) : undefined;
  const shown = [...props.requests].reverse().slice(0, SHOWN);
  const f = props.failed;
  const canRequest = props.state === "signed" && props.balanceFen > 0;
  if (!canRequest && !shown.length) return null;
  return (
    <div className="stack" data-testid="payment-requests">
      {made ? (
        <p className="banner ok" role="status" data-testid="payreq-made">
          {t("contracts.payreq.made", { amount: cny(made.amountFen), date: made.dueDate })}{" "}
          <Link to={print(made.id)} data-testid="payreq-print">
            {t("contracts.payreq.print")}
          </Link>
        </p>
      ) : null}
      {shown.length ? (
        <>
          <h3 style={{ margin: "8px 0 0" }}>{t("contracts.payreq.list")}</h3>
          <ul className="plain" data-testid="payreq-list">
            {shown.map((r) => (
              <li key={r.id}>
                <b>{t("contracts.payreq.item", { amount: cny(r.amountFen), date: r.dueDate })}</b>
                <span className="muted">
                  {" "}
                  · {r.byName} · {stamp(r.at, props.timeZone)}
                  {r.note ? ` · ${r.note}` : ""}
                </span>{" "}
                <Link to={print(r.id)}>{t("contracts.payreq.print")}</Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {canRequest ? (
        <Form method="post" className="stack" data-testid="payreq-form">
          <h3 style={{ margin: "8px 0 0" }}>{t("contracts.payreq.title")}</h3>
          <p className="muted" style={{ margin: 0 }}>
            {t("contracts.payreq.hint")}
          </p>
          <input type="hidden" name="intent" value="payment-request" />
          <div className="grid2">
            <Field
              name="requestAmount"
              label={t("contracts.payreq.amount", { max: cny(props.balanceFen) })}
              defaultValue={f?.values?.requestAmount ?? (props.balanceFen / 100).toFixed(2)}
              error={f?.fields.amountFen ? msg(f.fields.amountFen) : undefined}
              inputMode="text"
            />
            <Field
              name="requestDueDate"
              type="date"
              label={t("contracts.payreq.dueDate")}
              defaultValue={f?.values?.requestDueDate ?? props.firstOpenDueDate}
              error={f?.fields.dueDate ? msg(f.fields.dueDate) : undefined}
            />
          </div>
          <Field
            name="requestNote"
            label={t("contracts.payreq.note")}
            defaultValue={f?.values?.requestNote}
            error={f?.fields.note ? msg(f.fields.note) : undefined}
            maxLength={300}
          />
          <button type="submit" className="secondary" disabled={props.busy} data-testid="payreq-submit">
            {t("contracts.payreq.submit")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
