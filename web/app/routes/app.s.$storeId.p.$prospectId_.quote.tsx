/**
 * The quote form (报价): trim and colour from the catalogue, optionally one stock
 * vehicle of the trim, yuan amounts (converted to fen in this action), accessory
 * and insurance rows, loan and trade-in. The browser previews the totals; the
 * server computes the quote. `?from=<quoteId>` copies a quote of the same card.
 */
import { computeQuoteTotals, type QuoteMoneyInput, type QuoteTotals } from "@dealeros/core";
import { quotes } from "@dealeros/services";
import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useParams } from "@remix-run/react";
import { type FormEvent, useEffect, useMemo, useState } from "react";
import { fenToYuanText, MAX_ROWS, type ReadQuoteForm, readQuoteForm, toFormField } from "../components/quote-form-read";
import { useYuan } from "../components/quote-ui";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { orDenied } from "../lib/deals.server";
import { type ActionError, attempt, formValues, str } from "../lib/forms.server";
import { useT } from "../lib/i18n";
import { ErrorBanner, Field, isFormError } from "../lib/ui";
import styles from "../styles/deals.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const from = new URL(request.url).searchParams.get("from") ?? undefined;
  return orDenied(() => quotes.quoteFormData(ctx, params.storeId!, params.prospectId!, from));
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const values = formValues(form);
  const read = readQuoteForm((name) => str(form, name));
  if (Object.keys(read.errors).length)
    return data<ActionError>(
      {
        ok: false,
        message: Object.values(read.errors)[0]!,
        code: "validation_failed",
        fields: read.errors,
        values,
      },
      { status: 400 },
    );
  const r = await attempt(() => quotes.createQuote(ctx, params.storeId!, params.prospectId!, read.input), values);
  if (!r.ok) {
    const body = r.error.data;
    const fields = Object.fromEntries(Object.entries(body.fields).map(([k, v]) => [toFormField(k, read.rowOf), v]));
    return data<ActionError>({ ...body, fields }, r.error.init ?? undefined);
  }
  return redirect(`/app/s/${params.storeId}/q/${r.value.quoteId}`);
}

type Prefill = Record<string, string>;

/** The form's starting values: what was typed (after an error), a copied quote, or nothing. */
function prefillOf(
  values: Record<string, string> | undefined,
  copy: ReturnType<typeof useLoaderData<typeof loader>>["copy"],
): Prefill {
  if (values) return values;
  if (!copy) return {};
  const p: Prefill = {
    "vehicle.trim": `${copy.vehicle.modelCode}/${copy.vehicle.trimCode}`,
    "vehicle.colourCode": copy.vehicle.colourCode ?? "",
    listPriceFen: fenToYuanText(copy.listPriceFen),
    discountFen: fenToYuanText(copy.discountFen),
    depositFen: fenToYuanText(copy.depositFen),
    note: copy.note ?? "",
  };
  copy.accessories.forEach((a, i) => {
    p[`accessories.${i}.name`] = a.name;
    p[`accessories.${i}.priceFen`] = fenToYuanText(a.priceFen);
  });
  copy.insurance.forEach((a, i) => {
    p[`insurance.${i}.name`] = a.name;
    p[`insurance.${i}.priceFen`] = fenToYuanText(a.priceFen);
  });
  if (copy.finance) {
    p["finance.on"] = "on";
    p["finance.lender"] = copy.finance.lender;
    p["finance.downPaymentFen"] = fenToYuanText(copy.finance.downPaymentFen);
    p["finance.termMonths"] = String(copy.finance.termMonths);
    p["finance.annualRateBp"] = (copy.finance.annualRateBp / 100).toFixed(2);
  }
  if (copy.tradeIn) {
    p["tradeIn.on"] = "on";
    p["tradeIn.description"] = copy.tradeIn.description;
    p["tradeIn.plate"] = copy.tradeIn.plate ?? "";
    p["tradeIn.vin"] = copy.tradeIn.vin ?? "";
    p["tradeIn.appraisalFen"] = fenToYuanText(copy.tradeIn.appraisalFen);
  }
  return p;
}

