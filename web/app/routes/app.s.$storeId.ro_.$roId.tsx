/**
 * One repair order (维修工单): reception, damage photos, the estimate (labour
 * hours × rate, catalogue parts, payer per line), the customer's approvals (a
 * supplement needs a second one), parts orders, progress buttons, settlement
 * (结算) with payment, the handover explanation, the timed timeline and audit.
 */
import { APPROVAL_METHODS, MAX_PHOTO_BYTES, RO_PAYERS, RO_PAYMENT_METHODS } from "@dealeros/core";
import { repairOrders } from "@dealeros/services";
import {
  type ActionFunctionArgs,
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuditList } from "../lib/audit";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { useCny, yuanToFen } from "../lib/contracts";
import { type ActionError, attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useFormatDateTime, useT } from "../lib/i18n";
import { shrinkPhoto } from "../lib/photos";
import { RoStatePill, useAge } from "../lib/repair";
import { ErrorBanner, Field, isFormError, useServerMessage } from "../lib/ui";
import styles from "../styles/repair.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orNotFound(async () => {
    const [view, parts] = await Promise.all([
      repairOrders.getRepairOrder(ctx, params.storeId!, params.roId!),
      repairOrders.getParts(ctx, params.storeId!).then((p) => p.parts),
    ]);
    return { ...view, parts: parts.map((p) => ({ partNo: p.partNo, name: p.name, stock: p.stock })) };
  });
}

const photoTooLarge = "The photo is too large (5 MB at most).";

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const storeId = params.storeId!;
  const id = params.roId!;
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      form = await unstable_parseMultipartFormData(
        request,
        unstable_createMemoryUploadHandler({ maxPartSize: MAX_PHOTO_BYTES }),
      );
    } catch (e) {
      if (e instanceof MaxPartSizeExceededError)
        return data<ActionError>(
          { ok: false, message: photoTooLarge, code: "validation_failed", fields: { photo: photoTooLarge } },
          { status: 422 },
        );
      throw e;
    }
    const file = form.get("photo");
    const bytes = file && typeof file !== "string" ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
    const r = await attempt(() => repairOrders.addPhotoBytes(ctx, storeId, id, bytes), { intent: "photo" });
    return r.ok ? { ok: true as const, intent: "photo" } : r.error;
  }
  const form = await request.formData();
  const intent = str(form, "intent") ?? "";
  const version = Number(str(form, "version"));
  const num = (k: string) => {
    const v = str(form, k)?.trim();
    return v && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v || undefined;
  };
  const run = (() => {
    switch (intent) {
      case "details":
        return () =>
          repairOrders.updateRepairOrder(ctx, storeId, id, {
            version,
            diagnosis: str(form, "diagnosis") || undefined,
            damageNotes: str(form, "damageNotes") || undefined,
          });
      case "labour":
        return () =>
          repairOrders.addLines(ctx, storeId, id, {
            version,
            lines: [
              {
                kind: "labour",
                description: str(form, "description") ?? "",
                hours: num("hours"),
                rateFen: yuanToFen(str(form, "rate")),
                payer: str(form, "payer"),
              },
            ],
          });
      case "part": {
        const price = str(form, "unitPrice")?.trim();
        return () =>
          repairOrders.addLines(ctx, storeId, id, {
            version,
            lines: [
              {
                kind: "part",
                partNo: str(form, "partNo") ?? "",
                qty: num("qty"),
                ...(price ? { unitPriceFen: yuanToFen(price) } : {}),
                payer: str(form, "payer"),
              },
            ],
          });
      }
      case "remove":
        return () => repairOrders.removeLine(ctx, storeId, id, str(form, "lineId") ?? "", { version });
      case "approve":
        return () =>
          repairOrders.approve(ctx, storeId, id, {
            version,
            method: str(form, "method"),
            note: str(form, "note") || undefined,
          });
      case "move":
        return () => repairOrders.move(ctx, storeId, id, { version, to: str(form, "to") });
      case "settle":
        return () =>
          repairOrders.settle(ctx, storeId, id, {
            version,
            amountFen: yuanToFen(str(form, "amount")),
            method: str(form, "method") || undefined,
          });
      case "handover":
        return () => repairOrders.handover(ctx, storeId, id, { version, explanation: str(form, "explanation") ?? "" });
      default:
        throw new Response("Unknown action.", { status: 400 });
    }
  })();
  const r = await attempt(run, { ...formValues(form), intent });
  if (!r.ok) return r.error;
  return { ok: true as const, intent };
}

