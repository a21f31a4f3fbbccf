/** The store's test drives of a day (试驾安排), the booking form, and the fleet for managers. */
import {
  FLOOR_MANAGERS,
  isValidDate,
  localDate,
  startTimesOfDay,
  TEST_DRIVE_DURATIONS,
  WALK_IN_LOGGERS,
  zonedToUtc,
} from "@dealeros/core";
import { prospects, testDrives } from "@dealeros/services";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { type ActionError, attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useT } from "../lib/i18n";
import { StatePill, TdErrorBanner, useLocalTime, useTdMessage } from "../lib/testdrives";
import { DayPicker, Field, isFormError } from "../lib/ui";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const url = new URL(request.url);
  const date = url.searchParams.get("date") || undefined;
  const prospectId = url.searchParams.get("prospectId") || undefined;
  const roles = ctx.actor.roles;
  const seesStore = roles.some((r) => WALK_IN_LOGGERS.includes(r));
  const canBook = seesStore || roles.includes("sales_consultant");
  return orNotFound(async () => {
    const storeId = params.storeId!;
    const [day, fleet, cards] = await Promise.all([
      testDrives.listTestDrives(ctx, storeId, { date }),
      testDrives.listFleet(ctx, storeId),
      canBook ? bookableCards(ctx, storeId, prospectId, seesStore) : Promise.resolve([]),
    ]);
    const store = ctx.store!;
    return {
      ...day,
      fleet,
      cards,
      prospectId: cards.length === 1 && prospectId === cards[0]!.prospectId ? prospectId : undefined,
      storeId,
      timeZone: store.timeZone,
      startTimes: startTimesOfDay(store.openingHours, TEST_DRIVE_DURATIONS[0]),
      today: localDate(new Date(), store.timeZone),
      canBook,
      canManage: roles.some((r) => FLOOR_MANAGERS.includes(r)),
    };
  });
}

/** The card named in the link (from the prospect page), or the cards the user may book for (first page). */
async function bookableCards(
  ctx: Awaited<ReturnType<typeof requireCtx>>,
  storeId: string,
  prospectId: string | undefined,
  seesStore: boolean,
): Promise<{ prospectId: string; name: string; ownerName: string }[]> {
  const pick = (p: { prospectId: string; name: string; ownerName: string }) => ({
    prospectId: p.prospectId,
    name: p.name,
    ownerName: p.ownerName,
  });
  if (prospectId) {
    try {
      const { prospect } = await prospects.getProspect(ctx, storeId, prospectId);
      if (prospect.status === "active") return [pick(prospect)];
    } catch {
      // a card the user may not open falls back to the list
    }
  }
  const page = await prospects.listProspects(ctx, storeId, { owner: seesStore ? "all" : "me", limit: "100" });
  return page.items.filter((p) => p.status === "active").map(pick);
}

function formError(form: FormData, field: string, message: string) {
  return data<ActionError>(
    { ok: false, message, code: "validation_failed", fields: { [field]: message }, values: formValues(form) },
    { status: 400 },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const storeId = params.storeId!;
  const form = await request.formData();
  const intent = str(form, "intent");
  if (intent === "fleet-add") {
    const r = await attempt(
      () =>
        testDrives.addVehicle(ctx, storeId, {
          plate: str(form, "plate") ?? "",
          model: str(form, "model") ?? "",
          colour: str(form, "colour") ?? "",
          vin: str(form, "vin") || undefined,
        }),
      formValues(form),
    );
    if (!r.ok) return r.error;
    return { ok: true as const, intent };
  }
  if (intent === "fleet-active") {
    const r = await attempt(
      () =>
        testDrives.updateVehicle(ctx, storeId, str(form, "vehicleId") ?? "", {
          version: Number(str(form, "version")),
          active: str(form, "active") === "true",
        }),
      formValues(form),
    );
    if (!r.ok) return r.error;
    return { ok: true as const, intent };
  }
  if (intent === "fleet-remove") {
    const r = await attempt(
      () => testDrives.removeVehicle(ctx, storeId, str(form, "vehicleId") ?? ""),
      formValues(form),
    );
    if (!r.ok) return r.error;
    return { ok: true as const, intent };
  }
  // book: the day and quarter hour are store-local; the service checks them against the opening hours
  const store = ctx.store!;
  const day = str(form, "day") ?? "";
  const time = str(form, "time") ?? "";
  if (!isValidDate(day)) return formError(form, "startAt", "Use a date like 2026-11-26.");
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) return formError(form, "startAt", "Use a time like 09:00.");
  const km = str(form, "routeKm");
  const r = await attempt(
    () =>
      testDrives.bookTestDrive(ctx, storeId, {
        prospectId: str(form, "prospectId") ?? "",
        vehicleId: str(form, "vehicleId") ?? "",
        startAt: zonedToUtc(day, time, store.timeZone).toISOString(),
        durationMinutes: Number(str(form, "durationMinutes")),
        route: str(form, "route") ?? "",
        routeKm: km ? Number(km) : undefined,
        note: str(form, "note") || undefined,
      }),
    formValues(form),
  );
  if (!r.ok) return r.error;
  const td = r.value;
  return {
    ok: true as const,
    intent: "book",
    testDriveId: td.testDriveId,
    car: `${td.plate} ${td.model}`,
    date: td.date,
    time,
  };
}

