/** Customer and roadside UI helpers (issue 7, H3): server messages that name a customer, VIN or step. */
import { patterns } from "../catalogues/customers";
import { useLang } from "./i18n";
import { isFormError, useServerMessage } from "./ui";

/** A server message in the UI language, including those that name a customer (claims) or a step. */
export function useCustomerMessage() {
  const lang = useLang();
  const server = useServerMessage();
  return (m: string | undefined) => {
    if (!m) return m;
    if (lang === "zh")
      for (const [re, fn] of patterns) {
        const hit = re.exec(m);
        if (hit) return fn(hit);
      }
    return server(m);
  };
}

export function CustomerErrorBanner({ data }: { data: unknown }) {
  const msg = useCustomerMessage();
  if (!isFormError(data)) return null;
  return (
    <div className="banner err" role="alert" data-testid="customer-error">
      {msg(data.message)}
    </div>
  );
}

/** Field errors of a failed form, translated (pass as `error` to Field). */
export function useFieldErrors(data: unknown) {
  const msg = useCustomerMessage();
  const fields = isFormError(data) ? data.fields : {};
  return (name: string) => (fields[name] ? msg(fields[name]) : undefined);
}
