/**
 * Make the order from a quote (order flow step 3: confirm trim, quantity,
 * delivery method and date). Saving gives the contract its number and sends the
 * person to the contract page.
 */
import { DELIVERY_METHODS } from "@dealeros/core";
import { contracts } from "@dealeros/services";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, redirect, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { QuoteLinesTable, vehicleLabel } from "../components/quote-ui";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { ContractErrorBanner, useContractMessage } from "../lib/contracts";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useT } from "../lib/i18n";
import { Field, isFormError } from "../lib/ui";
import styles from "../styles/contracts.css?url";
import dealStyles from "../styles/deals.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: dealStyles },
  { rel: "stylesheet", href: styles },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orNotFound(async () => ({
    ...(await contracts.orderForm(ctx, params.storeId!, params.quoteId!)),
    storeId: params.storeId!,
  }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const version = Number(str(form, "quoteVersion"));
  const r = await attempt(
    () =>
      contracts.createOrder(ctx, params.storeId!, params.quoteId!, {
        expectedDeliveryDate: str(form, "expectedDeliveryDate") ?? "",
        deliveryMethod: str(form, "deliveryMethod") ?? "",
        note: str(form, "note"),
        ...(Number.isInteger(version) && version > 0 ? { quoteVersion: version } : {}),
      }),
    formValues(form),
  );
  if (!r.ok) return r.error;
  return redirect(`/app/s/${params.storeId}/k/${r.value.contractId}`);
}

export default function MakeOrder() {
  const { quote: q, today, maxDate, refusal, storeId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const form = isFormError(result) ? result : undefined;
  const t = useT();
  const msg = useContractMessage();
  const busy = useNavigation().state !== "idle";
  const base = `/app/s/${storeId}`;
  return (
    <>
      <p className="row">
        <Link to={`${base}/q/${q.quoteId}`}>← {t("contracts.order.quote")}</Link>
        <Link to={`${base}/p/${q.prospectId}`}>{t("contracts.order.backToCard")}</Link>
      </p>
      <h2>{t("contracts.order.title")}</h2>
      <div className="card">
        <p>
          <b>{q.customerName}</b> · {q.consultantName}
        </p>
        <p className="muted">{t("contracts.order.validUntil", { date: q.validUntil })}</p>
        <QuoteLinesTable q={q} />
      </div>
      {q.status === "ordered" && q.contractId ? (
        <div className="banner ok" data-testid="already-ordered">
          {t("contracts.order.alreadyOrdered")}{" "}
          <Link to={`${base}/k/${q.contractId}`}>{t("contracts.order.open")}</Link>
        </div>
      ) : refusal ? (
        <div className="banner err" role="alert" data-testid="order-refused">
          {t("contracts.order.cannot")} {msg(refusal)}
        </div>
      ) : (
        <div className="card">
          <p className="muted">{t("contracts.order.intro")}</p>
          <ContractErrorBanner data={result} />
          <Form method="post" className="stack" data-testid="order-form">
            <input type="hidden" name="quoteVersion" value={q.version} />
            <div className="grid2">
              <label>
                {t("contracts.order.trim")}
                <input value={`${q.vehicle.brand} ${vehicleLabel(q.vehicle)}`} readOnly />
              </label>
              <label>
                {t("contracts.order.quantity")}
                <input value="1" readOnly inputMode="numeric" />
              </label>
            </div>
            <fieldset>
              <legend>{t("contracts.order.deliveryMethod")}</legend>
              <div className="row">
                {DELIVERY_METHODS.map((m) => (
                  <label key={m} className="row" style={{ gap: 4 }}>
                    <input
                      type="radio"
                      name="deliveryMethod"
                      value={m}
                      defaultChecked={(form?.values?.deliveryMethod ?? "store_pickup") === m}
                    />
                    {t(`contracts.delivery.${m}`)}
                  </label>
                ))}
              </div>
              {form?.fields.deliveryMethod ? (
                <span className="field-error">{msg(form.fields.deliveryMethod)}</span>
              ) : null}
            </fieldset>
            <Field name="expectedDeliveryDate" type="date" label={t("contracts.order.date")} form={form} required>
              <input
                id="f-expectedDeliveryDate"
                name="expectedDeliveryDate"
                type="date"
                min={today}
                max={maxDate}
                required
                defaultValue={form?.values?.expectedDeliveryDate}
              />
            </Field>
            <Field name="note" label={t("contracts.note")} form={form} maxLength={500} />
            <button type="submit" disabled={busy} data-testid="make-order-submit">
              {t("contracts.order.submit")}
            </button>
          </Form>
        </div>
      )}
    </>
  );
}
