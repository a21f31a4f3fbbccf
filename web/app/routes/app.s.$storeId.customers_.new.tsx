/**
 * New customer with a vehicle (issue 7): a customer who bought elsewhere or before
 * the system. `?back=<url>` (a page of this store, e.g. the service booking) gets
 * the new customer's id back as `customerId`; otherwise the customer 360 opens.
 */
import { customers } from "@dealeros/services";
import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { CustomerErrorBanner, useFieldErrors } from "../lib/customers";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useT } from "../lib/i18n";
import { Field, isFormError } from "../lib/ui";

/** Only a page of this store may be the way back (no open redirect). */
function safeBack(storeId: string, back: string | null | undefined): string | undefined {
  return back?.startsWith(`/app/s/${storeId}/`) && !back.startsWith("//") && !back.includes("\\") ? back : undefined;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const url = new URL(request.url);
  return orNotFound(async () => {
    const store = ctx.store;
    return {
      storeId: params.storeId!,
      brands: store?.brands ?? [],
      back: safeBack(params.storeId!, url.searchParams.get("back")) ?? "",
    };
  });
}

const num = (v: string | undefined) => (v && v.trim() !== "" ? Number(v.replace(/[,\s]/g, "")) : undefined);

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const opt = (k: string) => str(form, k)?.trim() || undefined;
  const input = {
    name: str(form, "name") ?? "",
    mobile: opt("mobile"),
    birthday: opt("birthday"),
    gender: opt("gender"),
    note: opt("note"),
    vehicle: {
      vin: str(form, "vehicle.vin") ?? "",
      plate: opt("vehicle.plate"),
      brand: str(form, "vehicle.brand") ?? "",
      modelName: str(form, "vehicle.modelName") ?? "",
      trimName: opt("vehicle.trimName"),
      mileageKm: num(opt("vehicle.mileageKm")),
      purchasedOn: opt("vehicle.purchasedOn"),
      insuranceRenewsOn: opt("vehicle.insuranceRenewsOn"),
    },
  };
  const r = await attempt(() => customers.createCustomer(ctx, params.storeId!, input), formValues(form));
  if (!r.ok) return r.error;
  const back = safeBack(params.storeId!, str(form, "back"));
  if (back) throw redirect(`${back}${back.includes("?") ? "&" : "?"}customerId=${r.value.customerId}`);
  throw redirect(`/app/s/${params.storeId}/cu/${r.value.customerId}?created=1`);
}

export default function NewCustomer() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = isFormError(result) ? result : undefined;
  const fe = useFieldErrors(result);
  const v = err?.values ?? {};
  return (
    <div className="card" style={{ maxWidth: 760 }}>
      <h2 style={{ marginTop: 0 }}>{t("customers.newTitle")}</h2>
      <p className="muted">{t("customers.newHint")}</p>
      <CustomerErrorBanner data={result} />
      <Form method="post" className="stack" data-testid="customer-form">
        <input type="hidden" name="back" value={d.back} />
        <div className="grid4">
          <Field name="name" label={t("customers.name")} maxLength={60} required form={err} error={fe("name")} />
          <Field
            name="mobile"
            type="tel"
            inputMode="tel"
            label={t("customers.mobile")}
            maxLength={20}
            form={err}
            error={fe("mobile")}
          />
          <Field
            name="birthday"
            label={t("customers.birthday")}
            placeholder="03-28"
            maxLength={5}
            form={err}
            error={fe("birthday")}
          />
          <Field name="gender" label={t("customers.gender")} form={err}>
            <select id="f-gender" name="gender" defaultValue={v.gender ?? "unknown"}>
              {(["unknown", "male", "female"] as const).map((g) => (
                <option key={g} value={g}>
                  {t(`customers.gender.${g}`)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <h3 style={{ margin: "4px 0" }}>{t("customers.vehicle")}</h3>
        <div className="grid4">
          <Field
            name="vehicle.vin"
            label={t("customers.vin")}
            maxLength={30}
            required
            form={err}
            error={fe("vehicle.vin")}
          />
          <Field
            name="vehicle.plate"
            label={t("customers.plate")}
            placeholder="沪A12345"
            maxLength={12}
            form={err}
            error={fe("vehicle.plate")}
          />
          <Field name="vehicle.brand" label={t("customers.brand")} form={err} error={fe("vehicle.brand")}>
            <input
              id="f-vehicle.brand"
              name="vehicle.brand"
              list="brands"
              defaultValue={v["vehicle.brand"] ?? d.brands[0] ?? ""}
              maxLength={40}
              required
            />
          </Field>
          <Field
            name="vehicle.modelName"
            label={t("customers.model")}
            maxLength={60}
            required
            form={err}
            error={fe("vehicle.modelName")}
          />
          <Field
            name="vehicle.trimName"
            label={t("customers.trim")}
            maxLength={60}
            form={err}
            error={fe("vehicle.trimName")}
          />
          <Field
            name="vehicle.mileageKm"
            inputMode="numeric"
            label={t("customers.mileage")}
            maxLength={9}
            form={err}
            error={fe("vehicle.mileageKm")}
          />
          <Field
            name="vehicle.purchasedOn"
            type="date"
            label={t("customers.purchasedOn")}
            form={err}
            error={fe("vehicle.purchasedOn")}
          />
          <Field
            name="vehicle.insuranceRenewsOn"
            type="date"
            label={t("customers.insuranceRenewsOn")}
            form={err}
            error={fe("vehicle.insuranceRenewsOn")}
          />
        </div>
        <datalist id="brands">
          {d.brands.map((b) => (
            <option key={b} value={b} />
          ))}
        </datalist>
        <Field name="note" label={t("customers.note")} maxLength={500} form={err} error={fe("note")} />
        <div className="row">
          <button type="submit" data-testid="create-customer">
            {t("customers.create")}
          </button>
          <Link to={d.back || `/app/s/${d.storeId}/customers`}>{t("customers.cancel")}</Link>
        </div>
      </Form>
    </div>
  );
}
