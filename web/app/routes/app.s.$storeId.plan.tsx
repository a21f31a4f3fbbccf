/**
 * Today's plan (当日工作计划): a consultant's day by time — follow-ups, appointments,
 * test drives, any plan kind — with done ticks and overdue work in red; a
 * supervisor's table of every consultant's completion and overdue count, with
 * a drill-down into one consultant's day.
 */
import { addDays, isValidDate, localDate } from "@dealeros/core";
import { customerTasks, delivery, followUps, hasRole, retention } from "@dealeros/services";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { CompletionBar, KindBadge, OVERDUE_ROW, OVERDUE_STYLE, PlanState } from "../lib/followups";
import { attempt, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useFormatDateTime, useFormatTime, useT } from "../lib/i18n";
import { ErrorBanner, isFormError } from "../lib/ui";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const url = new URL(request.url);
  const supervisor = hasRole(ctx.actor, ...followUps.PLAN_SUPERVISORS);
  // a consultant always sees his own plan; a supervisor the table, or one consultant's day
  const owner = supervisor ? url.searchParams.get("owner") || undefined : "me";
  const date = url.searchParams.get("date") || undefined;
  return orNotFound(async () => {
    const plan = await followUps.getPlan(ctx, params.storeId!, { date, owner });
    const timeZone = ctx.store?.timeZone ?? "Asia/Shanghai";
    return {
      plan,
      storeId: params.storeId!,
      timeZone,
      supervisor,
      today: localDate(new Date(), timeZone),
      me: ctx.actor.userId,
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  if (str(form, "intent") === "customer-task-done") {
    const done = await attempt(() =>
      customerTasks.completeCustomerTask(
        ctx,
        params.storeId!,
        { customerId: str(form, "customerId") ?? "", kind: str(form, "kind") ?? "", id: str(form, "taskId") ?? "" },
        { outcome: str(form, "outcome") },
      ),
    );
    return done.ok ? { ok: true as const } : done.error;
  }
  if (str(form, "intent") === "greeting-done") {
    const done = await attempt(() => retention.completeGreeting(ctx, params.storeId!, str(form, "greetingId") ?? ""));
    return done.ok ? { ok: true as const } : done.error;
  }
  if (str(form, "intent") === "dunning-done") {
    const done = await attempt(() =>
      delivery.completeDunningTask(ctx, params.storeId!, str(form, "contractId") ?? "", {}),
    );
    return done.ok ? { ok: true as const, saved: "delivery.saved" } : done.error;
  }
  const r = await attempt(() =>
    followUps.recordAppointmentOutcome(
      ctx,
      params.storeId!,
      str(form, "prospectId") ?? "",
      str(form, "appointmentId") ?? "",
      { outcome: str(form, "outcome") },
    ),
  );
  if (!r.ok) return r.error;
  return { ok: true as const };
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;
type Item = Extract<Loaded["plan"], { view: "consultant" }>["items"][number];

function DayNav({ date, today, owner }: { date: string; today: string; owner?: string }) {
  const t = useT();
  const q = (d: string) => `?date=${d}${owner ? `&owner=${owner}` : ""}`;
  const valid = isValidDate(date);
  return (
    <div className="spread" style={{ marginBottom: 8 }}>
      <Form method="get" className="row">
        {owner ? <input type="hidden" name="owner" value={owner} /> : null}
        <label htmlFor="f-date" style={{ display: "flex", alignItems: "center", gap: 6 }}>
          {t("followups.date")}
          <input id="f-date" name="date" type="date" defaultValue={date} style={{ width: "auto" }} />
        </label>
        <button type="submit" className="small secondary">
          {t("followups.show")}
        </button>
      </Form>
      {valid ? (
        <nav className="row">
          <Link to={q(addDays(date, -1))}>{t("followups.prevDay")}</Link>
          {date !== today ? <Link to={q(today)}>{t("followups.today")}</Link> : null}
          <Link to={q(addDays(date, 1))}>{t("followups.nextDay")}</Link>
        </nav>
      ) : null}
    </div>
  );
}

function Figures({ f }: { f: Loaded["plan"]["figures"] }) {
  const t = useT();
  return (
    <div className="stats" data-testid="plan-figures">
      <div>
        <b>{f.due}</b>
        {t("followups.due")}
      </div>
      <div>
        <b>{f.done}</b>
        {t("followups.done")}
      </div>
      <div>
        <b>{f.completionRate === null ? "—" : `${f.completionRate}%`}</b>
        {t("followups.completion")}
      </div>
      <div style={f.overdue ? { borderColor: "var(--err)" } : undefined}>
        <b style={f.overdue ? OVERDUE_STYLE : undefined}>{f.overdue}</b>
        {t("followups.overdue")}
      </div>
    </div>
  );
}

function ItemRows({
  items,
  storeId,
  timeZone,
  withDate,
  canAct,
}: {
  items: Item[];
  storeId: string;
  timeZone: string;
  withDate?: boolean;
  canAct: boolean;
}) {
  const t = useT();
  const fmt = useFormatTime();
  const fmtDay = useFormatDateTime();
  return (
    <ul className="plain" data-testid={withDate ? "plan-overdue-before" : "plan-items"}>
      {items.map((i) => (
        <li
          key={`${i.kind}-${i.id}`}
          data-overdue={i.overdue ? "true" : undefined}
          style={i.overdue ? { ...OVERDUE_ROW, paddingLeft: 8 } : undefined}
        >
          <div className="spread">
            <div className="row">
              <strong style={i.overdue ? OVERDUE_STYLE : undefined}>
                {withDate ? fmtDay(i.dueAt, timeZone) : fmt(i.dueAt, timeZone)}
              </strong>
              <KindBadge kind={i.kind} />
              {i.kind === "greeting" && i.holiday ? (
                // holiday greeting (issue 7, H4): the owner's customer list
                <Link to={`/app/s/${storeId}/customers?owner=me`}>
                  {t(`retention.holiday.${i.holiday}`)} · {t("retention.greetingList")}
                </Link>
              ) : i.contractId ? (
                <Link to={`/app/s/${storeId}/${i.kind === "dunning" ? "k" : "delivery"}/${i.contractId}`}>
                  {i.title}
                </Link>
              ) : i.customerId ? (
                <Link to={`/app/s/${storeId}/cu/${i.customerId}`}>{i.title}</Link>
              ) : i.prospectId ? (
                <Link to={`/app/s/${storeId}/p/${i.prospectId}`}>{i.title}</Link>
              ) : (
                <span>{i.title}</span>
              )}
            </div>
            <PlanState status={i.status} overdue={i.overdue} />
          </div>
          <div className="muted">
            {[
              i.doneAt ? t("followups.doneAt", { time: (withDate ? fmtDay : fmt)(i.doneAt, timeZone) }) : null,
              i.outcome && i.kind === "appointment" ? t(`followups.appt.${i.outcome}`) : null,
              // retention reminders and greetings (issue 7, H4) in the UI language
              i.kind === "retention" && i.occasion
                ? t(`retention.${i.occasion}`, { date: i.occasionOn ?? "" })
                : i.kind === "greeting" && i.holiday
                  ? t("retention.greeting", {
                      holiday: t(`retention.holiday.${i.holiday}`),
                      date: i.holidayOn ?? "",
                      n: i.customers ?? 0,
                    })
                  : (i.note ?? null),
            ]
              .filter(Boolean)
              .join(" · ")}
          </div>
          {canAct && i.kind === "appointment" && i.status === "open" && i.prospectId ? (
            <Form method="post" className="row" style={{ marginTop: 6 }}>
              <input type="hidden" name="prospectId" value={i.prospectId} />
              <input type="hidden" name="appointmentId" value={i.id} />
              <button type="submit" name="outcome" value="arrived" className="small">
                {t("followups.arrived")}
              </button>
              <button type="submit" name="outcome" value="no_show" className="small secondary">
                {t("followups.noShow")}
              </button>
              <button type="submit" name="outcome" value="cancelled" className="small secondary">
                {t("followups.cancelAppointment")}
              </button>
            </Form>
          ) : null}
          {canAct && i.customerId && i.status === "open" ? (
            <Form method="post" className="row" style={{ marginTop: 6 }}>
              <input type="hidden" name="intent" value="customer-task-done" />
              <input type="hidden" name="customerId" value={i.customerId} />
              <input type="hidden" name="kind" value={i.kind} />
              <input type="hidden" name="taskId" value={i.id} />
              <input
                name="outcome"
                aria-label={t("followups.customerTaskOutcome")}
                placeholder={t("followups.customerTaskOutcome")}
                style={{ width: "auto", flex: 1 }}
              />
              <button type="submit" className="small">
                {t("followups.customerTaskDone")}
              </button>
            </Form>
          ) : null}
          {canAct && i.kind === "greeting" && i.status === "open" ? (
            <Form method="post" className="row" style={{ marginTop: 6 }}>
              <input type="hidden" name="intent" value="greeting-done" />
              <input type="hidden" name="greetingId" value={i.id} />
              <button type="submit" className="small">
                {t("retention.greetingDone")}
              </button>
            </Form>
          ) : null}
          {canAct && i.kind === "dunning" && i.status === "open" && i.contractId ? (
            <Form method="post" className="row" style={{ marginTop: 6 }}>
              <input type="hidden" name="intent" value="dunning-done" />
              <input type="hidden" name="contractId" value={i.contractId} />
              <button type="submit" className="small">
                {t("delivery.taskDone")}
              </button>
            </Form>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export default function Plan() {
  const t = useT();
  const { plan, storeId, timeZone, supervisor, today, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (plan.view === "supervisor") {
    return (
      <>
        <h2>{t("followups.planTitle", { date: plan.date })}</h2>
        <DayNav date={plan.date} today={today} />
        <Figures f={plan.figures} />
        {plan.consultants.length === 0 ? (
          <p className="empty">{t("followups.noConsultants")}</p>
        ) : (
          <table className="responsive" data-testid="plan-consultants">
            <thead>
              <tr>
                <th>{t("followups.consultant")}</th>
                <th>{t("followups.due")}</th>
                <th>{t("followups.done")}</th>
                <th style={{ width: "35%" }}>{t("followups.completion")}</th>
                <th>{t("followups.overdue")}</th>
              </tr>
            </thead>
            <tbody>
              {plan.consultants.map((c) => (
                <tr key={c.ownerId} style={c.overdue ? { background: "#fff6f5" } : undefined}>
                  <td data-label={t("followups.consultant")}>
                    <Link to={`?date=${plan.date}&owner=${c.ownerId}`}>
                      <strong>{c.ownerName}</strong>
                    </Link>
                  </td>
                  <td data-label={t("followups.due")}>{c.due}</td>
                  <td data-label={t("followups.done")}>{c.done}</td>
                  <td data-label={t("followups.completion")} style={{ minWidth: 140 }}>
                    <div style={{ flex: 1 }}>
                      <CompletionBar rate={c.completionRate} />
                    </div>
                  </td>
                  <td data-label={t("followups.overdue")}>
                    <span style={c.overdue ? OVERDUE_STYLE : undefined}>{c.overdue}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </>
    );
  }
  const mine = plan.ownerId === me;
  return (
    <>
      {supervisor && !mine ? (
        <p>
          <Link to={`?date=${plan.date}`}>{t("followups.allConsultants")}</Link>
        </p>
      ) : null}
      <h2>
        {mine ? t("followups.planTitle", { date: plan.date }) : t("followups.planOf", { name: plan.ownerName ?? "—" })}
        {mine ? null : ` · ${plan.date}`}
      </h2>
      <DayNav date={plan.date} today={today} owner={supervisor && !mine ? plan.ownerId : undefined} />
      {result && !isFormError(result) ? (
        <div className="banner ok">{t(("saved" in result && result.saved) || "followups.appointmentSaved")}</div>
      ) : null}
      <ErrorBanner data={result} />
      <Figures f={plan.figures} />
      {plan.overdueBefore.length ? (
        <div className="card" style={{ borderColor: "var(--err)" }}>
          <h2 style={{ marginTop: 0, ...OVERDUE_STYLE }}>
            {t("followups.overdueBefore")} ({plan.overdueBefore.length})
          </h2>
          <ItemRows items={plan.overdueBefore} storeId={storeId} timeZone={timeZone} withDate canAct />
        </div>
      ) : null}
      {plan.items.length === 0 ? (
        <p className="empty">{t("followups.noItems")}</p>
      ) : (
        <div className="card">
          <ItemRows items={plan.items} storeId={storeId} timeZone={timeZone} canAct />
        </div>
      )}
    </>
  );
}