export default function TestDrives() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const msg = useTdMessage();
  const time = useLocalTime();
  const err = isFormError(result) ? result : undefined;
  const booked = result && !isFormError(result) && "testDriveId" in result ? result : undefined;
  const fieldErr = (name: string) => msg(err?.fields[name]);
  const inService = d.fleet.filter((v) => v.active);
  const base = `/app/s/${d.storeId}`;
  return (
    <>
      <div className="spread">
        <h2>{t("testdrive.dayTitle", { date: d.date })}</h2>
        <DayPicker date={d.date} buttonClassName="secondary">
          {d.prospectId ? <input type="hidden" name="prospectId" value={d.prospectId} /> : null}
        </DayPicker>
      </div>
      {d.testDrives.length === 0 ? (
        <p className="empty">{t("testdrive.none")}</p>
      ) : (
        <table className="responsive" data-testid="td-table">
          <thead>
            <tr>
              <th>{t("testdrive.time")}</th>
              <th>{t("testdrive.car")}</th>
              <th>{t("testdrive.customer")}</th>
              <th>{t("owner")}</th>
              <th>{t("testdrive.route")}</th>
              <th>{t("testdrive.state")}</th>
            </tr>
          </thead>
          <tbody>
            {d.testDrives.map((td) => (
              <tr key={td.testDriveId}>
                <td data-label={t("testdrive.time")}>
                  {time(td.startAt, d.timeZone)}–{time(td.endAt, d.timeZone)}
                </td>
                <td data-label={t("testdrive.car")}>
                  {td.plate} · {td.model}
                </td>
                <td data-label={t("testdrive.customer")}>
                  {td.canOpen ? (
                    <Link to={`${base}/td/${td.testDriveId}`}>{td.prospectName}</Link>
                  ) : (
                    <span className="muted">{t("testdrive.otherCustomer")}</span>
                  )}
                </td>
                <td data-label={t("owner")}>{td.ownerName}</td>
                <td data-label={t("testdrive.route")}>
                  {td.route}
                  {td.routeKm ? ` · ${td.routeKm} km` : ""}
                </td>
                <td data-label={t("testdrive.state")}>
                  <StatePill state={td.state} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {d.canBook ? (
        <div className="card" style={{ marginTop: 16 }}>
          <h2>{t("testdrive.book")}</h2>
          {booked ? (
            <div className="banner ok" role="status" data-testid="td-booked">
              {t("testdrive.booked", { car: booked.car ?? "", when: `${booked.date} ${booked.time}` })}{" "}
              <Link to={`${base}/td/${booked.testDriveId}`}>{t("testdrive.open")}</Link>
            </div>
          ) : null}
          {err?.values?.intent === "book" ? <TdErrorBanner data={result} /> : null}
          {inService.length === 0 ? <p className="muted">{t("testdrive.noCar")}</p> : null}
          {d.cards.length === 0 ? (
            <p className="muted">{t("testdrive.noCards")}</p>
          ) : (
            <Form method="post" className="stack" key={booked?.testDriveId ?? "book"} data-testid="td-book-form">
              <input type="hidden" name="intent" value="book" />
              <div className="grid4">
                <Field name="prospectId" label={t("testdrive.prospect")} error={fieldErr("prospectId")}>
                  <select
                    id="f-prospectId"
                    name="prospectId"
                    defaultValue={err?.values?.prospectId ?? d.prospectId ?? ""}
                  >
                    {d.cards.length > 1 ? <option value="">—</option> : null}
                    {d.cards.map((c) => (
                      <option key={c.prospectId} value={c.prospectId}>
                        {c.name} · {c.ownerName}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field name="vehicleId" label={t("testdrive.car")} error={fieldErr("vehicleId")}>
                  <select id="f-vehicleId" name="vehicleId" defaultValue={err?.values?.vehicleId ?? ""}>
                    <option value="">—</option>
                    {inService.map((v) => (
                      <option key={v.vehicleId} value={v.vehicleId}>
                        {v.plate} · {v.model} · {v.colour}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field
                  name="day"
                  type="date"
                  label={t("testdrive.day")}
                  required
                  defaultValue={err?.values?.day ?? [d.date, d.today].sort()[1]}
                />
                <Field name="time" label={t("testdrive.start")} error={fieldErr("startAt")}>
                  <select id="f-time" name="time" defaultValue={err?.values?.time ?? ""} required>
                    <option value="">—</option>
                    {d.startTimes.map((s) => (
                      <option key={s} value={s}>
                        {s}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field name="durationMinutes" label={t("testdrive.duration")} error={fieldErr("durationMinutes")}>
                  <select
                    id="f-durationMinutes"
                    name="durationMinutes"
                    defaultValue={err?.values?.durationMinutes ?? "30"}
                  >
                    {TEST_DRIVE_DURATIONS.map((m) => (
                      <option key={m} value={m}>
                        {t("testdrive.minutes", { n: m })}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field
                  name="route"
                  label={t("testdrive.route")}
                  required
                  maxLength={80}
                  defaultValue={err?.values?.route}
                  error={fieldErr("route")}
                />
                <Field
                  name="routeKm"
                  type="number"
                  inputMode="numeric"
                  label={t("testdrive.routeKm")}
                  min={1}
                  max={300}
                  defaultValue={err?.values?.routeKm}
                  error={fieldErr("routeKm")}
                />
                <Field
                  name="note"
                  label={t("note")}
                  maxLength={300}
                  defaultValue={err?.values?.note}
                  error={fieldErr("note")}
                />
              </div>
              <p className="muted">{t("testdrive.prospectHint")}</p>
              <button type="submit" disabled={nav.state === "submitting" || inService.length === 0}>
                {t("testdrive.book")}
              </button>
            </Form>
          )}
        </div>
      ) : null}

      <Fleet fleet={d.fleet} canManage={d.canManage} result={result} />
    </>
  );
}

function Fleet(props: {
  fleet: Awaited<ReturnType<typeof testDrives.listFleet>>;
  canManage: boolean;
  result: unknown;
}) {
  const t = useT();
  const err = isFormError(props.result) ? props.result : undefined;
  const fleetErr = err && (err.values?.intent ?? "").startsWith("fleet") ? err : undefined;
  const msg = useTdMessage();
  return (
    <div className="card" style={{ marginTop: 16 }} data-testid="td-fleet">
      <h2>{t("testdrive.fleet")}</h2>
      {fleetErr ? <TdErrorBanner data={props.result} /> : null}
      {props.fleet.length === 0 ? (
        <p className="empty">{t("testdrive.fleetEmpty")}</p>
      ) : (
        <ul className="plain">
          {props.fleet.map((v) => (
            <li key={v.vehicleId} className="spread">
              <span>
                <strong>{v.plate}</strong> · {v.model} · {v.colour}
                {v.vin ? <span className="muted"> · {v.vin}</span> : null}{" "}
                <span className={v.active ? "pill ok" : "pill off"}>
                  {v.active ? t("testdrive.inService") : t("testdrive.outOfService")}
                </span>
              </span>
              {props.canManage ? (
                <Form method="post" className="row">
                  <input type="hidden" name="vehicleId" value={v.vehicleId} />
                  <input type="hidden" name="version" value={v.version} />
                  <input type="hidden" name="active" value={v.active ? "false" : "true"} />
                  <button type="submit" name="intent" value="fleet-active" className="secondary small">
                    {v.active ? t("testdrive.deactivate") : t("testdrive.activate")}
                  </button>
                  <button type="submit" name="intent" value="fleet-remove" className="secondary small">
                    {t("testdrive.remove")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {props.canManage ? (
        <Form method="post" className="stack" data-testid="td-fleet-form">
          <input type="hidden" name="intent" value="fleet-add" />
          <div className="grid4">
            <Field
              name="plate"
              label={t("testdrive.plate")}
              required
              maxLength={12}
              placeholder="沪A·12345"
              defaultValue={fleetErr?.values?.plate}
              error={msg(fleetErr?.fields.plate)}
            />
            <Field
              name="model"
              label={t("testdrive.model")}
              required
              maxLength={60}
              defaultValue={fleetErr?.values?.model}
              error={msg(fleetErr?.fields.model)}
            />
            <Field
              name="colour"
              label={t("testdrive.colour")}
              required
              maxLength={30}
              defaultValue={fleetErr?.values?.colour}
              error={msg(fleetErr?.fields.colour)}
            />
            <Field
              name="vin"
              label={t("testdrive.vin")}
              maxLength={17}
              defaultValue={fleetErr?.values?.vin}
              error={msg(fleetErr?.fields.vin)}
            />
          </div>
          <button type="submit">{t("testdrive.addCar")}</button>
        </Form>
      ) : null}
    </div>
  );
}