export default function RepairOrderPage() {
  const t = useT();
  const fmt = useFormatDateTime();
  const cny = useCny();
  const age = useAge();
  const msg = useServerMessage();
  const v = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const busy = nav.state !== "idle";
  const err = isFormError(result) ? result : undefined;
  const errFor = (intent: string) => (err?.values?.intent === intent ? err : undefined);
  const ro = v.repairOrder;
  const tz = v.timeZone;
  const base = `/app/s/${ro.storeId}`;
  const open = ro.state !== "settled" && ro.state !== "delivered";
  const version = <input type="hidden" name="version" value={ro.version} />;
  const payerSelect = (intent: string) => (
    <Field name="payer" label={t("ro.line.payer")} form={errFor(intent)}>
      <select id="f-payer" name="payer" defaultValue={errFor(intent)?.values?.payer ?? "customer"}>
        {RO_PAYERS.map((p) => (
          <option key={p} value={p}>
            {t(`ro.payer.${p}`)}
          </option>
        ))}
      </select>
    </Field>
  );
  return (
    <>
      <p>
        <Link to={`${base}/ro`}>← {t("ro.back")}</Link>
      </p>
      {result && !isFormError(result) ? <div className="banner ok">{t("ro.saved")}</div> : null}
      <ErrorBanner data={result} />
      <div className="card" data-testid="ro-header">
        <div className="spread">
          <h2 style={{ margin: 0 }}>
            {ro.roNumber} · {ro.plate ?? ro.vehicleLabel}
          </h2>
          <RoStatePill state={ro.state} />
        </div>
        <ul className="plain">
          <li>
            {t("ro.customer")}: <strong>{ro.customerName}</strong> {ro.mobile ?? ""}
          </li>
          <li>
            {t("ro.vehicle")}: {ro.vehicleLabel} · {ro.vin}
          </li>
          <li>
            {t("ro.mileage")}: {ro.mileageKm} · {t("ro.fuel")}: {t("ro.fuelValue", { n: ro.fuelEighths })}
          </li>
          <li>
            {t("ro.advisor")}: {ro.advisorName} · {t("ro.receivedAt")}: {fmt(ro.createdAt, tz)} ·{" "}
            {t("ro.waited", { age: age(v.waitedMinutes) })}
          </li>
          {ro.partsExpectedOn && ro.state === "waiting_parts" ? (
            <li className="field-error" data-testid="ro-parts-expected">
              {t("ro.partsExpected", { date: ro.partsExpectedOn })}
            </li>
          ) : null}
          <li style={{ whiteSpace: "pre-wrap" }}>
            {t("ro.concerns")}: {ro.concerns}
          </li>
          {ro.itemsLeft ? (
            <li>
              {t("ro.itemsLeft")}: {ro.itemsLeft}
            </li>
          ) : null}
        </ul>
        {open ? (
          <Form method="post" className="ro-inline">
            <input type="hidden" name="intent" value="details" />
            {version}
            <Field name="damageNotes" label={t("ro.damage")} form={errFor("details")}>
              <textarea id="f-damageNotes" name="damageNotes" rows={2} defaultValue={ro.damageNotes ?? ""} />
            </Field>
            <Field name="diagnosis" label={t("ro.diagnosis")} form={errFor("details")}>
              <textarea id="f-diagnosis" name="diagnosis" rows={2} defaultValue={ro.diagnosis ?? ""} />
            </Field>
            <button type="submit" className="secondary" disabled={busy}>
              {t("ro.saveDiagnosis")}
            </button>
          </Form>
        ) : (
          <ul className="plain">
            {ro.damageNotes ? (
              <li>
                {t("ro.damage")}: {ro.damageNotes}
              </li>
            ) : null}
            {ro.diagnosis ? (
              <li>
                {t("ro.diagnosis")}: {ro.diagnosis}
              </li>
            ) : null}
          </ul>
        )}
      </div>

      <div className="card">
        <h2 style={{ marginTop: 0 }}>{t("ro.photos")}</h2>
        {v.photos.length ? (
          <div className="ro-photos">
            {v.photos.map((p) => (
              <a key={p.id} href={p.url} target="_blank" rel="noreferrer">
                <img src={p.url} alt={t("ro.photo")} />
              </a>
            ))}
          </div>
        ) : (
          <p className="muted">{t("ro.noPhotos")}</p>
        )}
        <Form method="post" encType="multipart/form-data" className="row" style={{ marginTop: 8 }}>
          <input
            name="photo"
            type="file"
            accept="image/jpeg,image/png,image/webp,image/*"
            capture="environment"
            required
            aria-label={t("ro.photo")}
            onChange={(e) => shrinkPhoto(e.currentTarget)}
            style={{ flex: 1, minWidth: 0 }}
          />
          <button type="submit" className="secondary" disabled={busy}>
            {t("ro.upload")}
          </button>
        </Form>
        {errFor("photo")?.fields.photo ? (
          <span className="field-error">{msg(errFor("photo")?.fields.photo)}</span>
        ) : null}
      </div>

      <div className="card" data-testid="ro-lines">
        <h2 style={{ marginTop: 0 }}>{t("ro.lines")}</h2>
        {v.lines.length === 0 ? (
          <p className="muted">{t("ro.noLines")}</p>
        ) : (
          <table className="responsive ro-lines">
            <thead>
              <tr>
                <th>{t("ro.line.description")}</th>
                <th className="num">{t("ro.line.amount")}</th>
                <th>{t("ro.line.payer")}</th>
                <th>{t("ro.state")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {v.lines.map((l) => (
                <tr key={l.lineId} data-testid="ro-line">
                  <td data-label={t("ro.line.description")}>
                    {l.kind === "part" ? `${l.partNo} ${l.description} × ${l.qty}` : l.description}
                    <div className="muted">
                      {l.kind === "labour"
                        ? `${t("ro.line.labour")} ${l.hours} h × ${cny(l.rateFen ?? 0)}`
                        : `${t("ro.line.part")} ${cny(l.unitPriceFen ?? 0)}`}
                      {l.round > 1 ? ` · ${t("ro.line.supplement", { n: l.round - 1 })}` : ""}
                      {l.reservedQty ? ` · ${t("ro.line.reserved", { n: l.reservedQty })}` : ""}
                    </div>
                    {l.shortQty ? <div className="field-error">{t("ro.line.short", { n: l.shortQty })}</div> : null}
                  </td>
                  <td className="num" data-label={t("ro.line.amount")}>
                    {cny(l.amountFen)}
                  </td>
                  <td data-label={t("ro.line.payer")}>{t(`ro.payer.${l.payer}`)}</td>
                  <td data-label={t("ro.state")}>
                    {t(l.declined ? "ro.line.declined" : l.approved ? "ro.line.approved" : "ro.line.pending")}
                  </td>
                  <td>
                    {!l.approved && open ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="lineId" value={l.lineId} />
                        {version}
                        <button type="submit" className="secondary" disabled={busy}>
                          {t("ro.remove")}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <dl className="ro-totals" data-testid="ro-totals">
          <dt>{t("ro.labour")}</dt>
          <dd>{cny(v.totals.labourFen)}</dd>
          <dt>{t("ro.partsTotal")}</dt>
          <dd>{cny(v.totals.partsFen)}</dd>
          <dt className="strong">{t("ro.total")}</dt>
          <dd className="strong">{cny(v.totals.totalFen)}</dd>
          <dt>{t("ro.customerPays")}</dt>
          <dd data-testid="ro-customer-fen">{cny(v.totals.customerFen)}</dd>
          <dt>{t("ro.warrantyClaim")}</dt>
          <dd>{cny(v.totals.warrantyFen)}</dd>
          <dt>{t("ro.internal")}</dt>
          <dd>{cny(v.totals.internalFen)}</dd>
        </dl>
        {v.pending ? <p className="muted">{t("ro.pendingTotal", { amount: cny(v.pendingTotals.totalFen) })}</p> : null}
        {open ? (
          <div className="ro-forms">
            <Form method="post" data-testid="ro-add-labour">
              <input type="hidden" name="intent" value="labour" />
              {version}
              <strong>{t("ro.addLabour")}</strong>
              <Field name="description" label={t("ro.line.description")} form={errFor("labour")} required />
              <div className="grid2">
                <Field name="hours" label={t("ro.line.hours")} form={errFor("labour")} inputMode="text" required />
                <Field name="rate" label={t("ro.line.rate")} form={errFor("labour")} inputMode="text" required />
              </div>
              {payerSelect("labour")}
              <button type="submit" className="secondary" disabled={busy}>
                {t("ro.addLabour")}
              </button>
            </Form>
            <Form method="post" data-testid="ro-add-part">
              <input type="hidden" name="intent" value="part" />
              {version}
              <strong>{t("ro.addPart")}</strong>
              <Field name="partNo" label={t("ro.line.partNo")} form={errFor("part")}>
                <select id="f-partNo" name="partNo" defaultValue={errFor("part")?.values?.partNo}>
                  {v.parts.map((p) => (
                    <option key={p.partNo} value={p.partNo}>
                      {p.partNo} {p.name} ({p.stock})
                    </option>
                  ))}
                </select>
              </Field>
              <div className="grid2">
                <Field name="qty" label={t("ro.line.qty")} form={errFor("part")} defaultValue="1" inputMode="numeric" />
                <Field name="unitPrice" label={t("ro.line.unitPrice")} form={errFor("part")} inputMode="text" />
              </div>
              {payerSelect("part")}
              <button type="submit" className="secondary" disabled={busy}>
                {t("ro.addPart")}
              </button>
            </Form>
          </div>
        ) : null}
      </div>

      {ro.state === "waiting_approval" && v.pending ? (
        <Form method="post" className="card ro-inline" data-testid="ro-approve">
          <h2 style={{ marginTop: 0 }}>{t("ro.approve")}</h2>
          <input type="hidden" name="intent" value="approve" />
          {version}
          <p className="muted">{t("ro.approveHint")}</p>
          <Field name="method" label={t("ro.method")} form={errFor("approve")}>
            <select id="f-method" name="method" defaultValue="in_person">
              {APPROVAL_METHODS.map((m) => (
                <option key={m} value={m}>
                  {t(`ro.method.${m}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field name="note" label={t("ro.note")} form={errFor("approve")} />
          <button type="submit" disabled={busy}>
            {t("ro.approve")} · {cny(v.pendingTotals.totalFen)}
          </button>
        </Form>
      ) : null}

      {v.moves.length ? (
        <div className="card">
          <h2 style={{ marginTop: 0 }}>{t("ro.moves")}</h2>
          <div className="ro-moves" data-testid="ro-moves">
            {v.moves.map((to) => (
              <Form method="post" key={to}>
                <input type="hidden" name="intent" value="move" />
                <input type="hidden" name="to" value={to} />
                {version}
                <button type="submit" className={to === "in_progress" ? "secondary" : undefined} disabled={busy}>
                  {t(`ro.move.${to}`)}
                </button>
              </Form>
            ))}
          </div>
        </div>
      ) : null}

      {ro.approvals.length || v.partsOrders.length ? (
        <div className="card">
          {ro.approvals.length ? (
            <>
              <h2 style={{ marginTop: 0 }}>{t("ro.approvals")}</h2>
              <ul className="plain" data-testid="ro-approvals">
                {ro.approvals.map((a) => (
                  <li key={`${a.round}-${a.at}`}>
                    {t("ro.approvalLine", {
                      round: a.round,
                      amount: cny(a.amountFen),
                      method: t(`ro.method.${a.method}`),
                      by: a.byName,
                      at: fmt(a.at, tz),
                    })}
                    {a.note ? <div className="muted">{a.note}</div> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {v.partsOrders.length ? (
            <>
              <h2>{t("ro.partsOrders")}</h2>
              <ul className="plain" data-testid="ro-parts-orders">
                {v.partsOrders.map((o) => (
                  <li key={o.orderId}>
                    {o.lines.map((l) => `${l.partNo} ${l.name} × ${l.qty}`).join(", ")} ·{" "}
                    {o.status === "ordered"
                      ? t("ro.order.ordered", { date: o.expectedOn })
                      : t("ro.order.received", { at: fmt(o.receivedAt, tz) })}
                  </li>
                ))}
              </ul>
              <p>
                <Link to={`${base}/parts`}>{t("ro.partsLink")}</Link>
              </p>
            </>
          ) : null}
        </div>
      ) : null}

      {ro.state === "ready" ? (
        <Form method="post" className="card ro-inline" data-testid="ro-settle">
          <h2 style={{ marginTop: 0 }}>{t("ro.settle")}</h2>
          <input type="hidden" name="intent" value="settle" />
          {version}
          <p className="muted">{t("ro.settleHint")}</p>
          <Field
            name="amount"
            label={t("ro.amount")}
            form={errFor("settle")}
            defaultValue={(v.totals.customerFen / 100).toFixed(2)}
            inputMode="text"
          />
          <Field name="method" label={t("ro.payMethod")} form={errFor("settle")}>
            <select id="f-method" name="method" defaultValue="wechat">
              {RO_PAYMENT_METHODS.map((m) => (
                <option key={m} value={m}>
                  {t(`ro.pay.${m}`)}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" disabled={busy}>
            {t("ro.settle")} · {cny(v.totals.customerFen)}
          </button>
        </Form>
      ) : null}
      {ro.settlement ? (
        <div className="card" data-testid="ro-settlement">
          <p style={{ margin: 0 }}>
            {t("ro.settled", { at: fmt(ro.settlement.at, tz), amount: cny(ro.settlement.paidFen) })}
            {ro.settlement.method ? ` · ${t(`ro.pay.${ro.settlement.method}`)}` : ""}
          </p>
          {ro.settlement.claimId ? (
            <p>
              <Link to={`${base}/warranty`}>
                {t("ro.warrantyClaim")}: {cny(ro.settlement.totals.warrantyFen)}
              </Link>
            </p>
          ) : null}
        </div>
      ) : null}
      {ro.state === "settled" ? (
        <Form method="post" className="card ro-inline" data-testid="ro-handover">
          <h2 style={{ marginTop: 0 }}>{t("ro.handover")}</h2>
          <input type="hidden" name="intent" value="handover" />
          {version}
          <Field name="explanation" label={t("ro.explanation")} form={errFor("handover")}>
            <textarea id="f-explanation" name="explanation" rows={3} required />
          </Field>
          <button type="submit" disabled={busy}>
            {t("ro.handover")}
          </button>
        </Form>
      ) : null}
      {ro.handover ? (
        <div className="card">
          <p style={{ margin: 0 }}>{t("ro.handedOver", { at: fmt(ro.handover.at, tz), by: ro.handover.byName })}</p>
          <p style={{ whiteSpace: "pre-wrap" }}>{ro.handover.explanation}</p>
        </div>
      ) : null}

      <div className="card">
        <h2 style={{ marginTop: 0 }}>{t("ro.timeline")}</h2>
        <ul className="plain" data-testid="ro-timeline">
          {v.states.map((s) => (
            <li key={`${s.at}-${s.to}`}>
              <RoStatePill state={s.to} /> {fmt(s.at, tz)} · {s.byName}
              {s.note ? <span className="muted"> · {s.note}</span> : null}
            </li>
          ))}
        </ul>
        <h2>{t("ro.timeIn")}</h2>
        <ul className="plain">
          {Object.entries(v.stateMinutes).map(([state, minutes]) => (
            <li key={state}>
              {t(`ro.state.${state}`)}: {age(minutes ?? 0)}
            </li>
          ))}
        </ul>
      </div>
      <AuditList audit={[...v.audit].reverse()} timeZone={tz} />
    </>
  );
}
