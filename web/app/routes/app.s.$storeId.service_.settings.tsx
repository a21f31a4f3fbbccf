/** Service settings of a store: opening hours per weekday, bays, technicians, closed dates, service types. */
import { SERVICE_STAFF, slotCapacity } from "@dealeros/core";
import { service } from "@dealeros/services";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useT } from "../lib/i18n";
import { ServiceErrorBanner, useServiceMessage } from "../lib/service";
import { isFormError } from "../lib/ui";
import styles from "../styles/service.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;
/** whole hours 00:00 … 24:00 (opening from the first 24, closing from the last 24) */
const HOURS = Array.from({ length: 25 }, (_, i) => `${String(i).padStart(2, "0")}:00`);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orNotFound(async () => ({
    storeId: params.storeId!,
    settings: await service.getSettings(ctx, params.storeId!),
    canEdit: ctx.actor.roles.some((r) => SERVICE_STAFF.includes(r)),
  }));
}

const int = (v: string | undefined) => (v === undefined || v.trim() === "" ? Number.NaN : Number(v));

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const types: { code: string; name: string; nameZh: string; hours: number }[] = [];
  for (let i = 0; i < 13; i++) {
    const code = str(form, `type.${i}.code`)?.trim();
    if (!code) continue;
    types.push({
      code,
      name: str(form, `type.${i}.name`) ?? "",
      nameZh: str(form, `type.${i}.nameZh`) ?? "",
      hours: int(str(form, `type.${i}.hours`)),
    });
  }
  const input = {
    version: int(str(form, "version")),
    bays: int(str(form, "bays")),
    technicians: int(str(form, "technicians")),
    weekHours: WEEKDAYS.map((d) =>
      str(form, `wd.${d}.closed`)
        ? null
        : { open: str(form, `wd.${d}.open`) ?? "", close: str(form, `wd.${d}.close`) ?? "" },
    ),
    closedDates: (str(form, "closedDates") ?? "")
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean),
    serviceTypes: types,
  };
  const r = await attempt(() => service.saveSettings(ctx, params.storeId!, input), formValues(form));
  if (!r.ok) return r.error;
  return { ok: true as const, version: r.value.version };
}

export default function ServiceSettingsPage() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const msg = useServiceMessage();
  const err = isFormError(result) ? result : undefined;
  const fe = (k: string) => (err?.fields[k] ? <span className="field-error">{msg(err.fields[k])}</span> : null);
  const s = d.settings;
  const rows = [...s.serviceTypes, { code: "", name: "", nameZh: "", hours: 1 }];
  return (
    <>
      <div className="spread">
        <h2>{t("service.settingsTitle")}</h2>
        <Link to={`/app/s/${d.storeId}/service`}>{t("service.toBoard")}</Link>
      </div>
      {result && !isFormError(result) ? (
        <div className="banner ok" role="status">
          {t("service.saved")}
        </div>
      ) : null}
      <ServiceErrorBanner data={result} />
      <Form method="post" className="stack card" key={s.version} data-testid="svc-settings-form">
        <input type="hidden" name="version" value={s.version} />
        {s.version > 0 ? (
          <p className="muted">{t("service.lastSaved", { v: s.version, name: s.updatedByName ?? "" })}</p>
        ) : null}
        <div className="grid2">
          <label htmlFor="f-bays">
            {t("service.bays")}
            <input id="f-bays" name="bays" type="number" inputMode="numeric" min={1} max={99} defaultValue={s.bays} />
            {fe("bays")}
          </label>
          <label htmlFor="f-technicians">
            {t("service.technicians")}
            <input
              id="f-technicians"
              name="technicians"
              type="number"
              inputMode="numeric"
              min={1}
              max={199}
              defaultValue={s.technicians}
            />
            {fe("technicians")}
          </label>
        </div>
        <p className="muted">
          {t("service.capacityNote", { cap: slotCapacity(s), bays: s.bays, techs: s.technicians })}
        </p>
        <h3>{t("service.weekHours")}</h3>
        <div className="svc-hours">
          {WEEKDAYS.map((wd) => {
            const h = s.weekHours[wd];
            return [
              <span key={`l${wd}`}>{t(`service.wd.${wd}`)}</span>,
              <select
                key={`o${wd}`}
                name={`wd.${wd}.open`}
                defaultValue={h?.open ?? "08:00"}
                aria-label={`${t(`service.wd.${wd}`)} ${t("service.open")}`}
              >
                {HOURS.slice(0, 24).map((x) => (
                  <option key={x}>{x}</option>
                ))}
              </select>,
              <select
                key={`c${wd}`}
                name={`wd.${wd}.close`}
                defaultValue={h?.close ?? "18:00"}
                aria-label={`${t(`service.wd.${wd}`)} ${t("service.close")}`}
              >
                {HOURS.slice(1).map((x) => (
                  <option key={x}>{x}</option>
                ))}
              </select>,
              <label key={`x${wd}`} className="row">
                <input type="checkbox" name={`wd.${wd}.closed`} value="1" defaultChecked={!h} />
                {t("service.closedWeekday")}
              </label>,
            ];
          })}
        </div>
        {Object.keys(err?.fields ?? {})
          .filter((k) => k.startsWith("weekHours"))
          .map((k) => (
            <span key={k} className="field-error">
              {msg(err!.fields[k])}
            </span>
          ))}
        <label htmlFor="f-closedDates">
          {t("service.closedDates")}
          <textarea id="f-closedDates" name="closedDates" rows={3} defaultValue={s.closedDates.join("\n")} />
          {Object.keys(err?.fields ?? {})
            .filter((k) => k.startsWith("closedDates"))
            .map((k) => (
              <span key={k} className="field-error">
                {msg(err!.fields[k])}
              </span>
            ))}
        </label>
        <h3>{t("service.types")}</h3>
        <p className="muted">{t("service.typesHint")}</p>
        <div className="svc-types">
          <strong>{t("service.typeCode")}</strong>
          <strong>{t("service.typeName")}</strong>
          <strong>{t("service.typeNameZh")}</strong>
          <strong>{t("service.typeHours")}</strong>
          {rows.map((ty, i) => [
            <input
              key={`c-${ty.code || "new"}`}
              name={`type.${i}.code`}
              defaultValue={ty.code}
              aria-label={t("service.typeCode")}
            />,
            <input
              key={`n-${ty.code || "new"}`}
              name={`type.${i}.name`}
              defaultValue={ty.name}
              aria-label={t("service.typeName")}
            />,
            <input
              key={`z-${ty.code || "new"}`}
              name={`type.${i}.nameZh`}
              defaultValue={ty.nameZh}
              aria-label={t("service.typeNameZh")}
            />,
            <input
              key={`h-${ty.code || "new"}`}
              name={`type.${i}.hours`}
              type="number"
              min={1}
              max={8}
              defaultValue={ty.hours}
              aria-label={t("service.typeHours")}
            />,
          ])}
        </div>
        {Object.keys(err?.fields ?? {})
          .filter((k) => k.startsWith("serviceTypes"))
          .map((k) => (
            <span key={k} className="field-error">
              {msg(err!.fields[k])}
            </span>
          ))}
        {d.canEdit ? (
          <button type="submit" disabled={nav.state === "submitting"}>
            {t("service.save")}
          </button>
        ) : null}
      </Form>
    </>
  );
}
