/**
 * Reception (接车): open a repair order from an appointment (?appointmentId=) or
 * for a walk-in customer found by name, mobile, plate or VIN — mileage, fuel
 * level, the customer's concerns, walk-around damage notes, items left in the
 * car, a first diagnosis. Photos are added on the repair order page.
 */
import { FUEL_EIGHTHS_MAX } from "@dealeros/core";
import { customers, repairOrders } from "@dealeros/services";
import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useT } from "../lib/i18n";
import { ErrorBanner, Field, isFormError } from "../lib/ui";
import styles from "../styles/repair.css?url";

const FUEL_LEVELS = Array.from({ length: FUEL_EIGHTHS_MAX + 1 }, (_, i) => i);

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const url = new URL(request.url);
  const get = (k: string) => url.searchParams.get(k)?.trim() ?? "";
  const storeId = params.storeId!;
  return orNotFound(async () => {
    const appointmentId = get("appointmentId");
    if (appointmentId) {
      const appt = await repairOrders.appointmentForReception(ctx, storeId, appointmentId);
      if (appt.repairOrderId) throw redirect(`/app/s/${storeId}/ro/${appt.repairOrderId}`);
      return { storeId, appointment: appt, customer: appt.customer, q: "", results: undefined };
    }
    const q = get("q");
    const customerId = get("customerId");
    const [found, customer] = await Promise.all([
      q && !customerId ? customers.searchCustomers(ctx, storeId, { q, limit: 20 }) : undefined,
      customerId ? repairOrders.receptionCustomer(ctx, storeId, customerId) : undefined,
    ]);
    return {
      storeId,
      appointment: undefined,
      customer,
      q,
      results: found?.items.map((c) => ({
        customerId: c.customerId,
        name: c.name,
        mobile: c.mobile,
        vehicles: c.vehicles.map((v) => v.plate ?? v.label).join(" · "),
      })),
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const num = (k: string) => {
    const v = str(form, k)?.trim();
    return v && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v || undefined;
  };
  const appointmentId = str(form, "appointmentId") || undefined;
  const input = {
    ...(appointmentId
      ? { appointmentId }
      : { customerId: str(form, "customerId") || undefined, vin: str(form, "vin") || undefined }),
    mileageKm: num("mileageKm"),
    fuelEighths: num("fuelEighths"),
    concerns: str(form, "concerns") ?? "",
    damageNotes: str(form, "damageNotes") || undefined,
    itemsLeft: str(form, "itemsLeft") || undefined,
    diagnosis: str(form, "diagnosis") || undefined,
  };
  const r = await attempt(() => repairOrders.createRepairOrder(ctx, params.storeId!, input), formValues(form));
  if (!r.ok) return r.error;
  throw redirect(`/app/s/${params.storeId}/ro/${r.value.repairOrderId}`);
}

export default function NewRepairOrder() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = isFormError(result) ? result : undefined;
  const location = useLocation();
  const base = `/app/s/${data.storeId}`;
  const c = data.customer;
  const vin = err?.values?.vin ?? data.appointment?.vin ?? c?.vehicles[0]?.vin;
  return (
    <>
      <p>
        <Link to={`${base}/ro`}>← {t("ro.back")}</Link>
      </p>
      <h2 style={{ marginTop: 0 }}>{t("ro.reception")}</h2>
      {!data.appointment && !c ? (
        <div className="card">
          <Form method="get" className="row">
            <input
              name="q"
              defaultValue={data.q}
              aria-label={t("ro.findCustomer")}
              placeholder={t("ro.findCustomer")}
              style={{ flex: 1, minWidth: 0 }}
            />
            <button type="submit">{t("ro.search")}</button>
          </Form>
          {data.results ? (
            data.results.length ? (
              <ul className="plain" data-testid="ro-customers">
                {data.results.map((r) => (
                  <li key={r.customerId}>
                    <Link to={`?customerId=${r.customerId}`}>{r.name}</Link>{" "}
                    <span className="muted">
                      {r.mobile ?? ""} · {r.vehicles}
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t("ro.noCustomer")}</p>
            )
          ) : null}
          <p>
            <Link to={`${base}/customers/new?back=${encodeURIComponent(location.pathname + location.search)}`}>
              {t("ro.newCustomer")}
            </Link>
          </p>
        </div>
      ) : null}
      {c ? (
        <Form method="post" className="card ro-inline" data-testid="ro-reception">
          <ErrorBanner data={result} />
          {data.appointment ? (
            <>
              <p>
                <strong>
                  {t("ro.fromAppointment", {
                    name: c.name,
                    vehicle: c.vehicles.find((v) => v.vin === data.appointment?.vin)?.label ?? data.appointment.vin,
                  })}
                </strong>
              </p>
              <input type="hidden" name="appointmentId" value={data.appointment.appointmentId} />
            </>
          ) : (
            <>
              <p>
                <strong>{c.name}</strong> <span className="muted">{c.mobile ?? ""}</span>
              </p>
              <input type="hidden" name="customerId" value={c.customerId} />
              <fieldset>
                <legend>{t("ro.chooseVehicle")}</legend>
                {c.vehicles.map((v) => (
                  <label key={v.vin} className="row">
                    <input type="radio" name="vin" value={v.vin} defaultChecked={v.vin === vin} />
                    <span>
                      {v.plate ?? ""} {v.label} <span className="muted">{v.vin}</span>
                      {v.lastKm ? <span className="muted"> · {t("ro.lastKm", { km: v.lastKm })}</span> : null}
                    </span>
                  </label>
                ))}
                {err?.fields.vin ? <span className="field-error">{err.fields.vin}</span> : null}
              </fieldset>
            </>
          )}
          <div className="grid2">
            <Field
              name="mileageKm"
              label={`${t("ro.mileage")}${
                (c.vehicles.find((v) => v.vin === vin)?.lastKm ?? 0)
                  ? ` (${t("ro.lastKm", { km: c.vehicles.find((v) => v.vin === vin)?.lastKm ?? 0 })})`
                  : ""
              }`}
              type="number"
              inputMode="numeric"
              min={0}
              required
              form={err}
            />
            <Field name="fuelEighths" label={t("ro.fuel")} form={err}>
              <select id="f-fuelEighths" name="fuelEighths" defaultValue={err?.values?.fuelEighths ?? "4"}>
                {FUEL_LEVELS.map((n) => (
                  <option key={n} value={n}>
                    {t("ro.fuelValue", { n })}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <Field name="concerns" label={t("ro.concerns")} form={err}>
            <textarea
              id="f-concerns"
              name="concerns"
              rows={3}
              required
              defaultValue={err?.values?.concerns ?? data.appointment?.concern ?? ""}
            />
          </Field>
          <Field name="damageNotes" label={t("ro.damage")} form={err}>
            <textarea id="f-damageNotes" name="damageNotes" rows={2} defaultValue={err?.values?.damageNotes} />
          </Field>
          <Field name="itemsLeft" label={t("ro.itemsLeft")} form={err} />
          <Field name="diagnosis" label={t("ro.diagnosis")} form={err}>
            <textarea id="f-diagnosis" name="diagnosis" rows={2} defaultValue={err?.values?.diagnosis} />
          </Field>
          <button type="submit" data-testid="ro-create">
            {t("ro.create")}
          </button>
        </Form>
      ) : null}
    </>
  );
}
