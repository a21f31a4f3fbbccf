import { FLOOR_MANAGERS } from "@dealeros/core";
import { attendance, showroom } from "@dealeros/services";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { attempt, str } from "../lib/forms.server";
import { useFormatTime, useT } from "../lib/i18n";
import { ErrorBanner } from "../lib/ui";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  // the roster and attendance of today, shown beside each consultant
  const [board, today] = await Promise.all([
    showroom.getDutyBoard(ctx, params.storeId!),
    attendance.getAttendanceDay(ctx, params.storeId!),
  ]);
  return {
    board,
    people: Object.fromEntries(today.people.map((p) => [p.userId, p])),
    timeZone: ctx.store?.timeZone ?? "Asia/Shanghai",
    me: ctx.actor.userId,
    canToggleAnyone: ctx.actor.roles.some((r) => r === "receptionist" || FLOOR_MANAGERS.includes(r)),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const r = await attempt(() =>
    showroom.setDuty(ctx, params.storeId!, str(form, "userId") ?? "", { onDuty: str(form, "onDuty") === "true" }),
  );
  if (!r.ok) return r.error;
  return { ok: true as const };
}

export default function Duty() {
  const t = useT();
  const fmt = useFormatTime();
  const { board, people, me, canToggleAnyone, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <ErrorBanner data={result} />
      <p className="muted">
        {t("date")}: {board.date}
      </p>
      {board.entries.length === 0 ? (
        <p className="empty">{t("noConsultants")}</p>
      ) : (
        <table className="responsive" data-testid="duty-board">
          <thead>
            <tr>
              <th>{t("position")}</th>
              <th>{t("consultant")}</th>
              <th>{t("status")}</th>
              <th>{t("checkedIn")}</th>
              <th>{t("attendance.shift")}</th>
              <th>{t("attendance.signInAttendance")}</th>
              <th>{t("attendance.whereabouts")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {board.entries.map((e) => (
              <tr key={e.userId}>
                <td data-label={t("position")}>{e.position ?? "—"}</td>
                <td data-label={t("consultant")}>
                  <strong>{e.name}</strong> {e.next ? <span className="pill warn">{t("nextUp")}</span> : null}
                  {e.overdueFollowUps ? (
                    <div>
                      <span className="pill" style={{ background: "#fdecea", color: "var(--err)" }}>
                        {e.skipped ? `${t("followups.skippedBadge")} · ` : ""}
                        {t("followups.overdueBadge", { n: e.overdueFollowUps })}
                      </span>
                    </div>
                  ) : null}
                </td>
                <td data-label={t("status")}>
                  <span className={e.onDuty ? "pill ok" : "pill off"}>{e.onDuty ? t("onDuty") : t("offDuty")}</span>
                </td>
                <td data-label={t("checkedIn")}>{fmt(e.checkedInAt, timeZone)}</td>
                <td data-label={t("attendance.shift")}>
                  {people[e.userId]?.shifts.length
                    ? people[e.userId]!.shifts.map((s) => `${s.start}–${s.end}`).join(", ")
                    : t("attendance.notRostered")}
                </td>
                <td data-label={t("attendance.signInAttendance")}>
                  {fmt(people[e.userId]?.signedInAt, timeZone)}{" "}
                  {people[e.userId]?.late ? (
                    <span className="pill warn">
                      {t("attendance.late", { minutes: people[e.userId]!.lateMinutes })}
                    </span>
                  ) : null}
                </td>
                <td data-label={t("attendance.whereabouts")}>
                  {t(`attendance.status.${people[e.userId]?.status ?? "absent"}`)}
                  {people[e.userId]?.out
                    ? ` · ${people[e.userId]!.out!.destination} → ${fmt(people[e.userId]!.out!.expectedReturn, timeZone)}`
                    : ""}
                </td>
                <td>
                  {canToggleAnyone || e.userId === me ? (
                    <Form method="post">
                      <input type="hidden" name="userId" value={e.userId} />
                      <input type="hidden" name="onDuty" value={e.onDuty ? "false" : "true"} />
                      <button type="submit" className={e.onDuty ? "small secondary" : "small"}>
                        {e.onDuty ? t("goOffDuty") : t("goOnDuty")}
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
