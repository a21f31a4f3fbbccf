/** The follow-up part of a prospect card: next due time, the "complete follow-up" form (phone-sized) and the history. */
import { FOLLOW_UP_CHANNELS, FOLLOW_UP_OUTCOMES } from "@dealeros/core";
import { Form } from "@remix-run/react";
import { OVERDUE_STYLE } from "./followups";
import { useFormatDateTime, useT } from "./i18n";
import { Field } from "./ui";

export interface FollowUpRow {
  followUpId: string;
  at: string;
  channel: string;
  outcome: string;
  note?: string;
  nextStep?: string;
  appointmentAt?: string;
  wasOverdue?: boolean;
  nextFollowUpAt?: string;
  byName: string;
}

export function FollowUpPanel(props: {
  card: { version: number; status: string; grade: string | null; nextFollowUpAt?: string };
  followUps: FollowUpRow[];
  now: string;
  timeZone: string;
  canRecord: boolean;
  /** a failed submission of this form: field messages and the values typed */
  error?: { fields: Record<string, string>; values?: Record<string, string> };
  /** the next due time a successful submission set (null: none) */
  savedNext?: string | null;
}) {
  const t = useT();
  const fmt = useFormatDateTime();
  const { card, timeZone } = props;
  const overdue = card.status === "active" && !!card.nextFollowUpAt && card.nextFollowUpAt < props.now;
  const f = props.error?.fields ?? {};
  const v = props.error?.values ?? {};
  return (
    <div className="card" data-testid="followups">
      <div className="spread">
        <h2 style={{ margin: 0 }}>{t("followups.history")}</h2>
        <span data-testid="next-followup" data-overdue={overdue ? "true" : undefined}>
          {t("followups.nextDue")}:{" "}
          {card.nextFollowUpAt ? (
            <strong style={overdue ? OVERDUE_STYLE : undefined}>
              {fmt(card.nextFollowUpAt, timeZone)}
              {overdue ? ` · ${t("followups.isOverdue")}` : ""}
            </strong>
          ) : (
            <span className="muted">{t("followups.noNextDue")}</span>
          )}
        </span>
      </div>
      {card.status === "active" && card.grade === null ? (
        <p className="muted">{t("followups.gradeToSchedule")}</p>
      ) : null}
      {props.savedNext !== undefined ? (
        <div className="banner ok" style={{ marginTop: 8 }}>
          {props.savedNext ? t("followups.savedNext", { next: fmt(props.savedNext, timeZone) }) : t("followups.saved")}
        </div>
      ) : null}
      {props.canRecord ? (
        <Form method="post" className="stack" data-testid="followup-form" key={props.followUps.length}>
          <h3 style={{ margin: "10px 0 0", fontSize: "1rem" }}>{t("followups.complete")}</h3>
          <input type="hidden" name="intent" value="followup" />
          <input type="hidden" name="version" value={card.version} />
          <div className="grid2">
            <Field name="fuChannel" label={t("followups.channel")} error={f.channel}>
              <select id="f-fuChannel" name="fuChannel" defaultValue={v.fuChannel ?? "call"}>
                {FOLLOW_UP_CHANNELS.map((c) => (
                  <option key={c} value={c}>
                    {t(`followups.channel.${c}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field name="fuOutcome" label={t("followups.outcome")} error={f.outcome}>
              <select id="f-fuOutcome" name="fuOutcome" defaultValue={v.fuOutcome ?? "reached"}>
                {FOLLOW_UP_OUTCOMES.map((o) => (
                  <option key={o} value={o}>
                    {t(`followups.outcome.${o}`)}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <Field name="fuNote" label={t("followups.note")} maxLength={500} defaultValue={v.fuNote} error={f.note} />
          <Field
            name="fuNextStep"
            label={t("followups.nextStep")}
            maxLength={200}
            defaultValue={v.fuNextStep}
            error={f.nextStep}
          />
          <Field
            name="fuAppointmentAt"
            type="datetime-local"
            label={t("followups.appointmentAt")}
            defaultValue={v.fuAppointmentAt}
            error={f.appointmentAt}
          />
          <span className="muted" style={{ marginTop: -6 }}>
            {t("followups.appointmentHint")}
          </span>
          <button type="submit">{t("followups.complete")}</button>
        </Form>
      ) : null}
      {props.followUps.length === 0 ? (
        <p className="muted">{t("followups.noHistory")}</p>
      ) : (
        <ul className="plain" data-testid="followup-history">
          {props.followUps.map((h) => (
            <li key={h.followUpId}>
              <strong>{t(`followups.outcome.${h.outcome}`)}</strong> · {t(`followups.channel.${h.channel}`)} ·{" "}
              {h.byName} · {fmt(h.at, timeZone)}
              {h.wasOverdue ? (
                <>
                  {" "}
                  <span className="pill warn">{t("followups.wasOverdue")}</span>
                </>
              ) : null}
              {h.note ? <div>{h.note}</div> : null}
              <div className="muted">
                {[
                  h.nextStep ? `${t("followups.nextStep")}: ${h.nextStep}` : null,
                  h.appointmentAt ? t("followups.appointmentOn", { at: fmt(h.appointmentAt, timeZone) }) : null,
                  h.nextFollowUpAt ? `${t("followups.nextDue")}: ${fmt(h.nextFollowUpAt, timeZone)}` : null,
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
