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
  label: string;
  error?: string;
  type?: string;
  defaultValue?: string | number;
  required?: boolean;
  placeholder?: string;
  autoComplete?: string;
  inputMode?: "numeric" | "tel" | "email" | "text";
  min?: number;
  max?: number;
  maxLength?: number;
  children?: ReactNode;
}) {
  const id = `f-${props.name}`;
  const msg = useServerMessage();
  return (
    <label htmlFor={id}>
      {props.label}
      {props.children ?? (
        <input
          id={id}
          name={props.name}
          type={props.type ?? "text"}
          defaultValue={props.defaultValue}
          required={props.required}
          placeholder={props.placeholder}
          autoComplete={props.autoComplete}
          inputMode={props.inputMode}
          min={props.min}
          max={props.max}
          maxLength={props.maxLength}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={props.error ? `${id}-err` : undefined}
        />
      )}
      {props.error ? (
        <span className="field-error" id={`${id}-err`}>
          {msg(props.error)}
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
