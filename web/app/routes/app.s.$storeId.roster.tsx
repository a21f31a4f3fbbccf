/**
 * The duty roster of a week (排班) with its door coverage: managers edit the
 * week grid (a phone shows one day at a time), copy last week in one step;
 * everyone sees the coverage grid with the gaps in red.
 */
import {
  addDays,
  formatShifts,
  isoWeekOf,
  localDate,
  parseShiftText,
  ROSTER_DAYS,
  type RosterDay,
  rosterDayOf,
} from "@dealeros/core";
import { roster } from "@dealeros/services";
import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { type ActionError, attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useFormatTime, useT } from "../lib/i18n";
import { ErrorBanner, isFormError, useServerMessage } from "../lib/ui";
import styles from "../styles/roster.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const cell = (userId: string, day: RosterDay) => `s.${userId}.${day}`;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const url = new URL(request.url);
  const week = url.searchParams.get("week") || undefined;
  return orNotFound(async () => {
    const page = await roster.getRosterPage(ctx, params.storeId!, { week });
    const timeZone = ctx.store?.timeZone ?? "Asia/Shanghai";
    const today = localDate(new Date(), timeZone);
    const asked = url.searchParams.get("day");
    const day: RosterDay = ROSTER_DAYS.includes(asked as RosterDay)
      ? (asked as RosterDay)
      : page.roster.dates.includes(today)
        ? rosterDayOf(today)
        : "mon";
    return { ...page, day, today, timeZone, thisWeek: isoWeekOf(today) };
  });
}

/** Service field errors (consultants.3.days.tue.0.end) land on the roster cell they are about. */
function cellErrors(e: ActionError, uids: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.fields)) {
    const m = /^consultants\.(\d+)\.(?:days\.(\w+)|userId)/.exec(k);
    const uid = m ? uids[Number(m[1])] : undefined;
    if (uid) out[cell(uid, (m![2] as RosterDay) ?? "mon")] ??= v;
    else out[k] = v;
  }
  return out;
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const week = str(form, "week") || undefined;
  const version = Number(str(form, "version") ?? "0");
  if (str(form, "intent") === "copy") {
    const r = await attempt(() => roster.copyLastWeek(ctx, params.storeId!, { week }, { version }));
    if (!r.ok) return r.error;
    return { ok: true as const, done: "copied" as const, skipped: r.value.skipped };
  }
  const uids = form.getAll("uid").map(String);
  const errors: Record<string, string> = {};
  const consultants = uids.map((userId) => {
    const days: Partial<Record<RosterDay, { start: string; end: string }[]>> = {};
    for (const d of ROSTER_DAYS) {
      const parsed = parseShiftText(str(form, cell(userId, d)) ?? "");
      if ("error" in parsed) errors[cell(userId, d)] = parsed.error;
      else days[d] = parsed.shifts;
    }
    return { userId, days };
  });
  const values = formValues(form);
  if (Object.keys(errors).length) {
    return data<ActionError>(
      { ok: false, code: "validation_failed", message: Object.values(errors)[0]!, fields: errors, values },
      { status: 400 },
    );
  }
  const r = await attempt(() => roster.saveRoster(ctx, params.storeId!, { week }, { version, consultants }), values);
  if (!r.ok) {
    const body = r.error.data;
    return data<ActionError>({ ...body, fields: cellErrors(body, uids) }, { status: r.error.init?.status ?? 400 });
  }
  return { ok: true as const, done: "saved" as const, skipped: [] as string[] };
}

