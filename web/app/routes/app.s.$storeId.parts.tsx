/**
 * Parts (配件): the store's catalogue with stock (add a part, edit price and
 * lead days, adjust stock with a reason — audited), the open parts orders
 * (缺件订货) raised by repair order approvals with "received", and recent ones.
 */
import { repairOrders } from "@dealeros/services";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuditList } from "../lib/audit";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { useCny, yuanToFen } from "../lib/contracts";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useFormatDateTime, useT } from "../lib/i18n";
import { ErrorBanner, Field, isFormError } from "../lib/ui";
import styles from "../styles/repair.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orNotFound(async () => ({
    ...(await repairOrders.getParts(ctx, params.storeId!)),
    storeId: params.storeId!,
    timeZone: ctx.store?.timeZone ?? "Asia/Shanghai",
  }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const intent = str(form, "intent") ?? "";
  const storeId = params.storeId!;
  const partNo = str(form, "partNo")?.trim() ?? "";
  const int = (k: string) => {
    const v = str(form, k)?.trim();
    return v && /^[-+]?\d+$/.test(v) ? Number(v) : v || undefined;
  };
  const run = ((): (() => Promise<unknown>) => {
    switch (intent) {
      case "add":
      case "edit":
        return () =>
          repairOrders.savePart(ctx, storeId, partNo || "-", {
            name: str(form, "name") ?? "",
            priceFen: yuanToFen(str(form, "price")),
            leadDays: int("leadDays"),
            ...(intent === "add" ? { stock: int("stock") ?? 0 } : { version: int("version") }),
          });
      case "stock":
        return () =>
          repairOrders.adjustStock(ctx, storeId, partNo, { delta: int("delta"), reason: str(form, "reason") ?? "" });
      case "receive":
        return () => repairOrders.receivePartsOrder(ctx, storeId, str(form, "orderId") ?? "");
      default:
        throw new Response("Unknown action.", { status: 400 });
    }
  })();
  const r = await attempt(run, { ...formValues(form), intent });
  if (!r.ok) return r.error;
  return { ok: true as const, intent };
}

export default function Parts() {
  const t = useT();
  const cny = useCny();
  const fmt = useFormatDateTime();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const err = isFormError(result) ? result : undefined;
  const errFor = (intent: string, partNo?: string) =>
    err?.values?.intent === intent && (!partNo || err.values.partNo === partNo) ? err : undefined;
  const base = `/app/s/${d.storeId}`;
  return (
    <>
      <p>
        <Link to={`${base}/ro`}>← {t("ro.back")}</Link>
      </p>
      {result && !isFormError(result) ? <div className="banner ok">{t("ro.saved")}</div> : null}
      <ErrorBanner data={result} />
      <h2 style={{ marginTop: 0 }}>{t("ro.parts.orders")}</h2>
      {d.openOrders.length === 0 ? (
        <p className="muted">{t("ro.parts.noOrders")}</p>
      ) : (
        <table className="responsive" data-testid="parts-orders">
          <thead>
            <tr>
              <th>{t("ro.parts.forRo")}</th>
              <th>{t("ro.partsNav")}</th>
              <th>{t("ro.parts.expected")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {d.openOrders.map((o) => (
              <tr key={o.orderId} data-testid="parts-order">
                <td data-label={t("ro.parts.forRo")}>
                  <Link to={`${base}/ro/${o.repairOrderId}`}>{o.roNumber}</Link>
                </td>
                <td data-label={t("ro.partsNav")}>
                  {o.lines.map((l) => `${l.partNo} ${l.name} × ${l.qty}`).join(", ")}
                </td>
                <td data-label={t("ro.parts.expected")}>{o.expectedOn}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value="receive" />
                    <input type="hidden" name="orderId" value={o.orderId} />
                    <button type="submit" disabled={busy}>
                      {t("ro.parts.receive")}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {d.receivedOrders.length ? (
        <details>
          <summary>{t("ro.parts.received")}</summary>
          <ul className="plain">
            {d.receivedOrders.map((o) => (
              <li key={o.orderId}>
                <Link to={`${base}/ro/${o.repairOrderId}`}>{o.roNumber}</Link> ·{" "}
                {o.lines.map((l) => `${l.partNo} × ${l.qty}`).join(", ")} · {fmt(o.receivedAt, d.timeZone)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}

      <h2>{t("ro.parts.title")}</h2>
      {d.parts.length === 0 ? <p className="muted">{t("ro.parts.empty")}</p> : null}
      <div className="ro-board" data-testid="parts-catalogue">
        {d.parts.map((p) => (
          <div key={p.partNo} className="card" data-testid="part">
            <div className="spread">
              <strong>{p.partNo}</strong>
              <span className={p.stock > 0 ? "pill" : "pill warn"} data-testid="part-stock">
                {p.stock > 0 ? `${t("ro.parts.stock")} ${p.stock}` : t("ro.parts.out")}
              </span>
            </div>
            <Form method="post" className="ro-inline">
              <input type="hidden" name="intent" value="edit" />
              <input type="hidden" name="partNo" value={p.partNo} />
              <input type="hidden" name="version" value={p.version} />
              <Field name="name" label={t("ro.parts.name")} defaultValue={p.name} form={errFor("edit", p.partNo)} />
              <div className="grid2">
                <Field
                  name="price"
                  label={t("ro.parts.price")}
                  defaultValue={(p.priceFen / 100).toFixed(2)}
                  form={errFor("edit", p.partNo)}
                />
                <Field
                  name="leadDays"
                  label={t("ro.parts.leadDays")}
                  defaultValue={p.leadDays}
                  inputMode="numeric"
                  form={errFor("edit", p.partNo)}
                />
              </div>
              <button type="submit" className="secondary" disabled={busy}>
                {t("ro.parts.edit")}
              </button>
            </Form>
            <Form method="post" className="ro-inline">
              <input type="hidden" name="intent" value="stock" />
              <input type="hidden" name="partNo" value={p.partNo} />
              <div className="grid2">
                <Field name="delta" label={t("ro.parts.delta")} inputMode="text" form={errFor("stock", p.partNo)} />
                <Field name="reason" label={t("ro.parts.reason")} form={errFor("stock", p.partNo)} />
              </div>
              <button type="submit" className="secondary" disabled={busy}>
                {t("ro.parts.adjust")}
              </button>
            </Form>
            <p className="muted" style={{ margin: 0 }}>
              {cny(p.priceFen)}
            </p>
          </div>
        ))}
      </div>

      <Form method="post" className="card ro-inline" data-testid="part-add">
        <h2 style={{ marginTop: 0 }}>{t("ro.parts.add")}</h2>
        <input type="hidden" name="intent" value="add" />
        <div className="grid2">
          <Field name="partNo" label={t("ro.parts.partNo")} form={errFor("add")} required />
          <Field name="name" label={t("ro.parts.name")} form={errFor("add")} required />
          <Field name="price" label={t("ro.parts.price")} form={errFor("add")} required />
          <Field name="leadDays" label={t("ro.parts.leadDays")} form={errFor("add")} defaultValue="3" />
          <Field name="stock" label={t("ro.parts.openStock")} form={errFor("add")} defaultValue="0" />
        </div>
        <button type="submit" disabled={busy}>
          {t("ro.parts.add")}
        </button>
      </Form>
      <AuditList audit={[...d.audit].reverse()} timeZone={d.timeZone} />
    </>
  );
}
