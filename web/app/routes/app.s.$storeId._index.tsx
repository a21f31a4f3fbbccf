import { localDate, WALK_IN_LOGGERS, zonedToUtc } from "@dealeros/core";
import { showroom } from "@dealeros/services";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { type ActionError, attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useT } from "../lib/i18n";
import { ErrorBanner, Field, isFormError } from "../lib/ui";
import { SourceSelect, WalkInTable } from "../lib/walkins";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const url = new URL(request.url);
  const date = url.searchParams.get("date") || undefined;
  const q = (url.searchParams.get("q") ?? "").trim().toLowerCase();
  return orNotFound(async () => {
    const list = await showroom.listWalkIns(ctx, params.storeId!, date);
    const store = ctx.store!;
    const walkIns = q
      ? list.walkIns.filter((w) =>
          [w.customerName, w.mobile, w.assignment.name, w.intendedModel].some((v) => v?.toLowerCase().includes(q)),
        )
      : list.walkIns;
    return {
      ...list,
      walkIns,
      q,
      timeZone: store.timeZone,
      storeId: store.storeId,
      canLog: ctx.actor.roles.some((r) => WALK_IN_LOGGERS.includes(r)),
      today: !date,
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  if (str(form, "intent") === "depart") {
    const r = await attempt(() =>
      showroom.updateWalkIn(ctx, params.storeId!, str(form, "walkInId") ?? "", {
        version: Number(form.get("version")),
        departedAt: "now",
      }),
    );
    if (!r.ok) return r.error;
    return { ok: true as const, intent: "depart" };
  }
  const party = Number(str(form, "partySize") ?? "");
  // arrival: "now" unless the receptionist typed an earlier time of today (store time)
  const arrivedTime = str(form, "arrivedTime");
  let arrivedAt: string | undefined;
  if (arrivedTime) {
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(arrivedTime)) {
      return data<ActionError>(
        {
          ok: false,
          message: "Use a time like 09:00.",
          code: "validation_failed",
          fields: { arrivedAt: "Use a time like 09:00." },
          values: formValues(form),
        },
        { status: 400 },
      );
    }
    const store = ctx.store!;
    arrivedAt = zonedToUtc(localDate(new Date(), store.timeZone), arrivedTime, store.timeZone).toISOString();
  }
  const input: Record<string, unknown> = {
    arrivedAt,
    partySize: Number.isFinite(party) && str(form, "partySize") !== "" ? party : str(form, "partySize"),
    visitType: str(form, "visitType"),
    source: str(form, "source"),
    customerName: str(form, "customerName") || undefined,
    mobile: str(form, "mobile") || undefined,
    intendedModel: str(form, "intendedModel") || undefined,
    note: str(form, "note") || undefined,
  };
  const r = await attempt(() => showroom.logWalkIn(ctx, params.storeId!, input), formValues(form));
  if (!r.ok) return r.error;
  return { ok: true as const, intent: "log", assignedTo: r.value.assignment.name, walkInId: r.value.walkInId };
}

export default function WalkInLog() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const revalidator = useRevalidator();
  const err = isFormError(result) ? result : undefined;
  const logged = result && !isFormError(result) && result.intent === "log" ? result : undefined;
  // live list: refresh every 20 s while the page is visible (no-JS users refresh by hand)
  useEffect(() => {
    const id = setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle") revalidator.revalidate();
    }, 20_000);
    return () => clearInterval(id);
  }, [revalidator]);
  const first = data.walkIns.filter((w) => w.visitType === "first").length;
  const people = data.walkIns.reduce((n, w) => n + w.partySize, 0);
  const present = data.walkIns.filter((w) => !w.departedAt).length;
  return (
    <>
      {data.canLog && data.today ? (
        <div className="card">
          <h2>{t("logWalkIn")}</h2>
          {logged ? (
            <div className="banner ok" role="status" data-testid="walkin-logged">
              {logged.assignedTo ? t("walkInLogged", { name: logged.assignedTo }) : t("walkInUnassigned")}
            </div>
          ) : null}
          <ErrorBanner data={result} />
          <Form method="post" className="stack" key={logged?.walkInId ?? "form"}>
            <div className="grid4">
              <Field
                name="arrivedTime"
                type="time"
                label={t("arrivalDefaultNow")}
                defaultValue={err?.values?.arrivedTime}
                error={err?.fields.arrivedAt}
              />
              <Field
                name="partySize"
                type="number"
                label={t("partySize")}
                required
                min={1}
                max={30}
                inputMode="numeric"
                defaultValue={err?.values?.partySize ?? 1}
                error={err?.fields.partySize}
              />
              <Field name="visitType" label={t("visit")} error={err?.fields.visitType}>
                <select id="f-visitType" name="visitType" defaultValue={err?.values?.visitType ?? "first"}>
                  <option value="first">{t("first")}</option>
                  <option value="return">{t("return")}</option>
                </select>
              </Field>
              <SourceSelect form={err} />
              <Field name="intendedModel" label={t("intendedModel")} maxLength={60} form={err} />
              <Field name="customerName" label={t("customerName")} maxLength={60} form={err} />
              <Field
                name="mobile"
                type="tel"
                inputMode="tel"
                label={t("mobile")}
                maxLength={20}
                form={err}
                placeholder="138 1234 5678"
              />
              <Field name="note" label={t("note")} maxLength={500} form={err} />
            </div>
            <button type="submit" disabled={nav.state === "submitting"}>
              {t("log")}
            </button>
          </Form>
        </div>
      ) : null}

      <div className="spread">
        <div className="stats">
          <div>
            <b data-testid="walkin-count">{data.walkIns.length}</b>
            {t("total")}
          </div>
          <div>
            <b>{first}</b>
            {t("first")}
          </div>
          <div>
            <b>{data.walkIns.length - first}</b>
            {t("return")}
          </div>
          <div>
            <b>{people}</b>
            {t("people")}
          </div>
          <div>
            <b>{present}</b>
            {t("stillHere")}
          </div>
        </div>
        <Form method="get" className="row">
          <input
            type="search"
            name="q"
            defaultValue={data.q}
            placeholder={t("searchHint")}
            aria-label={t("search")}
            style={{ width: "auto" }}
          />
          <input type="date" name="date" defaultValue={data.date} aria-label={t("date")} style={{ width: "auto" }} />
          <button type="submit" className="secondary">
            {t("show")}
          </button>
        </Form>
      </div>
      <WalkInTable
        rows={data.walkIns}
        storeId={data.storeId}
        timeZone={data.timeZone}
        empty={t("noWalkIns")}
        departForm={(w) =>
          data.canLog ? (
            <Form method="post">
              <input type="hidden" name="intent" value="depart" />
              <input type="hidden" name="walkInId" value={w.walkInId} />
              <input type="hidden" name="version" value={w.version} />
              <button type="submit" className="small secondary">
                {t("markDeparted")}
              </button>
            </Form>
          ) : null
        }
      />
    </>
  );
}
