import { Form, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useLang, useT } from "./i18n";
import { translateServerMessage } from "./server-messages";

export interface FormErrorData {
  ok: false;
  message: string;
  fields: Record<string, string>;
  values?: Record<string, string>;
}

export function isFormError(d: unknown): d is FormErrorData {
  return !!d && typeof d === "object" && (d as { ok?: boolean }).ok === false;
}

/** A server message in the UI language. */
export function useServerMessage() {
  const lang = useLang();
  return (m: string | undefined) => (m ? translateServerMessage(lang, m) : m);
}

export function Field(props: {
  name: string;
  /** makes the input's id unique when one page has several forms with this field (`<idPrefix>-<name>`) */
  idPrefix?: string;
  /** the server's field name when it differs from the form's (e.g. amount → approvedFen) */
  errorField?: string;
  /** a failed submission: its message for this field and the value typed */
  form?: { fields: Record<string, string>; values?: Record<string, string> };
  label: string;
  error?: string;
  type?: string;
  defaultValue?: string | number;
  required?: boolean;
  placeholder?: string;
  autoComplete?: string;
  inputMode?: "numeric" | "decimal" | "tel" | "email" | "text";
  min?: number;
  max?: number | string;
  maxLength?: number;
  children?: ReactNode;
}) {
  const id = props.idPrefix ? `${props.idPrefix}-${props.name}` : `f-${props.name}`;
  const msg = useServerMessage();
  const error = props.error ?? props.form?.fields[props.errorField ?? props.name];
  const defaultValue = props.defaultValue ?? (props.type === "password" ? undefined : props.form?.values?.[props.name]);
  return (
    <label htmlFor={id}>
      {props.label}
      {props.children ?? (
        <input
          id={id}
          name={props.name}
          type={props.type ?? "text"}
          defaultValue={defaultValue}
          required={props.required}
          placeholder={props.placeholder}
          autoComplete={props.autoComplete}
          inputMode={props.inputMode}
          min={props.min}
          max={props.max}
          maxLength={props.maxLength}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-err` : undefined}
        />
      )}
      {error ? (
        <span className="field-error" id={`${id}-err`}>
          {msg(error)}
        </span>
      ) : null}
    </label>
  );
}

export function ErrorBanner({ data, fallback }: { data: unknown; fallback?: string }) {
  const msg = useServerMessage();
  if (!isFormError(data)) return null;
  return (
    <div className="banner err" role="alert">
      {msg(data.message) || fallback}
    </div>
  );
}

/** A small GET form that shows the page for another day (?date=YYYY-MM-DD); children are extra (hidden) query fields. */
export function DayPicker(props: { date: string; buttonClassName?: string; label?: string; children?: ReactNode }) {
  const t = useT();
  return (
    <Form method="get" className="row">
      {props.children}
      <input type="date" name="date" defaultValue={props.date} aria-label={t("date")} style={{ width: "auto" }} />
      <button type="submit" className={props.buttonClassName}>
        {props.label ?? t("show")}
      </button>
    </Form>
  );
}

export function LangSwitch() {
  const t = useT();
  const lang = useLang();
  const location = useLocation();
  return (
    <Form method="post" action="/lang" reloadDocument>
      <input type="hidden" name="lang" value={lang === "zh" ? "en" : "zh"} />
      <input type="hidden" name="back" value={location.pathname + location.search} />
      <button type="submit" className="link" style={{ color: "inherit" }} data-testid="lang-switch">
        {t("language")}
      </button>
    </Form>
  );
}

/** The narrow page used before sign-in: title, language switch, a card with the form. */
export function AuthShell(props: {
  title: string;
  data: unknown;
  intro?: ReactNode;
  footer?: ReactNode;
  children: ReactNode;
}) {
  return (
    <main className="narrow">
      <div className="spread">
        <h1>{props.title}</h1>
        <LangSwitch />
      </div>
      {props.intro}
      <div className="card">
        <ErrorBanner data={props.data} />
        {props.children}
      </div>
      {props.footer ? <p className="muted">{props.footer}</p> : null}
    </main>
  );
}

/** Email + password, for sign-in and sign-up. */
export function Credentials(props: { form?: FormErrorData; newPassword?: boolean }) {
  const t = useT();
  return (
    <>
      <Field name="email" type="email" label={t("email")} autoComplete="username" required form={props.form} />
      <Field
        name="password"
        type="password"
        label={t("password")}
        autoComplete={props.newPassword ? "new-password" : "current-password"}
        required
        form={props.form}
      />
    </>
  );
}

/** A select of consultants (value: userId) for a Field of the same name; the empty option comes first. */
export function ConsultantSelect(props: {
  name: string;
  consultants: { userId: string; name: string }[];
  defaultValue?: string;
  emptyLabel?: string;
}) {
  return (
    <select id={`f-${props.name}`} name={props.name} defaultValue={props.defaultValue ?? ""}>
      <option value="">{props.emptyLabel ?? "—"}</option>
      {props.consultants.map((c) => (
        <option key={c.userId} value={c.userId}>
          {c.name}
        </option>
      ))}
    </select>
  );
}

/** Hand a record to another consultant with a reason (walk-in reassignment, card transfer). */
export function HandOver(props: {
  field: string;
  label: string;
  consultants: { userId: string; name: string }[];
  form?: FormErrorData;
  submit: string;
}) {
  const t = useT();
  return (
    <>
      <div className="grid2">
        <Field name={props.field} label={props.label} error={props.form?.fields[props.field]}>
          <ConsultantSelect name={props.field} consultants={props.consultants} />
        </Field>
        <Field name="reason" label={t("reason")} maxLength={200} form={props.form} />
      </div>
      <button type="submit">{props.submit}</button>
    </>
  );
}
