/**
 * Server helpers of the report pages: a refused role becomes a 403 page, and
 * every report table becomes a sheet of the page's XLSX download.
 */
import { isAppError } from "@dealeros/core";
import type { DailyReport } from "@dealeros/db";
import type { reports } from "@dealeros/services";
import { type Lang, langFromRequest, translate } from "../i18n";
import { orNotFound } from "./http.server";
import type { SheetSpec } from "./xlsx.server";

type Rows = SheetSpec["rows"];
/** Rows of a sheet: only the columns' keys are read (nested figures such as `ratios` are spread beforehand). */
const rows = (list: readonly object[]): Rows => list as unknown as Rows;

/** orNotFound, and a service's "forbidden" as the route's 403 page. */
export async function orRefused<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await orNotFound(fn);
  } catch (e) {
    if (isAppError(e) && e.status === 403) throw new Response(e.message, { status: 403 });
    throw e;
  }
}

type PeriodReport = Awaited<ReturnType<typeof reports.getPeriodReport>>;

/** The sheets of a period report: funnel, sources, invitations and calls, lost reasons, brands, days. */
export function periodSheets(request: Request, r: PeriodReport): SheetSpec[] {
  const lang: Lang = langFromRequest(request);
  const t = (k: string) => translate(lang, k);
  const funnelCols = [
    { header: t("reports.walkIns"), key: "walkIns", kind: "int" as const },
    { header: t("reports.newProspects"), key: "newProspects", kind: "int" as const },
    { header: t("reports.testDrives"), key: "testDrives", kind: "int" as const },
    { header: t("reports.orders"), key: "orders", kind: "int" as const },
    { header: t("reports.orderAmount"), key: "orderAmountFen", kind: "fen" as const },
    { header: t("reports.deliveries"), key: "deliveries", kind: "int" as const },
  ];
  const ratioCols = [
    { header: t("reports.cardsPerTraffic"), key: "cardsPerTraffic", kind: "ratio" as const },
    { header: t("reports.drivesPerCard"), key: "drivesPerCard", kind: "ratio" as const },
    { header: t("reports.ordersPerCard"), key: "ordersPerCard", kind: "ratio" as const },
    { header: t("reports.deliveriesPerOrder"), key: "deliveriesPerOrder", kind: "ratio" as const },
  ];
  const total = { name: t("reports.store"), ...r.total, ...r.total.ratios };
  return [
    {
      name: t("reports.funnel"),
      columns: [{ header: t("reports.consultant"), key: "name", width: 20 }, ...funnelCols, ...ratioCols],
      rows: rows([...r.consultants.map((c) => ({ ...c, ...c.ratios })), ...(r.scope === "store" ? [total] : [])]),
    },
    {
      name: t("reports.sources"),
      columns: [{ header: t("reports.source"), key: "source", width: 16 }, ...funnelCols, ...ratioCols],
      rows: rows(r.sources.map((s) => ({ ...s, ...s.ratios, source: t(`source.${s.source}`) }))),
    },
    {
      name: `${t("reports.invitations")} · ${t("reports.postCalls")}`,
      columns: [
        { header: t("reports.consultant"), key: "name", width: 20 },
        { header: t("reports.appointmentsMade"), key: "appointmentsMade", kind: "int" },
        { header: t("reports.appointmentsKept"), key: "appointmentsKept", kind: "int" },
        { header: t("reports.invitationSuccess"), key: "invitationSuccess", kind: "ratio" },
        { header: t("reports.postCallsDue"), key: "postCallsDue", kind: "int" },
        { header: t("reports.postCallsDone"), key: "postCallsDone", kind: "int" },
        { header: t("reports.postCallCompletion"), key: "postCallCompletion", kind: "ratio" },
      ],
      rows: rows([...r.consultants.map((c) => ({ ...c, ...c.ratios })), ...(r.scope === "store" ? [total] : [])]),
    },
    {
      name: t("reports.lost"),
      columns: [
        { header: t("reports.reason"), key: "reason", width: 24 },
        { header: t("reports.lostCount"), key: "count", kind: "int" },
        { header: t("reports.share"), key: "share", kind: "ratio" },
      ],
      rows: r.lostReasons.map((l) => ({ ...l, reason: t(`lost.${l.reason}`) })),
    },
    {
      name: t("reports.brands"),
      columns: [{ header: t("reports.brand"), key: "brand", width: 20 }, ...funnelCols.slice(3)],
      rows: r.brands,
    },
    {
      name: t("reports.trend"),
      columns: [{ header: t("reports.date"), key: "label", width: 12 }, ...funnelCols],
      rows: rows(r.series),
    },
  ];
}

/** The sheets of a daily report: the day's figures with month to date, and the detail lines. */
export function dailySheets(request: Request, r: DailyReport): SheetSpec[] {
  const lang: Lang = langFromRequest(request);
  const t = (k: string) => translate(lang, k);
  const s = r.stats;
  return [
    {
      name: t("reports.daily.figures"),
      columns: [
        { header: "", key: "label", width: 24 },
        { header: r.date, key: "value", kind: "int", width: 14 },
      ],
      rows: [
        { label: t("reports.walkIns"), value: s.walkIns },
        { label: t("reports.newProspects"), value: s.newProspects },
        { label: t("reports.testDrives"), value: s.testDrives },
        { label: t("reports.orders"), value: s.orders },
        { label: t("reports.deliveries"), value: s.deliveries },
        { label: `${t("reports.daily.mtd")} · ${t("reports.orders")}`, value: r.monthToDate.orders },
        { label: `${t("reports.daily.mtd")} · ${t("reports.deliveries")}`, value: r.monthToDate.deliveries },
        { label: t("reports.daily.target"), value: r.monthToDate.targetUnits },
      ],
    },
    {
      name: `${t("reports.daily.ordersDetail")} · ${t("reports.daily.deliveriesDetail")}`,
      columns: [
        { header: "", key: "kind", width: 10 },
        { header: t("reports.daily.contract"), key: "contractNo", width: 12 },
        { header: t("reports.daily.customer"), key: "customerName", width: 14 },
        { header: t("reports.consultant"), key: "consultantName", width: 14 },
        { header: t("reports.brand"), key: "brand", width: 16 },
        { header: t("reports.daily.model"), key: "model", width: 16 },
        { header: t("reports.daily.trim"), key: "trim", width: 16 },
        { header: t("reports.daily.colour"), key: "colour", width: 10 },
        { header: t("reports.daily.vin"), key: "vin", width: 20 },
        { header: t("reports.daily.engine"), key: "engineNo", width: 14 },
        { header: t("reports.daily.amount"), key: "amountFen", kind: "fen", width: 14 },
      ],
      rows: s.detail.map((l) => ({
        ...l,
        kind: l.kind === "order" ? t("reports.orders") : t("reports.deliveries"),
      })),
    },
  ];
}
