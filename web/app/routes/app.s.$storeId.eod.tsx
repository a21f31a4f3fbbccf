import { eod } from "@dealeros/services";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useFormatTime, useT } from "../lib/i18n";
import { DayPicker, ErrorBanner, Field, isFormError } from "../lib/ui";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const date = new URL(request.url).searchParams.get("date") || undefined;
  return orNotFound(async () => {
    const check = await eod.getEndOfDay(ctx, params.storeId!, { date });
    const history =
      check.canTick || ctx.actor.roles.includes("receptionist") ? await eod.listEndOfDay(ctx, params.storeId!) : [];
    return { check, history, storeId: params.storeId! };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const r = await attempt(
    () => eod.tickEndOfDay(ctx, params.storeId!, { date: str(form, "date"), note: str(form, "note") }),
    formValues(form),
  );
  if (!r.ok) return r.error;
  return { ok: true as const };
}

const KIND_ORDER = [
  "walk_in_without_card",
  "card_without_needs",
  "drive_without_sign_off",
  "overdue_follow_up",
] as const;

export default function EndOfDay() {
  const { check, history, storeId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const time = useFormatTime();
  const busy = useNavigation().state !== "idle";
  const form = isFormError(result) ? result : undefined;
  const link = (g: (typeof check.gaps)[number]) =>
    g.kind === "walk_in_without_card"
      ? `/app/s/${storeId}/w/${g.id}`
      : g.kind === "drive_without_sign_off"
        ? `/app/s/${storeId}/td/${g.id}`
        : `/app/s/${storeId}/p/${g.prospectId}`;
  return (
    <>
      <div className="spread">
        <h1>{t("eod.title")}</h1>
        <DayPicker date={check.date} />
      </div>
      <p className="muted">
        {check.live
          ? t("eod.live")
          : check.ticked
            ? t("eod.keptAtTick")
            : t("eod.kept", { at: `${check.date} ${time(check.computedAt, check.timeZone)}` })}
      </p>
      {!check.canTick && !check.ticked && check.gaps.length > 0 && !history.length ? (
        <p className="muted">{t("eod.mine")}</p>
      ) : null}
      {check.gaps.length === 0 ? (
        <div className="banner ok" data-testid="eod-clear">
          {t("eod.allClear")}
        </div>
      ) : (
        <div className="card" data-testid="eod-gaps">
          <h2 className="err-text">{t("eod.gaps", { n: check.gaps.length })}</h2>
          {KIND_ORDER.map((kind) => {
            const gaps = check.gaps.filter((g) => g.kind === kind);
            if (!gaps.length) return null;
            return (
              <div key={kind}>
                <h3>
                  {t(`eod.kind.${kind}`)} ({gaps.length})
                </h3>
                <ul className="plain">
                  {gaps.map((g) => (
                    <li key={`${g.kind}-${g.id}`} className="spread">
                      <span>
                        {time(g.at, check.timeZone)} · <b>{g.title}</b> · {g.ownerName ?? "—"}
                      </span>
                      <Link to={link(g)}>{t("eod.open")}</Link>
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
        </div>
      )}
      <p className="muted">
        {t("eod.checked", {
          walkIns: check.checked.walkIns,
          cards: check.checked.cardsCreated,
          drives: check.checked.drivesCompleted,
          followUps: check.checked.openFollowUps,
        })}{" "}
        {t("eod.calls")}
      </p>
      <div className="card" data-testid="eod-tick">
        {check.ticked ? (
          <p>
            {t("eod.ticked", {
              by: check.ticked.byName,
              at: time(check.ticked.at, check.timeZone),
              n: check.ticked.gapsAtTick,
            })}
            {check.ticked.note ? ` — ${check.ticked.note}` : ""}
          </p>
        ) : check.canTick ? (
          <Form method="post">
            <ErrorBanner data={result} />
            <input type="hidden" name="date" value={check.date} />
            <Field name="note" label={t("eod.note")} form={form} maxLength={500} />
            <button type="submit" disabled={busy}>
              {t("eod.tick")}
            </button>
          </Form>
        ) : (
          <p className="muted">{t("eod.notTicked")}</p>
        )}
      </div>
      {history.length ? (
        <div className="card">
          <h2>{t("eod.history")}</h2>
          <ul className="plain">
            {history.map((h) => (
              <li key={h.date} className="spread">
                <Link to={`?date=${h.date}`}>{h.date}</Link>
                <span>
                  {t("eod.gaps", { n: h.gaps.length })} ·{" "}
                  {h.ticked ? `✓ ${h.ticked.byName}` : <span className="pill warn">{t("eod.notTicked")}</span>}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}
