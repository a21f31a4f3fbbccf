import { INSPECTION_ITEMS, localDate, VEHICLE_TRANSITIONS } from "@dealeros/core";
import { inventory } from "@dealeros/services";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useFormatTime, useT } from "../lib/i18n";
import { useMoney } from "../lib/inventory";
import { ErrorBanner, Field, isFormError } from "../lib/ui";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orNotFound(async () => {
    const v = await inventory.getVehicle(ctx, params.storeId!, params.vehicleId!);
    return { ...v, userId: ctx.actor.userId, storeId: params.storeId! };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const intent = str(form, "intent");
  const version = Number(str(form, "version"));
  const s = params.storeId!;
  const id = params.vehicleId!;
  const r = await attempt(() => {
    if (intent === "take") return inventory.takeKeys(ctx, s, id, { version, reason: str(form, "reason") });
    if (intent === "return") return inventory.returnKeys(ctx, s, id, { version });
    const to = str(form, "to");
    return inventory.transitionVehicle(ctx, s, id, {
      version,
      to,
      ...(to === "arrived"
        ? {
            inspection: {
              items: Object.fromEntries(INSPECTION_ITEMS.map((i) => [i, form.get(`item.${i}`) === "on"])),
              damageNotes: str(form, "damageNotes"),
            },
          }
        : {}),
      ...(to === "wholesaled" ? { buyer: str(form, "buyer") } : {}),
      note: str(form, "note"),
    });
  }, formValues(form));
  if (!r.ok) return r.error;
  return { ok: true as const };
}

export default function VehiclePage() {
  const { vehicle: v, audit, keyLog, canEdit, timeZone, userId, storeId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const form = isFormError(result) ? result : undefined;
  const t = useT();
  const money = useMoney();
  const time = useFormatTime();
  const busy = useNavigation().state !== "idle";
  const stamp = (iso: string) => `${localDate(iso, timeZone)} ${time(iso, timeZone)}`;
  const next = VEHICLE_TRANSITIONS[v.status];
  const onLot = v.status === "arrived" || v.status === "in_stock" || v.status === "allocated";
  return (
    <>
      <p>
        <Link to={`/app/s/${storeId}/inventory`}>← {t("inventory.nav")}</Link>
      </p>
      <div className="spread">
        <h1 data-testid="vehicle-vin">{v.vin}</h1>
        <span className="pill" data-testid="vehicle-status">
          {t(`inventory.status.${v.status}`)}
        </span>
      </div>
      {v.checkDigit === "not_used" ? <p className="pill warn">{t("inventory.checkDigitNotUsed")}</p> : null}
      <div className="card">
        <p>
          <b>
            {v.brand} · {v.modelName} {v.trimName}
          </b>{" "}
          · {v.colourName}
        </p>
        <p className="muted">
          {t("inventory.engineNumber")}: {v.engineNumber} · {t("inventory.msrp")}: {money(v.msrp)} ·{" "}
          {t("inventory.purchaseCost")}: {money(v.purchaseCost)}
        </p>
        {v.stockedAt ? (
          <p className="muted">
            {t("inventory.stockedAt")}: {stamp(v.stockedAt)} · {t("inventory.days")} {v.daysInStock}
          </p>
        ) : null}
        {v.inspection ? (
          <p className="muted">
            {t("inventory.inspection")}: {v.inspection.byName} ·{" "}
            {INSPECTION_ITEMS.filter((i) => !v.inspection!.items[i])
              .map((i) => `✗ ${t(`inventory.item.${i}`)}`)
              .join(", ") || `✓ ${t("inventory.inspectionPassed")}`}
            {v.inspection.damageNotes ? ` — ${v.inspection.damageNotes}` : ""}
          </p>
        ) : null}
        {v.wholesale ? (
          <p className="muted">
            {t("inventory.buyer")}: {v.wholesale.buyer}
          </p>
        ) : null}
      </div>
      <ErrorBanner data={result} />

      {canEdit && next.length ? (
        <div className="card">
          {next.map((to) => (
            <Form method="post" className="stack" key={to} data-testid={`move-${to}`}>
              <input type="hidden" name="version" value={v.version} />
              <input type="hidden" name="to" value={to} />
              {to === "arrived" ? (
                <fieldset>
                  <legend>{t("inventory.inspection")}</legend>
                  <div className="checks">
                    {INSPECTION_ITEMS.map((i) => (
                      <label key={i}>
                        <input type="checkbox" name={`item.${i}`} defaultChecked />
                        {t(`inventory.item.${i}`)}
                      </label>
                    ))}
                  </div>
                  <Field
                    name="damageNotes"
                    label={t("inventory.damageNotes")}
                    form={form}
                    error={form?.fields["inspection.damageNotes"]}
                    maxLength={1000}
                  />
                </fieldset>
              ) : null}
              {to === "wholesaled" ? (
                <Field name="buyer" label={t("inventory.buyer")} form={form} maxLength={100} />
              ) : null}
              <button
                type="submit"
                disabled={busy}
                className={to === "in_stock" && v.status === "allocated" ? "secondary" : undefined}
              >
                {t("inventory.moveTo", { s: t(`inventory.status.${to}`) })}
              </button>
            </Form>
          ))}
        </div>
      ) : null}

      {onLot ? (
        <div className="card" data-testid="keys">
          <h2>{t("inventory.keys")}</h2>
          {v.keyOut ? (
            <>
              <p className={v.keyOverdue ? "err-text" : undefined}>
                {t("inventory.keysOut", { name: v.keyOut.name, at: stamp(v.keyOut.at) })}
                {v.keyOut.reason ? ` — ${v.keyOut.reason}` : ""}
              </p>
              {v.keyOut.userId === userId || canEdit ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="return" />
                  <input type="hidden" name="version" value={v.version} />
                  <button type="submit" disabled={busy}>
                    {t("inventory.returnKeys")}
                  </button>
                </Form>
              ) : null}
            </>
          ) : (
            <Form method="post" className="row">
              <p className="muted">{t("inventory.keysIn")}</p>
              <input type="hidden" name="intent" value="take" />
              <input type="hidden" name="version" value={v.version} />
              <input
                name="reason"
                aria-label={t("inventory.keyReason")}
                placeholder={t("inventory.keyReason")}
                maxLength={200}
              />
              <button type="submit" disabled={busy}>
                {t("inventory.takeKeys")}
              </button>
            </Form>
          )}
          {keyLog.length ? (
            <>
              <h3>{t("inventory.keyLog")}</h3>
              <ul className="plain">
                {keyLog.map((k) => (
                  <li key={k.id}>
                    {stamp(k.takenBy.at)} · {k.takenBy.name}
                    {k.takenBy.reason ? ` (${k.takenBy.reason})` : ""} →{" "}
                    {k.returnedAt
                      ? t("inventory.returned", { at: stamp(k.returnedAt), by: k.returnedBy?.name ?? "" })
                      : t("inventory.notReturned")}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}

      <div className="card">
        <h2>{t("inventory.history")}</h2>
        <ul className="plain" data-testid="vehicle-history">
          {audit.map((a) => (
            <li key={a.id}>
              {stamp(a.at)} · {a.byName} ·{" "}
              {a.action.startsWith("vehicle.") && a.action.slice(8) in VEHICLE_TRANSITIONS
                ? t(`inventory.status.${a.action.slice(8)}`)
                : a.action}
              {typeof a.detail.damageNotes === "string" ? ` — ${a.detail.damageNotes}` : ""}
              {typeof a.detail.buyer === "string" ? ` — ${a.detail.buyer}` : ""}
            </li>
          ))}
        </ul>
      </div>
    </>
  );
}
