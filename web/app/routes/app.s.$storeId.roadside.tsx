/**
 * Roadside assistance (救援, issue 7): open calls first (how long each has
 * waited), the month's response times (average and p90 minutes), the month's
 * calls and the form to log a call (`?customerId=` from the customer 360).
 */
import { customers, roadside } from "@dealeros/services";
import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { useCny } from "../lib/contracts";
import { CustomerErrorBanner, useFieldErrors } from "../lib/customers";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useFormatDateTime, useT } from "../lib/i18n";
import { Field, isFormError } from "../lib/ui";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const url = new URL(request.url);
  const customerId = url.searchParams.get("customerId") ?? undefined;
  return orNotFound(async () => {
    const [board, customer] = await Promise.all([
      roadside.roadsideBoard(ctx, params.storeId!, { month: url.searchParams.get("month") || undefined }),
      customerId ? customers.customerSummary(ctx, params.storeId!, customerId).catch(() => undefined) : undefined,
    ]);
    return {
      ...board,
      customer,
      storeId: params.storeId!,
      timeZone: ctx.store?.timeZone ?? "Asia/Shanghai",
      now: Date.now(),
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const opt = (k: string) => str(form, k)?.trim() || undefined;
  const input = {
    customerId: opt("customerId"),
    name: opt("name"),
    mobile: opt("mobile"),
    location: str(form, "location") ?? "",
    plate: opt("plate"),
    vin: opt("vin"),
    vehicleLabel: opt("vehicleLabel"),
    problem: str(form, "problem") ?? "",
  };
  const r = await attempt(() => roadside.logCall(ctx, params.storeId!, input), formValues(form));
  if (!r.ok) return r.error;
  throw redirect(`/app/s/${params.storeId}/roadside/${r.value.callId}?logged=1`);
}

function monthShift(month: string, by: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 7);
}

export default function RoadsidePage() {
  const t = useT();
  const fmt = useFormatDateTime();
  const cny = useCny();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = isFormError(result) ? result : undefined;
  const fe = useFieldErrors(result);
  const base = `/app/s/${d.storeId}/roadside`;
  const fig = (f: { n: number; avgMinutes?: number; p90Minutes?: number }) =>
    f.n ? t("roadside.avgP90", { avg: f.avgMinutes ?? 0, p90: f.p90Minutes ?? 0 }) : t("roadside.noFigure");
  return (
    <>
      <h2 style={{ marginTop: 0 }}>{t("roadside.title")}</h2>
      <section
        className="card"
        style={{ borderColor: d.open.length ? "var(--warn)" : undefined }}
        data-testid="roadside-open"
      >
        <h3 style={{ marginTop: 0 }}>
          {t("roadside.open")} ({d.open.length})
        </h3>
        {d.open.length ? (
          <ul className="plain">
            {d.open.map((c) => (
              <li key={c.callId} data-testid="open-call">
                <Link to={`${base}/${c.callId}`}>
                  <strong>{c.name}</strong> · {c.problem}
                </Link>
                <div className="muted">
                  <span className="pill warn">{t(`roadside.status.${c.status}`)}</span> {c.location} ·{" "}
                  {t("roadside.waiting", { min: Math.max(0, Math.round((d.now - Date.parse(c.calledAt)) / 60000)) })}
                </div>
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">{t("roadside.noOpen")}</p>
        )}
      </section>

      <div className="spread">
        <h3>
          {t("roadside.figures")} · {d.month}
        </h3>
        <nav className="row">
          <Link to={`${base}?month=${monthShift(d.month, -1)}`}>←</Link>
          <Link to={`${base}?month=${monthShift(d.month, 1)}`}>→</Link>
        </nav>
      </div>
      <div className="stats" data-testid="roadside-figures">
        <div>
          <span className="muted">{t("roadside.count")}</span>
          <b>{d.figures.count}</b>
        </div>
        <div>
          <span className="muted">{t("roadside.toDispatch")}</span>
          <b>{fig(d.figures.dispatch)}</b>
        </div>
        <div>
          <span className="muted">{t("roadside.toArrival")}</span>
          <b>{fig(d.figures.arrival)}</b>
        </div>
      </div>

      <h3>{t("roadside.monthCalls")}</h3>
      {d.calls.length ? (
        <table className="responsive" data-testid="roadside-calls">
          <thead>
            <tr>
              <th>{t("roadside.calledAt")}</th>
              <th>{t("roadside.customer")}</th>
              <th>{t("roadside.problem")}</th>
              <th>{t("roadside.status")}</th>
              <th>{t("roadside.charge")}</th>
            </tr>
          </thead>
          <tbody>
            {d.calls.map((c) => (
              <tr key={c.callId}>
                <td data-label={t("roadside.calledAt")}>{fmt(c.calledAt, d.timeZone)}</td>
                <td data-label={t("roadside.customer")}>
                  <Link to={`${base}/${c.callId}`}>{c.name}</Link>
                  {c.plate ? <div className="muted">{c.plate}</div> : null}
                </td>
                <td data-label={t("roadside.problem")}>{c.problem}</td>
                <td data-label={t("roadside.status")}>{t(`roadside.status.${c.status}`)}</td>
                <td data-label={t("roadside.charge")}>{c.chargeFen !== undefined ? cny(c.chargeFen) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="empty">{t("roadside.noCalls")}</p>
      )}

      <div className="card" style={{ marginTop: 16 }}>
        <h3 style={{ marginTop: 0 }}>{t("roadside.log")}</h3>
        <CustomerErrorBanner data={result} />
        <Form method="post" className="stack" data-testid="roadside-form">
          {d.customer ? (
            <>
              <input type="hidden" name="customerId" value={d.customer.customerId} />
              <p>
                {t("roadside.customer")}:{" "}
                <Link to={`/app/s/${d.storeId}/cu/${d.customer.customerId}`}>{d.customer.name}</Link>
                {d.customer.mobile ? ` · ${d.customer.mobile}` : ""}
              </p>
            </>
          ) : null}
          <div className="grid4">
            {d.customer ? null : (
              <>
                <Field name="name" label={t("roadside.callerName")} maxLength={60} form={err} error={fe("name")} />
                <Field
                  name="mobile"
                  type="tel"
                  inputMode="tel"
                  label={t("roadside.mobile")}
                  maxLength={20}
                  form={err}
                  error={fe("mobile")}
                />
              </>
            )}
            {d.customer && d.customer.vehicles.length > 1 ? (
              <Field name="plate" label={t("roadside.vehicle")} form={err}>
                <select id="f-plate" name="vin">
                  {d.customer.vehicles.map((v) => (
                    <option key={v.vin} value={v.vin}>
                      {v.label || v.vin}
                    </option>
                  ))}
                </select>
              </Field>
            ) : d.customer ? null : (
              <>
                <Field
                  name="plate"
                  label={t("roadside.plate")}
                  placeholder="沪A12345"
                  maxLength={12}
                  form={err}
                  error={fe("plate")}
                />
                <Field
                  name="vehicleLabel"
                  label={t("roadside.vehicle")}
                  maxLength={80}
                  form={err}
                  error={fe("vehicleLabel")}
                />
              </>
            )}
          </div>
          <Field
            name="location"
            label={t("roadside.location")}
            maxLength={200}
            required
            form={err}
            error={fe("location")}
          />
          <Field
            name="problem"
            label={t("roadside.problem")}
            maxLength={500}
            required
            form={err}
            error={fe("problem")}
          />
          <button type="submit" data-testid="log-call">
            {t("roadside.submit")}
          </button>
        </Form>
      </div>
    </>
  );
}
