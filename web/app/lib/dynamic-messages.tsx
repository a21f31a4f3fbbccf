/**
 * Server messages that carry values (a time, a name, a count): each feature
 * lists its patterns with the catalogue key and the names of the captured
 * values; the rest go through the catalogues' exact translations.
 */
import { useLang, useT } from "./i18n";
import { translateServerMessage } from "./server-messages";
import { isFormError } from "./ui";

export type DynamicMessages = readonly [RegExp, string, string[]][];

/** A translator for one feature's server messages. */
export function useDynamicMessage(dynamic: DynamicMessages) {
  const t = useT();
  const lang = useLang();
  return (m: string | undefined): string | undefined => {
    if (!m) return m;
    for (const [re, key, names] of dynamic) {
      const hit = re.exec(m);
      if (hit) return t(key, Object.fromEntries(names.map((n, i) => [n, hit[i + 1]!])));
    }
    return translateServerMessage(lang, m);
  };
}

/** The form error banner of a feature, its message translated. */
export function DynamicErrorBanner({ data, dynamic }: { data: unknown; dynamic: DynamicMessages }) {
  const msg = useDynamicMessage(dynamic);
  if (!isFormError(data)) return null;
  return (
    <div className="banner err" role="alert">
      {msg(data.message)}
    </div>
  );
}
