/** One secondary dealer (二级网点): wholesale a stock vehicle, payments received, ledger, monthly pickups. */
import { DEALER_PAYMENT_METHODS } from "@dealeros/core";
import { dealers } from "@dealeros/services";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { useCny, yuanToFen } from "../lib/contracts";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useFormatDateTime, useT } from "../lib/i18n";
import { ErrorBanner, Field, isFormError } from "../lib/ui";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orNotFound(async () => {
    const [page, stock] = await Promise.all([
      dealers.getDealer(ctx, params.storeId!, params.dealerId!),
      dealers.wholesaleOptions(ctx, params.storeId!),
    ]);
    return {
      ...page,
      stock: stock.map((v) => ({
        vehicleId: v.vehicleId,
        label: `${v.vin} · ${v.modelName} ${v.trimName} ${v.colourName}`,
      })),
      storeId: params.storeId!,
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const intent = str(form, "intent");
  const storeId = params.storeId!;
  const dealerId = params.dealerId!;
  const date = str(form, "date") || undefined;
  const r = await attempt(async () => {
    if (intent === "wholesale")
      return dealers.wholesaleVehicle(ctx, storeId, dealerId, {
        vehicleId: str(form, "vehicleId"),
        priceFen: yuanToFen(str(form, "price")),
        date,
        note: str(form, "note"),
      });
    if (intent === "payment")
      return dealers.recordDealerPayment(ctx, storeId, dealerId, {
        amountFen: yuanToFen(str(form, "amount")),
        method: str(form, "method"),
        reference: str(form, "reference"),
        date,
        note: str(form, "note"),
      });
    return dealers.updateDealer(ctx, storeId, dealerId, {
      version: Number(str(form, "version")),
      name: str(form, "name"),
      contactName: str(form, "contactName"),
      phone: str(form, "phone"),
      creditLimitFen: yuanToFen(str(form, "creditLimit")),
    });
  }, formValues(form));
  if (!r.ok) return r.error;
  return { ok: true as const, intent };
}

export default function DealerPage() {
  const { dealer, entries, pickups, audit, today, stock, storeId, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const cny = useCny();
  const when = useFormatDateTime();
  const busy = useNavigation().state !== "idle";
  const failed = isFormError(result) ? result : undefined;
  const formOf = (intent: string) => (failed && failed.values?.intent === intent ? failed : undefined);
  const moneyField = (f: ReturnType<typeof formOf>, from: string, to: string) =>
    f ? { ...f, fields: { ...f.fields, [to]: f.fields[from] ?? f.fields[to] ?? "" } } : f;
  const ws = formOf("wholesale");
  const pay = formOf("payment");
  const edit = formOf("edit");
  return (
    <>
      <p>
        <Link to={`/app/s/${storeId}/dealers`}>← {t("dealers.back")}</Link>
      </p>
      <h1>{dealer.name}</h1>
      <p className="muted">
        {dealer.contactName} · <a href={`tel:${dealer.phone}`}>{dealer.phone}</a>
        {dealer.note ? ` · ${dealer.note}` : ""}
      </p>
      <div className="stats">
        <div>
          {t("dealers.balance")}
          <b data-testid="dealer-balance">{cny(dealer.balanceFen)}</b>
        </div>
        <div>
          {t("dealers.creditLimit")}
          <b>{cny(dealer.creditLimitFen)}</b>
        </div>
        <div>
          {t("dealers.vehicles")}
          <b>{dealer.vehicles}</b>
        </div>
        <div>
          {t("dealers.paidTotal")}
          <b>{cny(dealer.paidFen)}</b>
        </div>
      </div>
      {result && !isFormError(result) ? <div className="banner ok">{t("dealers.saved")}</div> : null}
      <div className="card">
        <h2>{t("dealers.wholesale")}</h2>
        {stock.length ? (
          <Form method="post" data-testid="wholesale-form">
            {ws ? <ErrorBanner data={ws} /> : null}
            <input type="hidden" name="intent" value="wholesale" />
            <Field name="vehicleId" label={t("dealers.vehicle")} form={ws}>
              <select id="f-vehicleId" name="vehicleId" defaultValue={ws?.values?.vehicleId}>
                {stock.map((v) => (
                  <option key={v.vehicleId} value={v.vehicleId}>
                    {v.label}
                  </option>
                ))}
              </select>
            </Field>
            <Field
              name="price"
              label={t("dealers.price")}
              form={moneyField(ws, "priceFen", "price")}
              inputMode="numeric"
              required
            />
            <Field
              name="date"
              label={t("dealers.date")}
              form={ws}
              type="date"
              defaultValue={ws?.values?.date ?? today}
            />
            <p className="muted">{t("dealers.dateHint")}</p>
            <button type="submit" disabled={busy}>
              {t("dealers.doWholesale")}
            </button>
          </Form>
        ) : (
          <p className="muted">{t("dealers.noStock")}</p>
        )}
      </div>
      <div className="card">
        <h2>{t("dealers.payment")}</h2>
        <Form method="post" data-testid="payment-form">
          {pay ? <ErrorBanner data={pay} /> : null}
          <input type="hidden" name="intent" value="payment" />
          <Field
            name="amount"
            label={t("dealers.amount")}
            form={moneyField(pay, "amountFen", "amount")}
            inputMode="numeric"
            required
          />
          <Field name="method" label={t("dealers.method")} form={pay}>
            <select id="f-method" name="method" defaultValue={pay?.values?.method ?? "bank_transfer"}>
              {DEALER_PAYMENT_METHODS.map((m) => (
                <option key={m} value={m}>
                  {t(`dealers.method.${m}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field name="reference" label={t("dealers.reference")} form={pay} maxLength={60} required />
          <Field
            name="date"
            label={t("dealers.date")}
            form={pay}
            type="date"
            defaultValue={pay?.values?.date ?? today}
          />
          <button type="submit" disabled={busy}>
            {t("dealers.record")}
          </button>
        </Form>
      </div>
      <h2>{t("dealers.ledger")}</h2>
      {entries.length ? (
        <table className="responsive" data-testid="dealer-ledger">
          <thead>
            <tr>
              <th>{t("dealers.col.date")}</th>
              <th>{t("dealers.col.kind")}</th>
              <th>{t("dealers.col.detail")}</th>
              <th>{t("dealers.col.amount")}</th>
              <th>{t("dealers.col.balance")}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.entryId}>
                <td data-label={t("dealers.col.date")}>{e.date}</td>
                <td data-label={t("dealers.col.kind")}>
                  <span className={e.kind === "payment" ? "pill ok" : "pill"}>{t(`dealers.kind.${e.kind}`)}</span>
                </td>
                <td data-label={t("dealers.col.detail")}>
                  {e.kind === "wholesale" ? (
                    <Link to={`/app/s/${storeId}/v/${e.vehicleId}`}>
                      {e.vin} · {e.vehicleLabel}
                    </Link>
                  ) : (
                    `${e.method ? t(`dealers.method.${e.method}`) : ""} ${e.reference ?? ""}`
                  )}
                </td>
                <td data-label={t("dealers.col.amount")}>
                  {e.kind === "payment" ? "−" : ""}
                  {cny(e.amountFen)}
                </td>
                <td data-label={t("dealers.col.balance")}>{cny(e.balanceFen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="empty">{t("dealers.noEntries")}</p>
      )}
      <h2>{t("dealers.pickups")}</h2>
      {pickups.length ? (
        <table className="responsive" data-testid="dealer-pickups">
          <thead>
            <tr>
              <th>{t("dealers.col.month")}</th>
              <th>{t("dealers.col.vehicles")}</th>
              <th>{t("dealers.col.wholesale")}</th>
              <th>{t("dealers.col.paid")}</th>
            </tr>
          </thead>
          <tbody>
            {pickups.map((p) => (
              <tr key={p.month}>
                <td data-label={t("dealers.col.month")}>{p.month}</td>
                <td data-label={t("dealers.col.vehicles")}>{p.vehicles}</td>
                <td data-label={t("dealers.col.wholesale")}>{cny(p.wholesaleFen)}</td>
                <td data-label={t("dealers.col.paid")}>{cny(p.paidFen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="empty">{t("dealers.noEntries")}</p>
      )}
      <details className="card">
        <summary>{t("dealers.edit")}</summary>
        <Form method="post">
          {edit ? <ErrorBanner data={edit} /> : null}
          <input type="hidden" name="intent" value="edit" />
          <input type="hidden" name="version" value={dealer.version} />
          <Field name="name" label={t("dealers.name")} form={edit} defaultValue={dealer.name} maxLength={80} />
          <Field
            name="contactName"
            label={t("dealers.contact")}
            form={edit}
            defaultValue={dealer.contactName}
            maxLength={40}
          />
          <Field name="phone" label={t("dealers.phone")} form={edit} defaultValue={dealer.phone} inputMode="tel" />
          <Field
            name="creditLimit"
            label={t("dealers.creditLimit")}
            form={moneyField(edit, "creditLimitFen", "creditLimit")}
            defaultValue={(dealer.creditLimitFen / 100).toFixed(2)}
            inputMode="numeric"
          />
          <button type="submit" disabled={busy}>
            {t("dealers.save")}
          </button>
        </Form>
      </details>
      {audit.length ? (
        <div className="card">
          <h2>{t("dealers.audit")}</h2>
          <ul className="plain">
            {audit.map((a) => (
              <li key={a.id}>
                {when(a.at, timeZone)} · {a.byName} · {a.action}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}
