/**
 * A contract (合同) and its order flow: 1 stock check (allocate a vehicle or link
 * a PO line), 2 receivables (payments), 3 delivery details and the gate, 4
 * invoice and stock release, loan, finance confirmation; the dunning log and the
 * audit trail.
 */
import { daysInStock, LOAN_STATUSES, localDate, newId, PAYMENT_METHODS } from "@dealeros/core";
import { contracts } from "@dealeros/services";
import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PaymentRequests } from "../components/payment-request-form";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { ContractErrorBanner, StagePill, useCny, useContractMessage, yuanToFen } from "../lib/contracts";
import { type ActionError, attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useFormatDateTime, useT } from "../lib/i18n";
import { Field, isFormError } from "../lib/ui";
import styles from "../styles/contracts.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const storeId = params.storeId!;
  const contractId = params.contractId!;
  return orNotFound(async () => {
    const view = await contracts.getContract(ctx, storeId, contractId);
    const c = view.contract;
    const options =
      view.canAdmin && c.state === "signed" && !c.allocation
        ? await contracts.allocationOptions(ctx, storeId, contractId)
        : null;
    const now = new Date();
    return {
      ...view,
      options: options && {
        vehicles: options.vehicles.map((v) => ({
          vehicleId: v.vehicleId,
          vin: v.vin,
          colourName: v.colourName,
          days: v.stockedAt ? daysInStock(v.stockedAt, now, view.timeZone) : 0,
        })),
        poLines: options.poLines,
      },
      storeId,
      // a fresh key per rendered payment form: a doubled submit records the payment once
      idempotencyKey: newId(),
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const intent = str(form, "intent");
  const s = params.storeId!;
  const id = params.contractId!;
  const amountFen = intent === "payment" ? yuanToFen(str(form, "amount")) : undefined;
  if (intent === "payment" && typeof amountFen !== "number") {
    const message = "Enter the amount in yuan, e.g. 12000 or 12000.50.";
    return data<ActionError>(
      { ok: false, message, code: "validation_failed", fields: { amountFen: message }, values: formValues(form) },
      { status: 400 },
    );
  }
  // a payment request: blank amount = the whole balance
  const requestAmount = str(form, "requestAmount")?.trim();
  const requestFen = intent === "payment-request" && requestAmount ? yuanToFen(requestAmount) : undefined;
  if (intent === "payment-request" && requestAmount && typeof requestFen !== "number") {
    const message = "Enter the amount in yuan, e.g. 12000 or 12000.50.";
    return data<ActionError>(
      { ok: false, message, code: "validation_failed", fields: { amountFen: message }, values: formValues(form) },
      { status: 400 },
    );
  }
  let madeId: string | undefined;
  const r = await attempt(async () => {
    switch (intent) {
      case "allocate":
        return contracts.allocateVehicle(ctx, s, id, { vehicleId: str(form, "vehicleId") ?? "" });
      case "release":
        return contracts.releaseAllocation(ctx, s, id, { reason: str(form, "reason") });
      case "po-link": {
        const [poId, line] = (str(form, "poLine") ?? "").split("#");
        return contracts.linkPoLine(ctx, s, id, { poId: poId ?? "", line: Number(line) });
      }
      case "payment":
        return contracts.recordPayment(ctx, s, id, {
          amountFen,
          method: str(form, "method") ?? "",
          reference: str(form, "reference") ?? "",
          note: str(form, "note"),
          idempotencyKey: str(form, "idempotencyKey"),
        });
      case "payment-request": {
        const made = await contracts.requestPayment(ctx, s, id, {
          amountFen: requestFen,
          dueDate: str(form, "requestDueDate") || undefined,
          note: str(form, "requestNote"),
        });
        madeId = made.request.id;
        return made;
      }
      case "invoice":
        return contracts.recordInvoice(ctx, s, id, {
          invoiceNo: str(form, "invoiceNo") ?? "",
          stockRelease: form.get("stockRelease") === "on",
        });
      case "loan":
        return contracts.setLoanStatus(ctx, s, id, {
          status: str(form, "status") ?? "",
          reference: str(form, "reference"),
        });
      case "finance":
        return contracts.confirmFinance(ctx, s, id, { note: str(form, "note") ?? "" });
      case "cancel":
        return contracts.cancelContract(ctx, s, id, { reason: str(form, "reason") ?? "" });
      default:
        throw new Response("Unknown action", { status: 400 });
    }
  }, formValues(form));
  if (!r.ok) return r.error;
  return { ok: true as const, intent, madeId };
}

const FEN_DETAIL = /Fen$/;
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export default function ContractPage() {
  const data = useLoaderData<typeof loader>();
  const { contract: c, payments, reminders, audit, timeZone, today, canAdmin, canCancel, options, storeId } = data;
  const result = useActionData<typeof action>();
  const failed = isFormError(result) ? result : undefined;
  const errorsOf = (intent: string) => (failed?.values?.intent === intent ? failed : undefined);
  const t = useT();
  const cny = useCny();
  const msg = useContractMessage();
  const stamp = useFormatDateTime();
  const busy = useNavigation().state !== "idle";
  const base = `/app/s/${storeId}`;
  const open = c.state === "signed";
  const hasLoan = c.dues.some((d) => d.kind === "loan");
  const label = (key: string, fallback: string) => {
    const s = t(key);
    return s === key ? fallback : s;
  };
  const saved = result && !isFormError(result) ? result.intent : undefined;
  const value = (k: string, v: unknown) => {
    if (FEN_DETAIL.test(k) && typeof v === "number") return cny(v);
    if (k === "method") return label(`contracts.method.${v}`, String(v));
    if (k === "deliveryMethod") return label(`contracts.delivery.${v}`, String(v));
    if (k === "stockReleased") return "✓";
    return String(v);
  };
  const detailText = (detail: Record<string, unknown>) =>
    Object.entries(detail)
      // ids say nothing to a person; amounts and methods are shown in words
      .filter(([, v]) => v !== undefined && v !== null && v !== "" && !ULID.test(String(v)))
      .map(([k, v]) => `${label(`contracts.detail.${k}`, k)}: ${value(k, v)}`)
      .join(" · ");

  return (
    <>
      <p className="row">
        <Link to={`${base}/contracts`}>← {t("contracts.ledgerTitle")}</Link>
        <Link to={`${base}/p/${c.prospectId}`}>{t("contracts.page.card")}</Link>
        <Link to={`${base}/q/${c.quoteId}`}>{t("contracts.order.quote")}</Link>
      </p>
      <div className="spread">
        <h2 style={{ margin: 0 }} data-testid="contract-no">
          {c.contractNo}
        </h2>
        <span className="row">
          <span className="pill">{t(`contracts.state.${c.state}`)}</span>
          <StagePill stage={c.stage} />
        </span>
      </div>
      <p>
        <b>{c.customerName}</b>
        {c.customerMobile ? ` · ${c.customerMobile}` : ""} · {t("contracts.col.consultant")}: {c.consultantName}
      </p>
      <p className="muted">
        {c.vehicle.brand} {c.vehicle.modelName} {c.vehicle.trimName}
        {c.vehicle.colourName ? ` · ${c.vehicle.colourName}` : ""} · {t("contracts.order.quantity")} 1 ·{" "}
        {t("contracts.signedOn", { date: c.signedDate })}
      </p>
      {c.cancelled ? (
        <p className="banner err">
          {t("contracts.cancelledBy", {
            name: c.cancelled.byName,
            at: stamp(c.cancelled.at, timeZone),
            reason: c.cancelled.reason,
          })}
        </p>
      ) : null}
      {saved ? (
        <p className="banner ok" role="status" data-testid="contract-saved">
          {t("contracts.saved")}
        </p>
      ) : null}
      <ContractErrorBanner data={result} />

      <div className="card" data-testid="money-box">
        <div className="ct-money">
          <div>
            {t("contracts.col.payable")}
            <b>{cny(c.totals.payableFen)}</b>
          </div>
          <div>
            {t("contracts.money.due")}
            <b>{cny(c.dueFen)}</b>
          </div>
          <div>
            {t("contracts.col.paid")}
            <b data-testid="contract-paid">{cny(c.paidFen)}</b>
          </div>
          <div>
            {t("contracts.col.balance")}
            <b data-testid="contract-balance" className={c.balanceFen > 0 && open ? "ct-owed" : undefined}>
              {cny(c.balanceFen)}
            </b>
          </div>
        </div>
        <table className="responsive" data-testid="dues">
          <thead>
            <tr>
              <th>{t("contracts.due.kind")}</th>
              <th>{t("contracts.due.date")}</th>
              <th className="ct-num">{t("contracts.due.amount")}</th>
              <th className="ct-num">{t("contracts.col.paid")}</th>
              <th className="ct-num">{t("contracts.due.open")}</th>
            </tr>
          </thead>
          <tbody>
            {c.dueStatus.map((d) => {
              const overdue = open && d.openFen > 0 && d.dueDate < today;
              return (
                <tr key={d.kind} className={overdue ? "late" : undefined}>
                  <td data-label={t("contracts.due.kind")}>{t(`contracts.due.${d.kind}`)}</td>
                  <td data-label={t("contracts.due.date")}>
                    {d.dueDate}
                    {overdue ? <span className="pill warn"> {t("contracts.due.overdue")}</span> : null}
                  </td>
                  <td data-label={t("contracts.due.amount")} className="ct-num">
                    {cny(d.amountFen)}
                  </td>
                  <td data-label={t("contracts.col.paid")} className="ct-num">
                    {cny(d.paidFen)}
                  </td>
                  <td data-label={t("contracts.due.open")} className="ct-num">
                    {cny(d.openFen)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      {/* 1 · stock check */}
      <section className="card ct-step" data-testid="step-stock">
        <h2>{t("contracts.step1")}</h2>
        {c.allocation ? (
          <>
            <p>
              {t("contracts.allocated")}:{" "}
              <Link to={`${base}/v/${c.allocation.vehicleId}`} data-testid="allocated-vin">
                {c.allocation.vin}
              </Link>{" "}
              <span className="muted">
                · {c.allocation.byName} · {stamp(c.allocation.at, timeZone)}
              </span>
            </p>
            {canAdmin && open && !c.delivery?.deliveredAt ? (
              <details>
                <summary>{t("contracts.release")}</summary>
                <Form method="post" className="ct-inline">
                  <input type="hidden" name="intent" value="release" />
                  <Field name="reason" label={t("contracts.reason")} form={errorsOf("release")} maxLength={300} />
                  <button type="submit" className="secondary" disabled={busy}>
                    {t("contracts.release")}
                  </button>
                </Form>
              </details>
            ) : null}
          </>
        ) : c.poLink ? (
          <p data-testid="po-linked">
            {t("contracts.poLinked", { line: c.poLink.line, po: c.poLink.poId.slice(-6) })}{" "}
            <span className="muted">
              · {c.poLink.byName} · {stamp(c.poLink.at, timeZone)}
            </span>
          </p>
        ) : (
          <p className="muted">{t("contracts.notAllocated")}</p>
        )}
        {options ? (
          <>
            {options.vehicles.length ? (
              <Form method="post" className="ct-inline" data-testid="allocate-form">
                <input type="hidden" name="intent" value="allocate" />
                <Field name="vehicleId" label={t("contracts.chooseVehicle")} form={errorsOf("allocate")}>
                  <select id="f-vehicleId" name="vehicleId" required>
                    {options.vehicles.map((v) => (
                      <option key={v.vehicleId} value={v.vehicleId}>
                        {v.vin} · {v.colourName} · {t("contracts.daysInStock", { n: v.days })}
                      </option>
                    ))}
                  </select>
                </Field>
                <button type="submit" disabled={busy}>
                  {t("contracts.allocate")}
                </button>
              </Form>
            ) : (
              <p className="muted">{t("contracts.noStock")}</p>
            )}
            {!c.poLink ? (
              options.poLines.length ? (
                <Form method="post" className="ct-inline" data-testid="po-link-form">
                  <input type="hidden" name="intent" value="po-link" />
                  <Field
                    name="poLine"
                    label={t("contracts.poLine")}
                    form={errorsOf("po-link")}
                    error={errorsOf("po-link")?.fields.line}
                  >
                    <select id="f-poLine" name="poLine" required>
                      {options.poLines.map((l) => (
                        <option key={`${l.poId}#${l.lineNo}`} value={`${l.poId}#${l.lineNo}`}>
                          {t("contracts.poLineLabel", {
                            date: localDate(l.createdAt, timeZone),
                            line: l.lineNo,
                            colour: l.colourName,
                            received: l.received,
                            quantity: l.quantity,
                          })}
                        </option>
                      ))}
                    </select>
                  </Field>
                  <button type="submit" className="secondary" disabled={busy}>
                    {t("contracts.linkPo")}
                  </button>
                </Form>
              ) : (
                <p className="muted">
                  {t("contracts.noPoLines")} <Link to={`${base}/inventory`}>{t("contracts.inventoryLink")}</Link>
                </p>
              )
            ) : null}
          </>
        ) : null}
      </section>

      {/* 2 · receivables */}
      <section className="card ct-step" data-testid="step-money">
        <h2>{t("contracts.step2")}</h2>
        {payments.length ? (
          <ul className="plain" data-testid="payments">
            {payments.map((p) => (
              <li key={p.paymentId}>
                <b>{cny(p.amountFen)}</b> · {t(`contracts.method.${p.method}`)} · {p.reference}
                <span className="muted">
                  {" "}
                  · {p.byName} · {stamp(p.at, timeZone)}
                  {p.note ? ` · ${p.note}` : ""}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("contracts.noPayments")}</p>
        )}
        {canAdmin && c.state !== "cancelled" && c.balanceFen > 0 ? (
          <Form method="post" className="stack" data-testid="payment-form">
            <h3 style={{ margin: "8px 0 0" }}>{t("contracts.recordPayment")}</h3>
            <input type="hidden" name="intent" value="payment" />
            <input type="hidden" name="idempotencyKey" value={data.idempotencyKey} />
            <div className="grid2">
              <Field
                name="amount"
                label={t("contracts.amount", { max: cny(c.balanceFen) })}
                form={errorsOf("payment")}
                error={errorsOf("payment")?.fields.amountFen ? msg(errorsOf("payment")!.fields.amountFen) : undefined}
                inputMode="text"
                required
              />
              <Field name="method" label={t("contracts.method")} form={errorsOf("payment")}>
                <select
                  id="f-method"
                  name="method"
                  defaultValue={errorsOf("payment")?.values?.method ?? "bank_transfer"}
                >
                  {PAYMENT_METHODS.map((m) => (
                    <option key={m} value={m}>
                      {t(`contracts.method.${m}`)}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
            <Field
              name="reference"
              label={t("contracts.reference")}
              form={errorsOf("payment")}
              maxLength={60}
              required
            />
            <Field name="note" label={t("contracts.note")} form={errorsOf("payment")} maxLength={300} />
            <button type="submit" disabled={busy} data-testid="record-payment">
              {t("contracts.recordPayment")}
            </button>
          </Form>
        ) : null}
        <PaymentRequests
          storeId={storeId}
          contractId={c.contractId}
          state={c.state}
          balanceFen={c.balanceFen}
          firstOpenDueDate={c.dueStatus.find((d) => d.openFen > 0)?.dueDate}
          requests={c.paymentRequests ?? []}
          timeZone={timeZone}
          madeId={result && !isFormError(result) ? result.madeId : undefined}
          failed={errorsOf("payment-request")}
          busy={busy}
        />
      </section>

      {/* 3 · delivery details and the gate */}
      <section className="card ct-step" data-testid="step-delivery">
        <h2>{t("contracts.step3")}</h2>
        <p>
          {t("contracts.order.deliveryMethod")}: {t(`contracts.delivery.${c.deliveryMethod}`)} ·{" "}
          {t("contracts.col.expected")}: {c.expectedDeliveryDate}
        </p>
        {c.delivery?.appointmentAt ? (
          <p>
            {t("contracts.appointment")}: {localDate(c.delivery.appointmentAt, timeZone)}{" "}
            {stamp(c.delivery.appointmentAt, timeZone).slice(-5)}
          </p>
        ) : null}
        {c.delivery?.deliveredAt ? (
          <p>
            {t("contracts.col.actual")}: {stamp(c.delivery.deliveredAt, timeZone)}
            {c.delivery.deliveredByName ? ` · ${c.delivery.deliveredByName}` : ""}
          </p>
        ) : null}
        {c.state === "signed" ? (
          c.blockers.length ? (
            <>
              <p className="muted">{t("contracts.blockers")}</p>
              <ul className="ct-blockers" data-testid="blockers">
                {c.blockers.map((b) => (
                  <li key={b.code}>{t(`contracts.blocker.${b.code}`, { amount: cny(b.amountFen ?? 0) })}</li>
                ))}
              </ul>
            </>
          ) : (
            <ul className="ct-blockers none" data-testid="blockers">
              <li>{t("contracts.noBlockers")}</li>
            </ul>
          )
        ) : null}
        {c.state !== "cancelled" ? (
          <Link className="button" to={`${base}/delivery/${c.contractId}`} data-testid="delivery-link">
            {t("contracts.goDelivery")}
          </Link>
        ) : null}
      </section>

      {/* 4 · invoice, stock release, loan, finance */}
      <section className="card ct-step" data-testid="step-paperwork">
        <h2>{t("contracts.step4")}</h2>
        <p>
          {t("contracts.invoiceNo")}: <b data-testid="invoice-no">{c.invoiceNo ?? "—"}</b>
          {c.stockReleasedAt ? (
            <span className="pill ok" style={{ marginLeft: 6 }}>
              {t("contracts.stockReleasedAt", { at: stamp(c.stockReleasedAt, timeZone) })}
            </span>
          ) : null}
        </p>
        {canAdmin && c.state !== "cancelled" && !(c.invoiceNo && c.stockReleasedAt) ? (
          <Form method="post" className="ct-inline" data-testid="invoice-form">
            <input type="hidden" name="intent" value="invoice" />
            <Field
              name="invoiceNo"
              label={t("contracts.invoiceNo")}
              form={errorsOf("invoice")}
              defaultValue={errorsOf("invoice")?.values?.invoiceNo ?? c.invoiceNo}
              maxLength={20}
              required
            />
            <label className="row" style={{ gap: 4 }}>
              <input type="checkbox" name="stockRelease" defaultChecked={!!c.allocation && !c.stockReleasedAt} />
              {t("contracts.stockRelease")}
            </label>
            <button type="submit" disabled={busy}>
              {t("contracts.save")}
            </button>
          </Form>
        ) : null}

        {hasLoan ? (
          <>
            <h3>{t("contracts.loan", { lender: c.finance?.lender ?? "" })}</h3>
            <p data-testid="loan-status">
              {c.loan ? (
                <>
                  <span
                    className={`pill ${c.loan.status === "approved" ? "ok" : c.loan.status === "declined" ? "off" : "warn"}`}
                  >
                    {t(`contracts.loanStatus.${c.loan.status}`)}
                  </span>{" "}
                  {c.loan.reference ? `${c.loan.reference} · ` : ""}
                  <span className="muted">
                    {c.loan.byName} · {stamp(c.loan.at, timeZone)}
                  </span>
                </>
              ) : (
                <span className="muted">{t("contracts.loanNone")}</span>
              )}
            </p>
            {canAdmin && open ? (
              <Form method="post" className="ct-inline" data-testid="loan-form">
                <input type="hidden" name="intent" value="loan" />
                <Field name="status" label={t("contracts.loanStatusLabel")} form={errorsOf("loan")}>
                  <select id="f-status" name="status" defaultValue={c.loan?.status ?? "applied"}>
                    {LOAN_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {t(`contracts.loanStatus.${s}`)}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field
                  name="reference"
                  label={t("contracts.loanReference")}
                  form={errorsOf("loan")}
                  defaultValue={errorsOf("loan")?.values?.reference ?? c.loan?.reference}
                  maxLength={60}
                />
                <button type="submit" className="secondary" disabled={busy}>
                  {t("contracts.save")}
                </button>
              </Form>
            ) : null}
          </>
        ) : null}

        <h3>{t("contracts.finance")}</h3>
        {c.financeConfirmed ? (
          <p data-testid="finance-confirmed">
            {t("contracts.financeConfirmed", {
              name: c.financeConfirmed.byName,
              at: stamp(c.financeConfirmed.at, timeZone),
              note: c.financeConfirmed.note,
            })}
          </p>
        ) : canAdmin && open && c.balanceFen > 0 ? (
          <Form method="post" className="ct-inline" data-testid="finance-form">
            <input type="hidden" name="intent" value="finance" />
            <Field name="note" label={t("contracts.financeNote")} form={errorsOf("finance")} maxLength={300} required />
            <button type="submit" className="secondary" disabled={busy}>
              {t("contracts.confirmFinance")}
            </button>
          </Form>
        ) : (
          <p className="muted">—</p>
        )}
      </section>

      <section className="card" data-testid="reminders">
        <h2>{t("contracts.reminders")}</h2>
        {reminders.length ? (
          <ul className="plain">
            {reminders.map((r) => (
              <li key={r.date}>
                {r.date} · {t(`contracts.reminder.${r.phase}`)} · {t(`contracts.due.${r.dueKind}`)} {cny(r.openFen)} (
                {r.dueDate}) → {r.toName}
                {r.escalatedTo?.length ? <span className="pill warn"> {t("contracts.escalated")}</span> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("contracts.noReminders")}</p>
        )}
      </section>

      <section className="card">
        <h2>{t("contracts.history")}</h2>
        <ul className="plain" data-testid="contract-audit">
          {audit.map((a) => (
            <li key={a.id}>
              <strong>{label(`contracts.action.${a.action}`, a.action)}</strong> · {a.byName} · {stamp(a.at, timeZone)}
              <div className="muted">{detailText(a.detail)}</div>
            </li>
          ))}
        </ul>
      </section>

      {canCancel && open && c.paidFen === 0 ? (
        <details className="card" data-testid="cancel">
          <summary>{t("contracts.cancel")}</summary>
          <p className="muted">{t("contracts.cancelHint")}</p>
          <Form method="post" className="ct-inline">
            <input type="hidden" name="intent" value="cancel" />
            <Field name="reason" label={t("contracts.reason")} form={errorsOf("cancel")} maxLength={300} required />
            <button type="submit" className="secondary" disabled={busy}>
              {t("contracts.cancel")}
            </button>
          </Form>
        </details>
      ) : null}
    </>
  );
}
