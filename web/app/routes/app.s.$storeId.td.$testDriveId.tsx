/** One test drive: time out (licence, photo, waiver), time in (feedback), the supervisor's sign-off. */
import { LICENCE_KINDS, MAX_PHOTO_BYTES, TEST_DRIVE_INTEREST } from "@dealeros/core";
import { testDrives } from "@dealeros/services";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuditList } from "../lib/audit";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { type ActionError, attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useT } from "../lib/i18n";
import { shrinkPhoto } from "../lib/photos";
import { StatePill, TdErrorBanner, useLocalTime, useTdMessage } from "../lib/testdrives";
import { Field, isFormError } from "../lib/ui";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orNotFound(async () => {
    const { testDrive, audit } = await testDrives.getTestDrive(ctx, params.storeId!, params.testDriveId!);
    return {
      testDrive,
      audit,
      timeZone: ctx.store?.timeZone ?? "Asia/Shanghai",
      canSignOff: ctx.actor.roles.some((r) => testDrives.TEST_DRIVE_SUPERVISORS.includes(r)),
    };
  });
}

const photoTooLarge = "The licence photo is too large (5 MB at most).";

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const storeId = params.storeId!;
  const id = params.testDriveId!;
  const multipart = (request.headers.get("content-type") ?? "").startsWith("multipart/form-data");
  if (multipart) {
    // time out: the licence photo arrives as a file (kept in memory, at most 5 MB)
    let form: FormData;
    try {
      form = await unstable_parseMultipartFormData(
        request,
        unstable_createMemoryUploadHandler({ maxPartSize: MAX_PHOTO_BYTES }),
      );
    } catch (e) {
      if (e instanceof MaxPartSizeExceededError)
        return data<ActionError>(
          { ok: false, message: photoTooLarge, code: "unprocessable", fields: { photo: photoTooLarge } },
          { status: 422 },
        );
      throw e;
    }
    const file = form.get("photo");
    const bytes = file && typeof file !== "string" ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
    const r = await attempt(
      () =>
        testDrives.startTestDriveUpload(
          ctx,
          storeId,
          id,
          {
            licenceKind: str(form, "licenceKind"),
            licenceNumber: str(form, "licenceNumber") ?? "",
            waiverSigned: str(form, "waiver") === "on",
          },
          bytes,
        ),
      formValues(form),
    );
    if (!r.ok) return r.error;
    return { ok: true as const, intent: "start" };
  }
  const form = await request.formData();
  const intent = str(form, "intent");
  const run = async (fn: () => Promise<unknown>) => {
    const r = await attempt(fn, formValues(form));
    return r.ok ? { ok: true as const, intent } : r.error;
  };
  if (intent === "return") {
    const rating = str(form, "rating");
    return run(() =>
      testDrives.returnTestDrive(ctx, storeId, id, {
        rating: rating ? Number(rating) : undefined,
        interest: str(form, "interest") || undefined,
        comments: str(form, "comments") || undefined,
      }),
    );
  }
  if (intent === "sign-off")
    return run(() => testDrives.signOffTestDrive(ctx, storeId, id, { comment: str(form, "comment") || undefined }));
  if (intent === "cancel")
    return run(() => testDrives.cancelTestDrive(ctx, storeId, id, { reason: str(form, "reason") || undefined }));
  return data<ActionError>(
    { ok: false, message: "Nothing to change.", code: "validation_failed", fields: {} },
    { status: 400 },
  );
}