export default function RosterPage() {
  const t = useT();
  const fmt = useFormatTime();
  const msg = useServerMessage();
  const { roster: r, coverage, day, today, timeZone, thisWeek } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = isFormError(result) ? result : undefined;
  const done = result && !isFormError(result) ? result : undefined;
  const base = "?week=";
  const prev = isoWeekOf(addDays(r.weekStart, -7));
  const next = isoWeekOf(addDays(r.weekStart, 7));
  const gapDays = new Set(coverage.gaps.map((g) => g.day));
  const slotRows = coverage.days.find((d) => !d.closed)?.slots.map((s) => `${s.start}–${s.end}`) ?? [];
  const dateLabel = (date: string) => date.slice(5);
  const cellValue = (userId: string, d: RosterDay, shifts: { start: string; end: string }[] | undefined) =>
    err?.values?.[cell(userId, d)] ?? formatShifts(shifts);
  return (
    <>
      <div className="ro-weeknav">
        <Link to={`${base}${prev}&day=${day}`}>{t("roster.prevWeek")}</Link>
        <strong data-testid="roster-week">
          {t("roster.weekLabel", {
            year: r.week.slice(0, 4),
            n: Number(r.week.slice(6)),
            from: r.dates[0]!,
            to: r.dates[6]!,
          })}
        </strong>
        {r.week !== thisWeek ? <Link to={`${base}${thisWeek}`}>{t("roster.thisWeek")}</Link> : null}
        <Link to={`${base}${next}&day=${day}`}>{t("roster.nextWeek")}</Link>
      </div>

      {done ? (
        <div className="banner ok" role="status">
          {t(done.done === "copied" ? "roster.copied" : "roster.saved")}
          {done.skipped.length ? ` ${t("roster.copySkipped", { names: done.skipped.join(", ") })}` : ""}
        </div>
      ) : null}
      <ErrorBanner data={result} />

      <nav className="ro-days" aria-label={t("roster.title")}>
        {ROSTER_DAYS.map((d, i) => (
          <Link
            key={d}
            to={`${base}${r.week}&day=${d}`}
            className={[d === day ? "on" : "", gapDays.has(d) ? "gap" : ""].join(" ")}
            aria-current={d === day ? "true" : undefined}
          >
            {t(`roster.day.${d}`)} {dateLabel(r.dates[i]!).slice(3)}
          </Link>
        ))}
      </nav>

      {r.consultants.length === 0 ? (
        <p className="empty">{t("roster.noConsultants")}</p>
      ) : (
        <Form method="post" className="stack" key={`${r.week}-${r.version}`}>
          <input type="hidden" name="week" value={r.week} />
          <input type="hidden" name="version" value={r.version} />
          <div className="ro-scroll">
            <table className={`ro-grid show-${day}`} data-testid="roster-grid">
              <thead>
                <tr>
                  <th>{t("roster.consultant")}</th>
                  {ROSTER_DAYS.map((d, i) => (
                    <th key={d} data-day={d} className={r.dates[i] === today ? "ro-today" : undefined}>
                      {t(`roster.day.${d}`)} {dateLabel(r.dates[i]!)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {r.consultants.map((c) => (
                  <tr key={c.userId}>
                    <td className="ro-name">
                      <strong>{c.name}</strong>
                      {!c.active ? <div className="muted">{t("roster.inactive")}</div> : null}
                      <input type="hidden" name="uid" value={c.userId} />
                    </td>
                    {ROSTER_DAYS.map((d) => {
                      const name = cell(c.userId, d);
                      const error = err?.fields[name];
                      return (
                        <td key={d} data-day={d}>
                          {r.canEdit && c.active ? (
                            <>
                              <input
                                name={name}
                                defaultValue={cellValue(c.userId, d, c.days[d])}
                                placeholder={t("roster.off")}
                                aria-label={`${c.name} ${t(`roster.day.${d}`)}`}
                                aria-invalid={error ? true : undefined}
                                inputMode="text"
                                maxLength={60}
                              />
                              {error ? <div className="field-error">{msg(error)}</div> : null}
                            </>
                          ) : (
                            <>
                              {r.canEdit ? <input type="hidden" name={name} value={formatShifts(c.days[d])} /> : null}
                              <span className={c.days[d]?.length ? "ro-shift" : "ro-off"}>
                                {formatShifts(c.days[d]) || t("roster.off")}
                              </span>
                            </>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {r.canEdit ? (
            <>
              <p className="muted">{t("roster.cellHint")}</p>
              <div className="row">
                <button type="submit" name="intent" value="save">
                  {t("roster.save")}
                </button>
                <button type="submit" name="intent" value="copy" className="secondary" title={t("roster.copyHint")}>
                  {t("roster.copy")}
                </button>
              </div>
            </>
          ) : (
            <p className="muted">{t("roster.readOnly")}</p>
          )}
          <p className="muted">
            {r.updatedByName
              ? t("roster.lastChange", { by: r.updatedByName, at: fmt(r.updatedAt, timeZone), version: r.version })
              : t("roster.empty")}
          </p>
        </Form>
      )}

      <h2>{t("roster.coverage")}</h2>
      <p className="muted">{t("roster.coverageHint", { min: coverage.doorMinimum })}</p>
      {coverage.gaps.length ? (
        <div className="banner err" role="alert" data-testid="coverage-gaps">
          <strong>{t("roster.gapCount", { count: coverage.gaps.length })}</strong>
          <ul className="ro-gaps">
            {coverage.gaps.slice(0, 12).map((g) => (
              <li key={`${g.date}-${g.start}`}>
                {t("roster.gapLine", {
                  day: t(`roster.day.${g.day}`),
                  date: dateLabel(g.date),
                  start: g.start,
                  end: g.end,
                  count: g.count,
                  needed: g.needed,
                })}
              </li>
            ))}
            {coverage.gaps.length > 12 ? <li>…</li> : null}
          </ul>
        </div>
      ) : (
        <div className="banner ok" role="status" data-testid="coverage-ok">
          {t("roster.noGaps", { min: coverage.doorMinimum })}
        </div>
      )}
      <div className="ro-scroll">
        <table className="ro-cov" data-testid="coverage-grid">
          <thead>
            <tr>
              <th>{t("roster.hour")}</th>
              {coverage.days.map((d) => (
                <th key={d.date} className={d.date === today ? "ro-today" : undefined}>
                  {t(`roster.day.${d.day}`)}
                  <div className="muted">{dateLabel(d.date)}</div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {slotRows.map((label, row) => (
              <tr key={label}>
                <td>{label.slice(0, 5)}</td>
                {coverage.days.map((d) => {
                  if (d.closed)
                    return (
                      <td key={d.date} className="ro-closed">
                        {row === 0 ? t("roster.closed") : ""}
                      </td>
                    );
                  const s = d.slots[row];
                  return (
                    <td
                      key={d.date}
                      className={s?.gap ? "ro-gap" : undefined}
                      title={s ? `${s.start}–${s.end}: ${s.names.join(", ")}` : undefined}
                    >
                      {s?.count ?? ""}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {r.history.length ? (
        <>
          <h2>{t("roster.history")}</h2>
          <ul className="plain">
            {[...r.history].reverse().map((a) => (
              <li key={`${a.at}-${a.action}`}>
                <strong>{t(`audit.${a.action}`)}</strong> · {a.byName} · {localDate(a.at, timeZone)}{" "}
                {fmt(a.at, timeZone)}
                {a.detail.changed ? <div className="muted">{String(a.detail.changed)}</div> : null}
                {a.detail.skipped ? <div className="muted">{String(a.detail.skipped)}</div> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
