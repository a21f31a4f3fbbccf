import { useRouteLoaderData } from "@remix-run/react";
import { type Lang, type MessageKey, translate } from "../i18n";

export function useLang(): Lang {
  const data = useRouteLoaderData<{ lang: Lang }>("root");
  return data?.lang ?? "zh";
}

export function useT() {
  const lang = useLang();
  return (key: MessageKey | string, params?: Record<string, string | number>) => translate(lang, key, params);
}

export function useFormatTime() {
  const lang = useLang();
  return (iso: string | undefined | null, timeZone: string) =>
    iso
      ? new Intl.DateTimeFormat(lang === "zh" ? "zh-CN" : "en-GB", {
          timeZone,
          hour: "2-digit",
          minute: "2-digit",
          hour12: false,
        }).format(new Date(iso))
      : "—";
}

/** "11-27 10:30" (or "11月27日 10:30") in the store's time zone: for times that may be on another day. */
export function useFormatDateTime() {
  const lang = useLang();
  return (iso: string | undefined | null, timeZone: string) =>
    iso
      ? new Intl.DateTimeFormat(lang === "zh" ? "zh-CN" : "en-GB", {
          timeZone,
          month: "2-digit",
          day: "2-digit",
          hour: "2-digit",
          minute: "2-digit",
          hour12: false,
        }).format(new Date(iso))
      : "—";
}
