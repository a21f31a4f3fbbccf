/**
 * The customer 360 (客户全景, issue 7): vehicles, purchases, service history,
 * complaints, calls and tasks, referrals, the repeat-buyer flag and the audit —
 * with "edit basics" and "add a vehicle".
 */
import { customers } from "@dealeros/services";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AuditList } from "../lib/audit";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { useCny } from "../lib/contracts";
import { CustomerErrorBanner, useFieldErrors } from "../lib/customers";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useFormatDateTime, useT } from "../lib/i18n";
import { Field, isFormError } from "../lib/ui";

const CALL_STATUS = ["open", "done", "cancelled"];
const SERVICE_DESK = ["service_advisor", "general_manager", "group_admin", "receptionist"];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orNotFound(async () => {
    const v = await customers.getCustomer360(ctx, params.storeId!, params.customerId!);
    return {
      ...v,
      storeId: params.storeId!,
      timeZone: ctx.store?.timeZone ?? "Asia/Shanghai",
      serviceDesk: ctx.actor.roles.some((r) => SERVICE_DESK.includes(r)),
    };
  });
}

const num = (v: string | undefined) => (v && v.trim() !== "" ? Number(v.replace(/[,\s]/g, "")) : undefined);

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const intent = str(form, "intent");
  const version = Number(form.get("version"));
  const storeId = params.storeId!;
  const id = params.customerId!;
  const opt = (k: string) => str(form, k)?.trim() || undefined;
  const run = (() => {
    switch (intent) {
      case "edit": {
        const vin = opt("vin");
        return () =>
          customers.updateCustomer(ctx, storeId, id, {
            version,
            name: str(form, "name") ?? "",
            mobile: str(form, "mobile")?.trim() ?? "",
            birthday: str(form, "birthday")?.trim() ?? "",
            note: str(form, "note") ?? "",
            ...(vin ? { vin, plate: str(form, "plate")?.trim() ?? "" } : {}),
          });
      }
      case "vehicle":
        return () =>
          customers.addVehicle(ctx, storeId, id, {
            version,
            vehicle: {
              vin: str(form, "vehicle.vin") ?? "",
              plate: opt("vehicle.plate"),
              brand: str(form, "vehicle.brand") ?? "",
              modelName: str(form, "vehicle.modelName") ?? "",
              mileageKm: num(opt("vehicle.mileageKm")),
              purchasedOn: opt("vehicle.purchasedOn"),
            },
          });
      default:
        throw new Response("Unknown action.", { status: 400 });
    }
  })();
  const r = await attempt(run, { ...formValues(form), intent: intent ?? "" });
  if (!r.ok) return r.error;
  return { ok: true as const, intent };
}

const HISTORY_LINK: Record<string, (storeId: string, h: { id: string; at: string }) => string> = {
  appointment: (s, h) => `/app/s/${s}/service?date=${h.at.slice(0, 10)}`,
  repair_order: (s, h) => `/app/s/${s}/ro/${h.id}`,
  roadside: (s, h) => `/app/s/${s}/roadside/${h.id}`,
  event: (s, h) => `/app/s/${s}/events/${h.id}`,
};

/** The catalogue prefix of each history kind's status (the same words as on its own page). */
const HISTORY_STATUS: Record<string, string> = {
  appointment: "service.status",
  repair_order: "ro.state",
  roadside: "roadside.status",
  event: "events.status",
};

