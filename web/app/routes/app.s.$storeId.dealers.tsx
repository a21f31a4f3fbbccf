/** Secondary dealers (二级网点) of the store: balances, and adding a dealer. */
import { dealers } from "@dealeros/services";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { useCny, yuanToFen } from "../lib/contracts";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useT } from "../lib/i18n";
import { ErrorBanner, Field, isFormError } from "../lib/ui";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orNotFound(async () => ({ ...(await dealers.listDealers(ctx, params.storeId!)), storeId: params.storeId! }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const r = await attempt(
    () =>
      dealers.createDealer(ctx, params.storeId!, {
        name: str(form, "name"),
        contactName: str(form, "contactName"),
        phone: str(form, "phone"),
        creditLimitFen: yuanToFen(str(form, "creditLimit")),
        note: str(form, "note"),
      }),
    formValues(form),
  );
  if (!r.ok) return r.error;
  return { ok: true as const, dealerId: r.value.dealerId };
}

export default function Dealers() {
  const { dealers: list, totals, storeId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const cny = useCny();
  const busy = useNavigation().state !== "idle";
  const form = isFormError(result) ? result : undefined;
  const fields = form ? { ...form, fields: { ...form.fields, creditLimit: form.fields.creditLimitFen ?? "" } } : form;
  return (
    <>
      <h1>{t("dealers.title")}</h1>
      <p className="muted">{t("dealers.hint")}</p>
      <div className="stats">
        <div>
          {t("dealers.totalBalance")}
          <b data-testid="dealers-balance">{cny(totals.balanceFen)}</b>
        </div>
        <div>
          {t("dealers.totalVehicles")}
          <b>{totals.vehicles}</b>
        </div>
      </div>
      {list.length ? (
        <table className="responsive" data-testid="dealer-list">
          <thead>
            <tr>
              <th>{t("dealers.name")}</th>
              <th>{t("dealers.contact")}</th>
              <th>{t("dealers.vehicles")}</th>
              <th>{t("dealers.balance")}</th>
              <th>{t("dealers.creditLimit")}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((d) => (
              <tr key={d.dealerId}>
                <td data-label={t("dealers.name")}>
                  <Link to={`/app/s/${storeId}/dealers/${d.dealerId}`}>{d.name}</Link>
                </td>
                <td data-label={t("dealers.contact")}>
                  {d.contactName} · <a href={`tel:${d.phone}`}>{d.phone}</a>
                </td>
                <td data-label={t("dealers.vehicles")}>{d.vehicles}</td>
                <td data-label={t("dealers.balance")}>
                  <b>{cny(d.balanceFen)}</b>
                </td>
                <td data-label={t("dealers.creditLimit")}>{cny(d.creditLimitFen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="empty">{t("dealers.none")}</p>
      )}
      <div className="card">
        <h2>{t("dealers.add")}</h2>
        <Form method="post" key={result && !isFormError(result) ? result.dealerId : "new"}>
          <ErrorBanner data={result} />
          <Field name="name" label={t("dealers.name")} form={form} maxLength={80} required />
          <Field name="contactName" label={t("dealers.contact")} form={form} maxLength={40} required />
          <Field name="phone" label={t("dealers.phone")} form={form} inputMode="tel" maxLength={20} required />
          <Field name="creditLimit" label={t("dealers.creditLimit")} form={fields} inputMode="numeric" required />
          <Field name="note" label={t("dealers.note")} form={form} maxLength={300} />
          <button type="submit" disabled={busy}>
            {t("dealers.save")}
          </button>
        </Form>
      </div>
    </>
  );
}
