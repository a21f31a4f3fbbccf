import { AGING_BUCKETS, localDate, VEHICLE_START_STATUSES, VEHICLE_STATUSES } from "@dealeros/core";
import { inventory } from "@dealeros/services";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, redirect, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useFormatTime, useT } from "../lib/i18n";
import { AgingChart, useMoney } from "../lib/inventory";
import { ErrorBanner, Field, isFormError } from "../lib/ui";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const status = new URL(request.url).searchParams.get("status") || undefined;
  return orNotFound(async () => {
    const [aging, list, catalogue, pos] = await Promise.all([
      inventory.getAging(ctx, params.storeId!),
      inventory.listVehicles(ctx, params.storeId!, status ? { status } : {}),
      inventory.getCatalogue(ctx),
      inventory.listPurchaseOrders(ctx, params.storeId!),
    ]);
    const canEdit = inventory.INVENTORY_EDITORS.some((r) => ctx.actor.roles.includes(r));
    const options = catalogue.brands.flatMap((b) =>
      b.models.flatMap((m) =>
        m.trims.flatMap((t) =>
          t.colours.map((c) => ({
            value: `${m.code}|${t.code}|${c.code}`,
            label: `${m.name} ${t.name} — ${c.name}`,
          })),
        ),
      ),
    );
    return {
      aging,
      vehicles: list.vehicles,
      openLines: pos.openLines,
      status: status ?? "",
      canEdit,
      options,
      storeId: params.storeId!,
    };
  });
}

/** yuan as typed ("198000" or "198,000.50") → fen; anything else is passed on for the server's message */
function toFen(v: string | undefined): unknown {
  const n = Number((v ?? "").replace(/[,\s¥]/g, ""));
  return v && Number.isFinite(n) ? Math.round(n * 100) : v;
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const [modelCode, trimCode, colourCode] = (str(form, "trim") ?? "").split("|");
  if (str(form, "intent") === "po") {
    const po = await attempt(
      () =>
        inventory.raisePurchaseOrder(ctx, params.storeId!, {
          lines: [{ modelCode, trimCode, colourCode, quantity: Number(str(form, "quantity")) }],
          note: str(form, "note"),
        }),
      formValues(form),
    );
    return po.ok ? { ok: true as const, po: true } : po.error;
  }
  const [poId, poLine] = (str(form, "poLine") ?? "").split("#");
  const r = await attempt(
    () =>
      inventory.registerVehicle(ctx, params.storeId!, {
        vin: str(form, "vin") ?? "",
        engineNumber: str(form, "engineNumber") ?? "",
        modelCode: modelCode ?? "",
        trimCode: trimCode ?? "",
        colourCode: colourCode ?? "",
        purchaseCost: toFen(str(form, "purchaseCost")),
        status: str(form, "status"),
        ...(poId && poLine ? { poId, poLine: Number(poLine) } : {}),
        note: str(form, "note"),
      }),
    formValues(form),
  );
  if (!r.ok) return r.error;
  return redirect(`/app/s/${params.storeId}/v/${r.value.vehicleId}`);
}