export default function Customer360() {
  const t = useT();
  const fmt = useFormatDateTime();
  const cny = useCny();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = isFormError(result) ? result : undefined;
  const errFor = (intent: string) => (err?.values?.intent === intent ? err : undefined);
  const fe = useFieldErrors(result);
  const [params] = useSearchParams();
  const c = d.customer;
  const s = d.storeId;
  const ok = result && !isFormError(result) ? result : undefined;
  return (
    <>
      <p>
        <Link to={`/app/s/${s}/customers`}>{t("customers.backToList")}</Link>
      </p>
      <div className="card" data-testid="customer-head">
        <div className="spread">
          <h2 style={{ margin: 0 }}>{c.name}</h2>
          <span className="row">
            {c.repeatBuyer ? (
              <span className="pill ok" data-testid="repeat-flag">
                {t("customers.repeatBuyer")}
              </span>
            ) : null}
            <span className="pill off">{t(`customers.origin.${c.origin}`)}</span>
          </span>
        </div>
        <p className="muted" style={{ margin: "6px 0" }}>
          {[
            c.mobile,
            c.birthday ? `🎂 ${c.birthday}` : undefined,
            `${t("customers.owner")}: ${c.ownerName}`,
            c.purchases ? t("customers.purchases", { n: c.purchases }) : undefined,
            c.referredBy ? t("customers.referredBy", { name: c.referredBy.name }) : undefined,
          ]
            .filter(Boolean)
            .join(" · ")}
        </p>
        {c.note ? <p style={{ margin: "6px 0" }}>{c.note}</p> : null}
        {d.serviceDesk ? (
          <div className="row">
            <Link className="button" to={`/app/s/${s}/service/book?customerId=${c.customerId}`}>
              {t("customers.bookService")}
            </Link>
            <Link className="button secondary" to={`/app/s/${s}/roadside?customerId=${c.customerId}`}>
              {t("customers.logRoadside")}
            </Link>
          </div>
        ) : null}
      </div>
      {params.get("created") ? <div className="banner ok">{t("customers.created")}</div> : null}
      {ok?.intent === "edit" ? <div className="banner ok">{t("customers.saved")}</div> : null}
      {ok?.intent === "vehicle" ? <div className="banner ok">{t("customers.vehicleAdded")}</div> : null}

      <h3>{t("customers.vehicles")}</h3>
      <table className="responsive" data-testid="vehicles">
        <thead>
          <tr>
            <th>{t("customers.vehicle")}</th>
            <th>{t("customers.vin")}</th>
            <th>{t("customers.purchasedOn")}</th>
            <th>{t("customers.mileage")}</th>
            <th>{t("customers.lastService")}</th>
            <th>{t("customers.loanEndsOn")}</th>
            <th>{t("customers.insuranceRenewsOn")}</th>
          </tr>
        </thead>
        <tbody>
          {c.vehicles.map((v) => (
            <tr key={v.vin} data-testid="vehicle-row">
              <td data-label={t("customers.vehicle")}>
                <strong>{[v.brand, v.modelName, v.trimName].filter(Boolean).join(" ")}</strong>
                {v.plate ? <div>{v.plate}</div> : null}
              </td>
              <td data-label={t("customers.vin")} style={{ wordBreak: "break-all" }}>
                {v.vin}
              </td>
              <td data-label={t("customers.purchasedOn")}>{v.purchasedOn ?? "—"}</td>
              <td data-label={t("customers.mileage")}>
                {v.mileageKm !== undefined ? t("customers.km", { km: v.mileageKm.toLocaleString() }) : "—"}
              </td>
              <td data-label={t("customers.lastService")}>{v.lastServiceOn ?? "—"}</td>
              <td data-label={t("customers.loanEndsOn")}>{v.loanEndsOn ?? "—"}</td>
              <td data-label={t("customers.insuranceRenewsOn")}>{v.insuranceRenewsOn ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>{t("customers.purchasesTitle")}</h3>
      {d.purchases.length ? (
        <ul className="plain" data-testid="purchases">
          {d.purchases.map((k) => (
            <li key={k.contractId}>
              <Link to={`/app/s/${s}/k/${k.contractId}`}>{k.contractNo}</Link> · {k.vehicle} · {cny(k.totalFen)}
              <div className="muted">
                {k.deliveredAt
                  ? t("customers.deliveredOn", { date: fmt(k.deliveredAt, d.timeZone) })
                  : t("customers.signedOn", { date: k.signedDate })}{" "}
                · {k.consultantName}
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t("customers.noPurchases")}</p>
      )}

      <h3>{t("customers.historyTitle")}</h3>
      {d.history.length ? (
        <ul className="plain" data-testid="history">
          {d.history.map((h) => (
            <li key={`${h.kind}-${h.id}`}>
              <span className="pill off">{t(`customers.history.${h.kind}`)}</span>{" "}
              <Link to={(HISTORY_LINK[h.kind] ?? HISTORY_LINK.roadside!)(h.storeId, h)}>{h.title}</Link>
              <div className="muted">
                {fmt(h.at, d.timeZone)} ·{" "}
                {HISTORY_STATUS[h.kind] ? t(`${HISTORY_STATUS[h.kind]}.${h.status}`) : h.status}
                {h.totalFen !== undefined ? ` · ${cny(h.totalFen)}` : ""}
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t("customers.noHistory")}</p>
      )}

      <h3>{t("customers.callsTitle")}</h3>
      {d.calls.length ? (
        <ul className="plain" data-testid="calls">
          {d.calls.map((k) => (
            <li key={`${k.kind}-${k.at}-${k.title}-${k.status ?? ""}`}>
              <strong>{k.taskKind ? t(`followups.kind.${k.taskKind}`) : t(`customers.call.${k.kind}`)}</strong> ·{" "}
              {k.title}
              <div className="muted">
                {[
                  fmt(k.at, d.timeZone),
                  k.status && CALL_STATUS.includes(k.status) ? t(`customers.status.${k.status}`) : k.status,
                  k.outcome,
                  k.note,
                  k.byName,
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t("customers.noCalls")}</p>
      )}

      <h3>{t("customers.complaintsTitle")}</h3>
      {d.complaints.length ? (
        <ul className="plain" data-testid="complaints">
          {d.complaints.map((a) => (
            <li key={`${a.at}-${a.action}`}>
              <strong>{t(`audit.${a.action}`)}</strong> · {a.byName} · {fmt(a.at, d.timeZone)}
              <div className="muted">
                {Object.entries(a.detail)
                  .map(([k, v]) => `${k}: ${String(v)}`)
                  .join(" · ")}
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t("customers.noComplaints")}</p>
      )}

      <h3>
        {t("customers.referralsTitle")} ({c.referrals ?? 0})
      </h3>
      {d.referrals.length ? (
        <ul className="plain" data-testid="referrals">
          {d.referrals.map((a) => (
            <li key={`${a.at}-${String(a.detail.prospectId)}`}>
              {String(a.detail.prospect)} · {String(a.detail.owner ?? "")} · {fmt(a.at, d.timeZone)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t("customers.noReferrals")}</p>
      )}

      {d.cards.length ? (
        <>
          <h3>{t("customers.cardsTitle")}</h3>
          <ul className="plain">
            {d.cards.map((p) => (
              <li key={p.prospectId}>
                <Link to={`/app/s/${s}/p/${p.prospectId}`}>{p.name}</Link> · {p.ownerName} · {p.grade ?? "—"}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <details className="card" open={!!errFor("edit")}>
        <summary>{t("customers.edit")}</summary>
        <CustomerErrorBanner data={errFor("edit")} />
        <Form method="post" className="stack" data-testid="edit-form">
          <input type="hidden" name="intent" value="edit" />
          <input type="hidden" name="version" value={c.version} />
          <div className="grid4">
            <Field
              name="name"
              label={t("customers.name")}
              maxLength={60}
              defaultValue={c.name}
              form={errFor("edit")}
              error={errFor("edit") && fe("name")}
            />
            <Field
              name="mobile"
              type="tel"
              label={t("customers.mobile")}
              maxLength={20}
              defaultValue={c.mobile ?? ""}
              form={errFor("edit")}
              error={errFor("edit") && fe("mobile")}
            />
            <Field
              name="birthday"
              label={t("customers.birthday")}
              placeholder="03-28"
              maxLength={5}
              defaultValue={c.birthday ?? ""}
              form={errFor("edit")}
              error={errFor("edit") && fe("birthday")}
            />
            <Field
              name="vin"
              label={t("customers.editPlateFor")}
              form={errFor("edit")}
              error={errFor("edit") && fe("vin")}
            >
              <select id="f-vin" name="vin" defaultValue={c.vehicles[0]?.vin ?? ""}>
                {c.vehicles.map((v) => (
                  <option key={v.vin} value={v.vin}>
                    {[v.modelName, v.vin.slice(-6)].join(" · ")}
                  </option>
                ))}
              </select>
            </Field>
            <Field
              name="plate"
              label={t("customers.plate")}
              maxLength={12}
              defaultValue={c.vehicles[0]?.plate ?? ""}
              form={errFor("edit")}
              error={errFor("edit") && fe("plate")}
            />
          </div>
          <Field
            name="note"
            label={t("customers.note")}
            maxLength={500}
            defaultValue={c.note ?? ""}
            form={errFor("edit")}
          />
          <button type="submit">{t("customers.save")}</button>
        </Form>
      </details>

      <details className="card" open={!!errFor("vehicle")}>
        <summary>{t("customers.addVehicle")}</summary>
        <CustomerErrorBanner data={errFor("vehicle")} />
        <Form method="post" className="stack" data-testid="vehicle-form">
          <input type="hidden" name="intent" value="vehicle" />
          <input type="hidden" name="version" value={c.version} />
          <div className="grid4">
            <Field
              name="vehicle.vin"
              label={t("customers.vin")}
              maxLength={30}
              required
              form={errFor("vehicle")}
              error={errFor("vehicle") && fe("vehicle.vin")}
            />
            <Field
              name="vehicle.plate"
              label={t("customers.plate")}
              maxLength={12}
              form={errFor("vehicle")}
              error={errFor("vehicle") && fe("vehicle.plate")}
            />
            <Field
              name="vehicle.brand"
              label={t("customers.brand")}
              maxLength={40}
              required
              form={errFor("vehicle")}
              error={errFor("vehicle") && fe("vehicle.brand")}
            />
            <Field
              name="vehicle.modelName"
              label={t("customers.model")}
              maxLength={60}
              required
              form={errFor("vehicle")}
              error={errFor("vehicle") && fe("vehicle.modelName")}
            />
            <Field
              name="vehicle.mileageKm"
              inputMode="numeric"
              label={t("customers.mileage")}
              maxLength={9}
              form={errFor("vehicle")}
              error={errFor("vehicle") && fe("vehicle.mileageKm")}
            />
            <Field name="vehicle.purchasedOn" type="date" label={t("customers.purchasedOn")} form={errFor("vehicle")} />
          </div>
          <button type="submit">{t("customers.add")}</button>
        </Form>
      </details>

      <AuditList audit={d.audit} timeZone={d.timeZone} />
      <p className="muted">{t("customers.readsNote", { n: d.reads })}</p>
    </>
  );
}
