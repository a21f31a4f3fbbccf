import type { CatalogueBrand } from "@dealeros/core";
import { inventory } from "@dealeros/services";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { type ActionError, attempt, formValues, str } from "../lib/forms.server";
import { useT } from "../lib/i18n";
import { useMoney } from "../lib/inventory";
import { ErrorBanner, Field, isFormError } from "../lib/ui";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request);
  const [catalogue, settings] = await Promise.all([inventory.getCatalogue(ctx), inventory.getInventorySettings(ctx)]);
  return { catalogue, settings, canEdit: inventory.INVENTORY_EDITORS.some((r) => ctx.actor.roles.includes(r)) };
}

/** The catalogue as text, one trim per line (what the editor shows). */
function toLines(brands: CatalogueBrand[]): string {
  return brands
    .flatMap((b) =>
      b.models.flatMap((m) =>
        m.trims.map((t) =>
          [
            b.name,
            m.code,
            m.name,
            t.code,
            t.name,
            String(t.msrp / 100),
            t.colours.map((c) => `${c.code}:${c.name}`).join(", "),
          ].join(" | "),
        ),
      ),
    )
    .join("\n");
}

/** Lines → brands; a malformed line gives its number (the server validates the rest). */
function fromLines(text: string): { brands: CatalogueBrand[] } | { line: number } {
  const brands: CatalogueBrand[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (!raw) continue;
    const parts = raw.split("|").map((p) => p.trim());
    if (parts.length !== 7) return { line: i + 1 };
    const [brand, modelCode, modelName, trimCode, trimName, price, colours] = parts as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    let b = brands.find((x) => x.name === brand);
    if (!b) {
      b = { name: brand, models: [] };
      brands.push(b);
    }
    let m = b.models.find((x) => x.code === modelCode);
    if (!m) {
      m = { code: modelCode, name: modelName, trims: [] };
      b.models.push(m);
    }
    const yuan = Number(price.replace(/[,\s¥]/g, ""));
    m.trims.push({
      code: trimCode,
      name: trimName,
      msrp: Number.isFinite(yuan) ? Math.round(yuan * 100) : Number.NaN,
      colours: colours
        .split(/[,，]/)
        .map((c) => c.trim())
        .filter(Boolean)
        .map((c) => {
          const [code, ...name] = c.split(":");
          return { code: code!.trim(), name: name.join(":").trim() };
        }),
    });
  }
  return { brands };
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request);
  const form = await request.formData();
  const version = Number(str(form, "version"));
  if (str(form, "intent") === "settings") {
    const r = await attempt(
      () =>
        inventory.updateInventorySettings(ctx, {
          version,
          allowVinWithoutCheckDigit: form.get("allowVinWithoutCheckDigit") === "on",
          keyOutMinutes: Number(str(form, "keyOutMinutes")),
        }),
      formValues(form),
    );
    return r.ok ? { ok: true as const } : r.error;
  }
  const parsed = fromLines(str(form, "lines") ?? "");
  if ("line" in parsed)
    return data<ActionError>(
      { ok: false, code: "validation_failed", message: `line:${parsed.line}`, fields: {}, values: formValues(form) },
      { status: 400 },
    );
  const r = await attempt(() => inventory.updateCatalogue(ctx, { version, brands: parsed.brands }), formValues(form));
  return r.ok ? { ok: true as const } : r.error;
}

export default function CataloguePage() {
  const { catalogue, settings, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const form = isFormError(result) ? result : undefined;
  const t = useT();
  const money = useMoney();
  const busy = useNavigation().state !== "idle";
  const lineError = form?.message.startsWith("line:") ? Number(form.message.slice(5)) : undefined;
  return (
    <section>
      <h1>{t("inventory.catalogueTitle")}</h1>
      {result && "ok" in result && result.ok ? <div className="banner ok">{t("inventory.catalogueSaved")}</div> : null}
      {lineError ? (
        <div className="banner err" role="alert">
          {t("inventory.catalogueLine", { n: lineError, problem: t("inventory.catalogueLineFormat") })}
        </div>
      ) : (
        <ErrorBanner data={result} />
      )}
      {catalogue.brands.length === 0 ? <p className="empty">{t("inventory.noCatalogue")}</p> : null}
      {catalogue.brands.map((b) => (
        <div className="card" key={b.name}>
          <h2>{b.name}</h2>
          <ul className="plain">
            {b.models.flatMap((m) =>
              m.trims.map((tr) => (
                <li key={`${m.code}-${tr.code}`} className="spread">
                  <span>
                    <b>{m.name}</b> {tr.name}
                    <br />
                    <span className="muted">{tr.colours.map((c) => c.name).join(" · ")}</span>
                  </span>
                  <span>{money(tr.msrp)}</span>
                </li>
              )),
            )}
          </ul>
        </div>
      ))}
      {canEdit ? (
        <>
          <Form method="post" className="card stack" data-testid="catalogue-form">
            <input type="hidden" name="version" value={catalogue.version} />
            <p className="muted">{t("inventory.catalogueHelp")}</p>
            <textarea
              name="lines"
              rows={12}
              style={{ width: "100%", fontFamily: "monospace", fontSize: "0.85rem" }}
              defaultValue={form?.values?.lines ?? toLines(catalogue.brands)}
              aria-label={t("inventory.catalogueTitle")}
            />
            <button type="submit" disabled={busy}>
              {t("inventory.catalogueSave")}
            </button>
          </Form>
          <Form method="post" className="card stack" data-testid="inventory-settings">
            <h2>{t("inventory.settings")}</h2>
            <input type="hidden" name="intent" value="settings" />
            <input type="hidden" name="version" value={settings.version} />
            <label className="row">
              <input
                type="checkbox"
                name="allowVinWithoutCheckDigit"
                defaultChecked={settings.allowVinWithoutCheckDigit}
              />
              {t("inventory.allowNoCheckDigit")}
            </label>
            <Field
              name="keyOutMinutes"
              label={t("inventory.keyOutMinutes")}
              form={form}
              type="number"
              min={15}
              max={1440}
              defaultValue={settings.keyOutMinutes}
            />
            <button type="submit" disabled={busy}>
              {t("inventory.saveSettings")}
            </button>
          </Form>
        </>
      ) : null}
    </section>
  );
}