let rowKey = 0;
function rowsOf(p: Prefill, kind: "accessories" | "insurance", blank: number): { key: number; row: number }[] {
  const used = Object.keys(p)
    .map((k) => new RegExp(`^${kind}\\.(\\d+)\\.`).exec(k))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => Number(m[1]));
  const count = Math.min(MAX_ROWS[kind], (used.length ? Math.max(...used) + 1 : 0) + blank);
  return Array.from({ length: count }, (_, row) => ({ key: rowKey++, row }));
}

export default function QuoteForm() {
  const { card, brands, stock, limitFen, copy } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = isFormError(result) ? result : undefined;
  const t = useT();
  const yuan = useYuan();
  const busy = useNavigation().state !== "idle";
  const p = useMemo(() => prefillOf(err?.values, copy), [err?.values, copy]);
  const trims = brands.flatMap((b) =>
    b.models.flatMap((m) =>
      m.trims.map((tr) => ({ value: `${m.code}/${tr.code}`, brand: b.name, model: m, trim: tr })),
    ),
  );
  const [trimValue, setTrimValue] = useState(p["vehicle.trim"] ?? trims[0]?.value ?? "");
  const [finance, setFinance] = useState(!!p["finance.on"]);
  const [tradeIn, setTradeIn] = useState(!!p["tradeIn.on"]);
  const [accessories, setAccessories] = useState(() => rowsOf(p, "accessories", copy || err ? 1 : 2));
  const [insurance, setInsurance] = useState(() => rowsOf(p, "insurance", 1));
  const [preview, setPreview] = useState<QuoteTotals | null>(null);
  const chosen = trims.find((x) => x.value === trimValue) ?? trims[0];
  const vehicles = stock.filter((v) => chosen && v.modelCode === chosen.model.code && v.trimCode === chosen.trim.code);
  const f = err?.fields ?? {};
  const base = `/app/s/${useParams().storeId}`;
  // without JavaScript every fieldset stays open; with it, loan and trade-in open with their box
  const [js, setJs] = useState(false);
  useEffect(() => setJs(true), []);

  function onChange(e: FormEvent<HTMLFormElement>) {
    const fd = new FormData(e.currentTarget);
    const read: ReadQuoteForm = readQuoteForm((n) => {
      const v = fd.get(n);
      return typeof v === "string" ? v : undefined;
    });
    const i = read.input as {
      listPriceFen?: number;
      discountFen: number;
      accessories: { priceFen: number }[];
      insurance: { priceFen: number }[];
      finance?: QuoteMoneyInput["finance"];
      tradeIn?: QuoteMoneyInput["tradeIn"];
      depositFen: number;
    };
    if (Object.keys(read.errors).length || !chosen) return setPreview(null);
    setPreview(
      computeQuoteTotals(
        {
          listPriceFen: i.listPriceFen ?? chosen.trim.msrp,
          discountFen: i.discountFen,
          accessories: i.accessories.map((a) => ({ name: "", priceFen: a.priceFen })),
          insurance: i.insurance.map((a) => ({ name: "", priceFen: a.priceFen })),
          ...(i.finance ? { finance: i.finance } : {}),
          ...(i.tradeIn ? { tradeIn: i.tradeIn } : {}),
          depositFen: i.depositFen,
        },
        { unchecked: true },
      ),
    );
  }

  const money = (name: string, label: string) => (
    <Field name={name} label={label} error={f[name]}>
      <input
        id={`f-${name}`}
        name={name}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        defaultValue={p[name] ?? ""}
        aria-invalid={f[name] ? true : undefined}
      />
    </Field>
  );

  const lineRows = (
    kind: "accessories" | "insurance",
    rows: { key: number; row: number }[],
    set: (r: { key: number; row: number }[]) => void,
  ) => (
    <>
      {rows.map((r, i) => (
        <div className="deals-line" key={r.key} data-testid={`${kind}-row`}>
          <Field name={`${kind}.${i}.name`} label={t("deals.lineName")} error={f[`${kind}.${i}.name`]}>
            <input
              id={`f-${kind}.${i}.name`}
              name={`${kind}.${i}.name`}
              maxLength={80}
              defaultValue={p[`${kind}.${r.row}.name`] ?? ""}
            />
          </Field>
          <Field name={`${kind}.${i}.priceFen`} label={t("deals.linePrice")} error={f[`${kind}.${i}.priceFen`]}>
            <input
              id={`f-${kind}.${i}.priceFen`}
              name={`${kind}.${i}.priceFen`}
              inputMode="decimal"
              autoComplete="off"
              defaultValue={p[`${kind}.${r.row}.priceFen`] ?? ""}
            />
          </Field>
          <button type="button" className="secondary small" onClick={() => set(rows.filter((x) => x.key !== r.key))}>
            {t("deals.removeLine")}
          </button>
        </div>
      ))}
      {rows.length < MAX_ROWS[kind] ? (
        <button
          type="button"
          className="secondary small"
          onClick={() => set([...rows, { key: rowKey++, row: -1 }])}
          data-testid={`add-${kind}`}
        >
          {t("deals.addLine")}
        </button>
      ) : null}
    </>
  );

  return (
    <>
      <p>
        <Link to={`${base}/p/${card.prospectId}`}>← {card.name}</Link>
      </p>
      <h2>{t("deals.quoteFor", { name: card.name })}</h2>
      {copy ? <div className="banner ok">{t("deals.copyOf", { date: copy.createdAt.slice(0, 10) })}</div> : null}
      <ErrorBanner data={result} />
      {trims.length === 0 ? (
        <p className="empty">{t("deals.noCatalogue")}</p>
      ) : (
        <Form method="post" className="stack" onChange={onChange} data-testid="quote-form">
          <fieldset className="deals-box">
            <legend>{t("deals.vehicle")}</legend>
            <div className="grid2">
              <Field
                name="vehicle.trim"
                label={t("deals.trim")}
                error={f["vehicle.trimCode"] ?? f["vehicle.modelCode"]}
              >
                <select
                  id="f-vehicle.trim"
                  name="vehicle.trim"
                  value={trimValue}
                  onChange={(e) => setTrimValue(e.target.value)}
                >
                  {trims.map((x) => (
                    <option key={x.value} value={x.value}>
                      {x.brand} · {x.model.name} {x.trim.name} · {yuan(x.trim.msrp)}
                    </option>
                  ))}
                </select>
              </Field>
              <Field name="vehicle.colourCode" label={t("deals.colour")} error={f["vehicle.colourCode"]}>
                <select
                  id="f-vehicle.colourCode"
                  name="vehicle.colourCode"
                  key={`c-${trimValue}`}
                  defaultValue={p["vehicle.colourCode"] ?? ""}
                >
                  <option value="">{t("deals.anyColour")}</option>
                  {chosen?.trim.colours.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
            <Field name="vehicle.vehicleId" label={t("deals.stockVehicle")} error={f["vehicle.vehicleId"]}>
              <select
                id="f-vehicle.vehicleId"
                name="vehicle.vehicleId"
                key={`v-${trimValue}`}
                defaultValue={p["vehicle.vehicleId"] ?? ""}
              >
                <option value="">{t("deals.noStockVehicle")}</option>
                {vehicles.map((v) => (
                  <option key={v.vehicleId} value={v.vehicleId}>
                    {v.vin} · {v.colourName}
                  </option>
                ))}
              </select>
            </Field>
          </fieldset>

          <fieldset className="deals-box">
            <legend>{t("deals.t.vehicle")}</legend>
            <div className="grid2">
              {money("listPriceFen", t("deals.listPrice", { msrp: chosen ? yuan(chosen.trim.msrp) : "—" }))}
              {money("discountFen", t("deals.discount"))}
            </div>
            <p className="muted" data-testid="discount-limit">
              {limitFen === null ? t("deals.noLimit") : t("deals.yourLimit", { limit: yuan(limitFen) })}
            </p>
          </fieldset>

          <fieldset className="deals-box">
            <legend>{t("deals.accessories")}</legend>
            {lineRows("accessories", accessories, setAccessories)}
          </fieldset>
          <fieldset className="deals-box">
            <legend>{t("deals.insurance")}</legend>
            {lineRows("insurance", insurance, setInsurance)}
          </fieldset>

          <fieldset className="deals-box">
            <legend>{t("deals.finance")}</legend>
            <div className="checks">
              <label>
                <input
                  type="checkbox"
                  name="finance.on"
                  defaultChecked={finance}
                  onChange={(e) => setFinance(e.target.checked)}
                />
                {t("deals.withFinance")}
              </label>
            </div>
            <div className="grid2" style={js && !finance ? { display: "none" } : undefined}>
              <Field
                name="finance.lender"
                label={t("deals.lender")}
                maxLength={60}
                defaultValue={p["finance.lender"]}
                error={f["finance.lender"]}
              />
              {money("finance.downPaymentFen", t("deals.downPayment"))}
              <Field name="finance.termMonths" label={t("deals.term")} error={f["finance.termMonths"]}>
                <input
                  id="f-finance.termMonths"
                  name="finance.termMonths"
                  inputMode="numeric"
                  list="deals-terms"
                  defaultValue={p["finance.termMonths"] ?? "36"}
                />
              </Field>
              <datalist id="deals-terms">
                {[12, 24, 36, 48, 60].map((n) => (
                  <option key={n} value={n} />
                ))}
              </datalist>
              <Field name="finance.annualRateBp" label={t("deals.rate")} error={f["finance.annualRateBp"]}>
                <input
                  id="f-finance.annualRateBp"
                  name="finance.annualRateBp"
                  inputMode="decimal"
                  defaultValue={p["finance.annualRateBp"] ?? ""}
                  placeholder="4.99"
                />
              </Field>
            </div>
          </fieldset>

          <fieldset className="deals-box">
            <legend>{t("deals.tradeIn")}</legend>
            <div className="checks">
              <label>
                <input
                  type="checkbox"
                  name="tradeIn.on"
                  defaultChecked={tradeIn}
                  onChange={(e) => setTradeIn(e.target.checked)}
                />
                {t("deals.withTradeIn")}
              </label>
            </div>
            <div className="grid2" style={js && !tradeIn ? { display: "none" } : undefined}>
              <Field
                name="tradeIn.description"
                label={t("deals.tradeInDescription")}
                maxLength={120}
                defaultValue={p["tradeIn.description"]}
                error={f["tradeIn.description"]}
              />
              <Field
                name="tradeIn.plate"
                label={t("deals.plate")}
                maxLength={12}
                defaultValue={p["tradeIn.plate"]}
                error={f["tradeIn.plate"]}
              />
              <Field
                name="tradeIn.vin"
                label={t("deals.vin")}
                maxLength={40}
                defaultValue={p["tradeIn.vin"]}
                error={f["tradeIn.vin"]}
              />
              {money("tradeIn.appraisalFen", t("deals.appraisal"))}
            </div>
          </fieldset>

          <div className="grid2">
            {money("depositFen", t("deals.deposit"))}
            <Field name="validDays" label={t("deals.validDays")} error={f.validDays}>
              <input
                id="f-validDays"
                name="validDays"
                type="number"
                inputMode="numeric"
                min={1}
                max={90}
                defaultValue={p.validDays ?? "7"}
              />
            </Field>
          </div>
          <Field name="note" label={t("deals.note")} maxLength={500} defaultValue={p.note} error={f.note} />

          {preview ? (
            <div className="card deals-preview" data-testid="quote-preview">
              <div className="muted">{t("deals.preview")}</div>
              <div className="row">
                <span>
                  {t("deals.t.total")} <strong>{yuan(preview.totalFen)}</strong>
                </span>
                <span>
                  {t("deals.t.payable")} <strong>{yuan(preview.payableFen)}</strong>
                </span>
                {preview.loanFen ? (
                  <span>
                    {t("deals.t.monthly")} <strong>{yuan(preview.monthlyPaymentFen)}</strong>
                  </span>
                ) : null}
              </div>
            </div>
          ) : null}
          <button type="submit" disabled={busy} data-testid="make-quote">
            {t("deals.submit")}
          </button>
        </Form>
      )}
    </>
  );
}
