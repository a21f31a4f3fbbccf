import { useLang, useT } from "./i18n";
import { Field } from "./ui";

export const TIME_ZONES = [
  "Asia/Shanghai",
  "Asia/Urumqi",
  "Asia/Hong_Kong",
  "Asia/Taipei",
  "Asia/Singapore",
  "Asia/Tokyo",
  "Europe/Berlin",
  "America/New_York",
  "America/Los_Angeles",
  "UTC",
];
const WEEKDAYS = {
  zh: ["日", "一", "二", "三", "四", "五", "六"],
  en: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
};

export function StoreFields(props: {
  err?: { fields: Record<string, string>; values?: Record<string, string> };
  store?: {
    name: string;
    city: string;
    timeZone: string;
    openingHours: { open: string; close: string; closedWeekdays: number[] };
    brands: string[];
  };
}) {
  const t = useT();
  const lang = useLang();
  const v = props.err?.values;
  const s = props.store;
  const f = props.err?.fields ?? {};
  const closed = s?.openingHours.closedWeekdays ?? [];
  return (
    <>
      <div className="grid2">
        <Field
          name="name"
          label={t("store")}
          required
          maxLength={80}
          defaultValue={v?.name ?? s?.name}
          error={f.name}
        />
        <Field name="city" label={t("city")} required maxLength={40} defaultValue={v?.city ?? s?.city} error={f.city} />
      </div>
      <div className="grid4">
        <Field name="timeZone" label={t("timeZone")} error={f.timeZone}>
          <select id="f-timeZone" name="timeZone" defaultValue={v?.timeZone ?? s?.timeZone ?? "Asia/Shanghai"}>
            {TIME_ZONES.map((z) => (
              <option key={z}>{z}</option>
            ))}
          </select>
        </Field>
        <Field
          name="open"
          type="time"
          label={t("opens")}
          required
          defaultValue={v?.open ?? s?.openingHours.open ?? "09:00"}
          error={f["openingHours.open"]}
        />
        <Field
          name="close"
          type="time"
          label={t("closes")}
          required
          defaultValue={v?.close ?? s?.openingHours.close ?? "18:00"}
          error={f["openingHours.close"]}
        />
        <Field
          name="brands"
          label={t("brands")}
          required
          defaultValue={v?.brands ?? s?.brands.join(", ")}
          error={f.brands ?? f["brands.0"]}
          placeholder="FAW-Volkswagen, GAC Toyota"
        />
      </div>
      <div className="checks">
        <span className="muted">{t("closed")}:</span>
        {WEEKDAYS.en.map((d, i) => (
          <label key={d}>
            <input type="checkbox" name="closedWeekdays" value={i} defaultChecked={closed.includes(i)} />{" "}
            {lang === "zh" ? WEEKDAYS.zh[i] : d}
          </label>
        ))}
      </div>
    </>
  );
}