export default function Inventory() {
  const { aging, vehicles, openLines, status, canEdit, options, storeId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = isFormError(result) ? result : undefined;
  const poForm = errors?.values?.intent === "po" ? errors : undefined;
  const form = poForm ? undefined : errors;
  const t = useT();
  const money = useMoney();
  const time = useFormatTime();
  const busy = useNavigation().state !== "idle";
  const { summary } = aging;
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return (
    <>
      <h1>{t("inventory.title")}</h1>
      <p className="muted">{t("inventory.asOf", { date: localDate(aging.asOf, aging.timeZone) })}</p>
      <div className="stats" data-testid="aging-stats">
        <div>
          <b>{summary.total.total.count}</b>
          {t("inventory.onLot")}
        </div>
        <div>
          <b>{money(summary.total.total.value)}</b>
          {t("inventory.stockValue")}
        </div>
        <div>
          <b className={summary.agedShare.count > 0.2 ? "err-text" : undefined} data-testid="aged-share">
            {pct(summary.agedShare.count)}
          </b>
          {t("inventory.agedShare")} · {money(summary.total.aged.value)} ({pct(summary.agedShare.value)})
        </div>
      </div>
      <p className="muted">{t("inventory.agedHint")}</p>
      {summary.byModel.length ? (
        <div className="card">
          <AgingChart summary={summary} />
          <table className="responsive" data-testid="aging-table">
            <thead>
              <tr>
                <th>{t("inventory.model")}</th>
                {AGING_BUCKETS.map((b) => (
                  <th key={b}>{t("inventory.bucket", { b })}</th>
                ))}
                <th>{t("inventory.total")}</th>
              </tr>
            </thead>
            <tbody>
              {[...summary.byModel, { ...summary.total, label: t("inventory.total") }].map((r) => (
                <tr key={r.key}>
                  <td data-label={t("inventory.model")}>
                    <b>{r.label}</b>
                  </td>
                  {AGING_BUCKETS.map((b) => (
                    <td key={b} data-label={t("inventory.bucket", { b })}>
                      {r.buckets[b].count} · {money(r.buckets[b].value)}
                    </td>
                  ))}
                  <td data-label={t("inventory.total")}>
                    {r.total.count} · {money(r.total.value)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="empty">{t("inventory.none")}</p>
      )}

      {aging.vehicles.length ? (
        <div className="card">
          <h2>{t("inventory.stock")}</h2>
          <ul className="plain" data-testid="stock-list">
            {aging.vehicles.map((v) => (
              <li key={v.vehicleId} className="spread">
                <span>
                  <Link to={`/app/s/${storeId}/v/${v.vehicleId}`}>{v.vin}</Link> · {v.modelName} {v.trimName} ·{" "}
                  {v.colourName}
                  <br />
                  <span className="muted">
                    {t(`inventory.status.${v.status}`)} · {money(v.purchaseCost)}
                  </span>
                  {v.keyOut ? (
                    <>
                      <br />
                      <span className={v.keyOverdue ? "pill warn" : "pill"} data-testid="key-out">
                        {v.keyOverdue
                          ? t("inventory.keysOverdue", { n: aging.keyOutMinutes })
                          : t("inventory.keysOut", { name: v.keyOut.name, at: time(v.keyOut.at, aging.timeZone) })}
                        {v.keyOverdue ? ` · ${v.keyOut.name}` : ""}
                      </span>
                    </>
                  ) : null}
                </span>
                <span className={(v.daysInStock ?? 0) > 60 ? "pill warn" : "pill"}>
                  {t("inventory.days")} {v.daysInStock}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <div className="card">
        <div className="spread">
          <h2>{t("inventory.allVehicles")}</h2>
          <Form method="get" className="row">
            <select name="status" defaultValue={status} aria-label={t("inventory.filter")}>
              <option value="">{t("inventory.any")}</option>
              {VEHICLE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`inventory.status.${s}`)}
                </option>
              ))}
            </select>
            <button type="submit" className="secondary">
              {t("inventory.show")}
            </button>
          </Form>
        </div>
        <ul className="plain" data-testid="vehicle-list">
          {vehicles.map((v) => (
            <li key={v.vehicleId} className="spread">
              <span>
                <Link to={`/app/s/${storeId}/v/${v.vehicleId}`}>{v.vin}</Link> · {v.modelName} {v.trimName}
                {v.checkDigit === "not_used" ? (
                  <span className="pill warn"> {t("inventory.checkDigitNotUsed")}</span>
                ) : null}
              </span>
              <span className="pill">{t(`inventory.status.${v.status}`)}</span>
            </li>
          ))}
        </ul>
      </div>

      <div className="card" data-testid="open-po-lines">
        <h2>{t("inventory.openPoLines")}</h2>
        {openLines.length ? (
          <ul className="plain">
            {openLines.map((l) => (
              <li key={`${l.poId}-${l.lineNo}`} className="spread">
                <span>
                  {l.modelName} {l.trimName} · {l.colourName}
                  <br />
                  <span className="muted">
                    PO {l.poId.slice(-6)} #{l.lineNo} · {localDate(l.createdAt, aging.timeZone)}
                  </span>
                </span>
                <span className="pill">{t("inventory.received", { r: l.received, q: l.quantity })}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("inventory.noOpenPo")}</p>
        )}
        {canEdit && options.length ? (
          <Form method="post" className="stack" data-testid="raise-po">
            <h3>{t("inventory.raisePo")}</h3>
            {poForm ? <ErrorBanner data={result} /> : null}
            <input type="hidden" name="intent" value="po" />
            <Field name="trim" label={t("inventory.trim")} form={poForm} error={poForm?.fields["lines.0"]}>
              <select id="f-po-trim" name="trim" defaultValue={poForm?.values?.trim}>
                {options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </Field>
            <Field
              name="quantity"
              label={t("inventory.quantity")}
              form={poForm}
              error={poForm?.fields["lines.0.quantity"]}
              type="number"
              min={1}
              max={200}
              defaultValue={1}
            />
            <button type="submit" disabled={busy}>
              {t("inventory.raisePo")}
            </button>
          </Form>
        ) : null}
      </div>

      {canEdit ? (
        <div className="card">
          <h2>{t("inventory.register")}</h2>
          {options.length === 0 ? (
            <p>
              {t("inventory.noCatalogue")} <Link to="/app/catalogue">{t("inventory.catalogue")}</Link>
            </p>
          ) : (
            <Form method="post" className="stack" data-testid="register-vehicle">
              <ErrorBanner data={result} />
              <Field name="vin" label={t("inventory.vin")} form={form} required maxLength={40} />
              <Field name="engineNumber" label={t("inventory.engineNumber")} form={form} required maxLength={30} />
              <Field
                name="trim"
                label={t("inventory.trim")}
                form={form}
                error={form?.fields.trimCode ?? form?.fields.colourCode}
              >
                <select id="f-trim" name="trim" defaultValue={form?.values?.trim}>
                  {options.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              </Field>
              <Field name="purchaseCost" label={t("inventory.purchaseCost")} form={form} required inputMode="numeric" />
              <Field name="status" label={t("inventory.startStatus")} form={form}>
                <select id="f-status" name="status" defaultValue={form?.values?.status ?? "on_order"}>
                  {VEHICLE_START_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {t(`inventory.status.${s}`)}
                    </option>
                  ))}
                </select>
              </Field>
              {openLines.length ? (
                <Field name="poLine" label={t("inventory.poLine")} form={form}>
                  <select id="f-poLine" name="poLine" defaultValue={form?.values?.poLine ?? ""}>
                    <option value="">—</option>
                    {openLines.map((l) => (
                      <option key={`${l.poId}#${l.lineNo}`} value={`${l.poId}#${l.lineNo}`}>
                        PO {l.poId.slice(-6)} #{l.lineNo} · {l.modelName} {l.trimName} · {l.colourName}
                      </option>
                    ))}
                  </select>
                </Field>
              ) : null}
              <Field name="note" label={t("inventory.note")} form={form} maxLength={300} />
              <button type="submit" disabled={busy}>
                {t("inventory.save")}
              </button>
            </Form>
          )}
          <p>
            <Link to="/app/catalogue">{t("inventory.catalogue")}</Link>
          </p>
        </div>
      ) : null}
    </>
  );
}