export default function TestDrivePage() {
  const t = useT();
  const { testDrive: td, audit, timeZone, canSignOff } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const msg = useTdMessage();
  const time = useLocalTime();
  const err = isFormError(result) ? result : undefined;
  const f = (name: string) => msg(err?.fields[name]);
  const busy = nav.state === "submitting";
  const base = `/app/s/${td.storeId}`;
  return (
    <>
      <p>
        <Link to={`${base}/test-drives?date=${td.date}`}>← {t("testdrive.back")}</Link>
      </p>
      {result && !isFormError(result) ? <div className="banner ok">{t("saved")}</div> : null}
      <TdErrorBanner data={result} />
      <div className="card" data-testid="td-card">
        <div className="spread">
          <h2 style={{ margin: 0 }}>
            {td.prospectId ? <Link to={`${base}/p/${td.prospectId}`}>{td.prospectName}</Link> : td.prospectName}
          </h2>
          <StatePill state={td.state} />
        </div>
        <ul className="plain">
          <li>
            {td.date} {time(td.startAt, timeZone)}–{time(td.endAt, timeZone)} ·{" "}
            {t("testdrive.minutes", { n: td.durationMinutes })}
          </li>
          <li>
            {t("testdrive.car")}: <strong>{td.plate}</strong> · {td.model} · {td.colour}
          </li>
          <li>
            {t("testdrive.route")}: {td.route}
            {td.routeKm ? ` · ${td.routeKm} km` : ""}
          </li>
          <li>
            {t("owner")}: {td.ownerName} · {t("testdrive.bookedBy", { name: td.createdByName })}
          </li>
          {td.note ? (
            <li>
              {t("note")}: {td.note}
            </li>
          ) : null}
          {td.started ? (
            <li>
              {t("testdrive.timeOut")}: {time(td.started.at, timeZone, true)} ·{" "}
              {t(`testdrive.licence.${td.started.licenceKind}`)} {td.started.licenceNumber} ·{" "}
              {t("testdrive.waiverSigned")} ✓
            </li>
          ) : null}
          {td.returned ? (
            <li>
              {t("testdrive.timeIn")}: {time(td.returned.at, timeZone, true)}
              {td.actualMinutes !== null ? ` · ${t("testdrive.actual", { n: td.actualMinutes })}` : ""}
            </li>
          ) : null}
          {td.returned ? (
            <li data-testid="td-feedback">
              {t("testdrive.rating")}: {"★".repeat(td.returned.rating)}
              {"☆".repeat(5 - td.returned.rating)} · {t(`testdrive.interest.${td.returned.interest}`)}
              {td.returned.comments ? <div className="muted">{td.returned.comments}</div> : null}
            </li>
          ) : null}
          {td.signedOff ? (
            <li data-testid="td-signed-off">
              {t("testdrive.signedOffBy", { name: td.signedOff.byName, at: time(td.signedOff.at, timeZone, true) })}
              {td.signedOff.comment ? ` — ${td.signedOff.comment}` : ""}
            </li>
          ) : null}
          {td.cancelled ? (
            <li>
              {t("testdrive.cancelledBy", { name: td.cancelled.byName, at: time(td.cancelled.at, timeZone, true) })}
              {td.cancelled.reason ? ` — ${td.cancelled.reason}` : ""}
            </li>
          ) : null}
        </ul>
        {td.started?.photoKey ? (
          <a
            href={`/api/stores/${td.storeId}/test-drives/${td.testDriveId}/licence-photo`}
            target="_blank"
            rel="noreferrer"
          >
            <img
              src={`/api/stores/${td.storeId}/test-drives/${td.testDriveId}/licence-photo`}
              alt={t("testdrive.licencePhoto")}
              style={{ maxWidth: "100%", maxHeight: 220, borderRadius: 8, marginTop: 8 }}
              data-testid="td-photo"
            />
          </a>
        ) : null}
      </div>

      {td.state === "booked" ? (
        <div className="card">
          <h2>{t("testdrive.startTitle")}</h2>
          <Form method="post" encType="multipart/form-data" className="stack" data-testid="td-start-form">
            <div className="grid2">
              <Field name="licenceKind" label={t("testdrive.licenceKind")} error={f("licenceKind")}>
                <select id="f-licenceKind" name="licenceKind" defaultValue={err?.values?.licenceKind ?? "cn"}>
                  {LICENCE_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`testdrive.licence.${k}`)}
                    </option>
                  ))}
                </select>
              </Field>
              <Field
                name="licenceNumber"
                label={t("testdrive.licenceNumber")}
                required
                maxLength={30}
                defaultValue={err?.values?.licenceNumber}
                error={f("licenceNumber")}
              />
            </div>
            <Field name="photo" label={t("testdrive.photo")} error={f("photo")}>
              <input
                id="f-photo"
                name="photo"
                type="file"
                accept="image/jpeg,image/png,image/webp,image/*"
                capture="environment"
                required
                onChange={(e) => shrinkPhoto(e.currentTarget)}
                aria-invalid={f("photo") ? true : undefined}
              />
            </Field>
            <p className="muted">{t("testdrive.photoHint")}</p>
            <div className="checks">
              <label htmlFor="f-waiver">
                <input id="f-waiver" type="checkbox" name="waiver" required /> {t("testdrive.waiver")}
              </label>
            </div>
            {f("waiverSigned") ? <span className="field-error">{f("waiverSigned")}</span> : null}
            <button type="submit" disabled={busy}>
              {t("testdrive.doStart")}
            </button>
          </Form>
          <Form method="post" className="row" style={{ marginTop: 12 }}>
            <input type="hidden" name="intent" value="cancel" />
            <input
              name="reason"
              aria-label={t("testdrive.cancelReason")}
              placeholder={t("testdrive.cancelReason")}
              maxLength={200}
              style={{ width: "auto", flex: 1 }}
            />
            <button type="submit" className="secondary" disabled={busy}>
              {t("testdrive.cancel")}
            </button>
          </Form>
        </div>
      ) : null}

      {td.state === "in_progress" ? (
        <div className="card">
          <h2>{t("testdrive.returnTitle")}</h2>
          <Form method="post" className="stack" data-testid="td-return-form">
            <input type="hidden" name="intent" value="return" />
            <fieldset className="checks">
              <legend className="muted">{t("testdrive.rating")}</legend>
              {[1, 2, 3, 4, 5].map((n) => (
                <label key={n}>
                  <input
                    type="radio"
                    name="rating"
                    value={n}
                    required
                    defaultChecked={err?.values?.rating === String(n)}
                  />{" "}
                  {"★".repeat(n)}
                </label>
              ))}
            </fieldset>
            {f("rating") ? <span className="field-error">{f("rating")}</span> : null}
            <div className="grid2">
              <Field name="interest" label={t("testdrive.interest")} error={f("interest")}>
                <select id="f-interest" name="interest" defaultValue={err?.values?.interest ?? ""} required>
                  <option value="">—</option>
                  {TEST_DRIVE_INTEREST.map((i) => (
                    <option key={i} value={i}>
                      {t(`testdrive.interest.${i}`)}
                    </option>
                  ))}
                </select>
              </Field>
              <Field
                name="comments"
                label={t("testdrive.comments")}
                maxLength={1000}
                defaultValue={err?.values?.comments}
                error={f("comments")}
              />
            </div>
            <button type="submit" disabled={busy}>
              {t("testdrive.doReturn")}
            </button>
          </Form>
        </div>
      ) : null}

      {td.state === "returned" ? (
        <div className="card">
          <h2>{t("testdrive.signOffTitle")}</h2>
          {canSignOff ? (
            <Form method="post" className="row" data-testid="td-signoff-form">
              <input type="hidden" name="intent" value="sign-off" />
              <input
                name="comment"
                aria-label={t("testdrive.comment")}
                placeholder={t("testdrive.comment")}
                maxLength={300}
                style={{ width: "auto", flex: 1 }}
              />
              <button type="submit" disabled={busy}>
                {t("testdrive.doSignOff")}
              </button>
            </Form>
          ) : (
            <p className="muted">{t("testdrive.waitingSignOff")}</p>
          )}
        </div>
      ) : null}

      <AuditList audit={audit} timeZone={timeZone} />
    </>
  );
}
