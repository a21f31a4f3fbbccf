import {
  GENDERS,
  isAppError,
  PROSPECT_IMPORTERS,
  PROSPECT_SORTS,
  PROSPECT_STATUSES,
  WALK_IN_LOGGERS,
  WALK_IN_SOURCES,
} from "@dealeros/core";
import { prospects, staff } from "@dealeros/services";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { assertSameOrigin, requireCtx } from "../lib/auth.server";
import { attempt, formValues, str } from "../lib/forms.server";
import { orNotFound } from "../lib/http.server";
import { useLang, useT } from "../lib/i18n";
import { ConsultantSelect, ErrorBanner, Field, isFormError, useServerMessage } from "../lib/ui";
import { SourceSelect } from "../lib/walkins";
import styles from "../styles/prospectlist.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/** The list's query parameters, as the API takes them. */
const LIST_PARAMS = ["owner", "grade", "source", "status", "overdue", "from", "to", "q", "sort", "cursor"] as const;
type ListParams = Partial<Record<(typeof LIST_PARAMS)[number], string>>;
const GRADE_CHIPS = ["H", "A", "B", "C", "O", "F", "none"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const storeId = params.storeId!;
  const url = new URL(request.url);
  const seesStore = ctx.actor.roles.some((r) => WALK_IN_LOGGERS.includes(r));
  const query: ListParams = {};
  for (const k of LIST_PARAMS) {
    const v = url.searchParams.get(k)?.trim();
    if (v) query[k] = v;
  }
  // the form offers every combination: a search is ordered by name/mobile, the overdue list by due date
  if (query.q) delete query.sort;
  if (query.overdue && query.sort !== "due") delete query.sort;
  return orNotFound(async () => {
    const consultants = seesStore ? await staff.listStoreConsultants(ctx, storeId) : [];
    let page: Awaited<ReturnType<typeof prospects.listProspects>> | undefined;
    let error: { message: string; fields: Record<string, string> } | undefined;
    try {
      page = await prospects.listProspects(ctx, storeId, query);
    } catch (e) {
      // a filter typed in the form (e.g. an end date before the start) is shown, not a 400 page
      if (!isAppError(e) || e.status !== 400 || !ctx.store) throw e;
      error = { message: e.message, fields: e.fields ?? {} };
    }
    return {
      items: page?.items ?? [],
      cursor: page?.cursor,
      sort: page?.sort ?? "newest",
      owner: page?.owner ?? query.owner ?? (seesStore ? "all" : "me"),
      query,
      error,
      now: new Date().toISOString(),
      timeZone: ctx.store?.timeZone ?? "Asia/Shanghai",
      storeId,
      seesStore,
      consultants,
      isConsultant: ctx.actor.roles.includes("sales_consultant"),
      canImport: ctx.actor.roles.some((r) => PROSPECT_IMPORTERS.includes(r)),
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const ctx = await requireCtx(request, params.storeId);
  const form = await request.formData();
  const input = {
    name: str(form, "name") ?? "",
    mobile: str(form, "mobile") || undefined,
    phone: str(form, "phone") || undefined,
    gender: str(form, "gender") || undefined,
    city: str(form, "city") || undefined,
    source: str(form, "source"),
    subSource: str(form, "subSource") || undefined,
    intendedModel: str(form, "intendedModel") || undefined,
    note: str(form, "note") || undefined,
    ownerId: str(form, "ownerId") || undefined,
    referrer: str(form, "referrer") || undefined,
  };
  const r = await attempt(() => prospects.createProspect(ctx, params.storeId!, input), formValues(form));
  if (!r.ok) return r.error;
  return { ok: true as const, prospectId: r.value.prospectId, name: r.value.name };
}

/** The list URL with some parameters changed (undefined removes one); a new filter starts at the first page. */
function hrefWith(base: string, query: ListParams, change: ListParams): string {
  const next: ListParams = { ...query, cursor: undefined, ...change };
  const sp = new URLSearchParams();
  for (const k of LIST_PARAMS) {
    const v = next[k];
    if (v) sp.set(k, v);
  }
  const s = sp.toString();
  return s ? `${base}?${s}` : base;
}

function useFormats(timeZone: string) {
  const lang = useLang();
  const locale = lang === "zh" ? "zh-CN" : "en-GB";
  const dateTime = new Intl.DateTimeFormat(locale, {
    timeZone,
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  });
  const date = new Intl.DateTimeFormat(locale, { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  return {
    due: (iso?: string) => (iso ? dateTime.format(new Date(iso)) : "—"),
    created: (iso: string) => date.format(new Date(iso)),
  };
}

export default function Prospects() {
  const t = useT();
  const msg = useServerMessage();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = isFormError(result) ? result : undefined;
  const created = result && !isFormError(result) ? result : undefined;
  const base = `/app/s/${data.storeId}/prospects`;
  const q = data.query;
  const fmt = useFormats(data.timeZone);
  const isOverdue = (p: (typeof data.items)[number]) =>
    p.status === "active" && !!p.nextFollowUpAt && p.nextFollowUpAt < data.now;
  const filtered = LIST_PARAMS.some((k) => k !== "cursor" && k !== "owner" && q[k]);
  const fieldError = (k: string) => data.error?.fields[k];
  return (
    <>
      <div className="spread">
        <Form method="get" action={base} className="pl-search" role="search">
          {LIST_PARAMS.filter((k) => k !== "q" && k !== "cursor" && k !== "sort" && q[k]).map((k) => (
            <input key={k} type="hidden" name={k} value={q[k]} />
          ))}
          <input
            type="search"
            name="q"
            defaultValue={q.q ?? ""}
            placeholder={t("prospectlist.searchPlaceholder")}
            aria-label={t("prospectlist.search")}
            maxLength={60}
            data-testid="prospect-search"
          />
          <button type="submit">{t("prospectlist.search")}</button>
        </Form>
        {data.canImport ? (
          <Link to={`${base}/import`} className="button secondary">
            {t("prospectlist.import")}
          </Link>
        ) : null}
      </div>

      <nav className="chips" aria-label={t("prospectlist.filters")}>
        {data.seesStore ? (
          <>
            <Link to={hrefWith(base, q, { owner: undefined })} className={`chip${data.owner === "all" ? " on" : ""}`}>
              {t("prospectlist.ownerAll")}
            </Link>
            {data.isConsultant ? (
              <Link to={hrefWith(base, q, { owner: "me" })} className={`chip${data.owner === "me" ? " on" : ""}`}>
                {t("prospectlist.ownerMe")}
              </Link>
            ) : null}
          </>
        ) : null}
        <Link
          to={hrefWith(base, q, { overdue: q.overdue ? undefined : "true", sort: undefined })}
          className={`chip warn${q.overdue ? " on" : ""}`}
          data-testid="chip-overdue"
        >
          {t("prospectlist.overdue")}
        </Link>
        {GRADE_CHIPS.map((g) => (
          <Link
            key={g}
            to={hrefWith(base, q, { grade: q.grade === g ? undefined : g })}
            className={`chip${q.grade === g ? " on" : ""}`}
          >
            {g === "none" ? t("prospectlist.gradeNone") : g}
          </Link>
        ))}
      </nav>

      <details className="pl-more" open={!!(q.source || q.status || q.from || q.to || q.sort || data.error)}>
        <summary>{t("prospectlist.filters")}</summary>
        <Form method="get" action={base}>
          {(["q", "grade", "overdue"] as const)
            .filter((k) => q[k])
            .map((k) => (
              <input key={k} type="hidden" name={k} value={q[k]} />
            ))}
          <div className="pl-filters">
            <Field name="source" label={t("prospectlist.source")} error={fieldError("source")}>
              <select id="f-source" name="source" defaultValue={q.source ?? ""}>
                <option value="">{t("prospectlist.anySource")}</option>
                {WALK_IN_SOURCES.map((s) => (
                  <option key={s} value={s}>
                    {t(`source.${s}`)}
                  </option>
                ))}
              </select>
            </Field>
            {data.seesStore ? (
              <Field name="owner" label={t("prospectlist.owner")} error={fieldError("owner")}>
                <ConsultantSelect
                  name="owner"
                  consultants={data.consultants}
                  defaultValue={q.owner}
                  emptyLabel={t("prospectlist.ownerAll")}
                />
              </Field>
            ) : null}
            <Field name="status" label={t("prospectlist.status")} error={fieldError("status")}>
              <select id="f-status" name="status" defaultValue={q.status ?? ""}>
                <option value="">{t("prospectlist.anyStatus")}</option>
                {PROSPECT_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`prospectlist.status.${s}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field name="sort" label={t("prospectlist.sort")} error={fieldError("sort")}>
              <select id="f-sort" name="sort" defaultValue={q.sort ?? ""} disabled={!!q.q}>
                <option value="">{t(q.overdue ? "prospectlist.sort.due" : "prospectlist.sort.newest")}</option>
                {PROSPECT_SORTS.filter((s) => s !== "newest" && !q.overdue).map((s) => (
                  <option key={s} value={s}>
                    {t(`prospectlist.sort.${s}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field
              name="from"
              type="date"
              label={t("prospectlist.from")}
              defaultValue={q.from}
              error={fieldError("from")}
            />
            <Field name="to" type="date" label={t("prospectlist.to")} defaultValue={q.to} error={fieldError("to")} />
          </div>
          <div className="row">
            <button type="submit">{t("prospectlist.apply")}</button>
            {filtered ? (
              <Link to={hrefWith(base, {}, { owner: q.owner })} className="button secondary">
                {t("prospectlist.clear")}
              </Link>
            ) : null}
          </div>
        </Form>
      </details>

      {data.error ? (
        <div className="banner err" role="alert">
          {msg(data.error.message)}
        </div>
      ) : null}
      {data.sort === "name" || data.sort === "mobile" ? (
        <p className="muted">{t(`prospectlist.sortedBy.${data.sort}`)}</p>
      ) : data.sort === "due" ? (
        <p className="muted">{t("prospectlist.dueHint")}</p>
      ) : null}

      {data.items.length === 0 ? (
        <p className="empty" data-testid="prospect-empty">
          {data.cursor ? t("prospectlist.emptyMore") : filtered ? t("prospectlist.empty") : t("noProspects")}
        </p>
      ) : (
        <>
          <table className="pl-table" data-testid="prospect-table">
            <thead>
              <tr>
                <th>{t("name")}</th>
                <th>{t("mobile")}</th>
                <th>{t("source")}</th>
                <th>{t("intendedModel")}</th>
                <th>{t("owner")}</th>
                <th>{t("grade")}</th>
                <th>{t("prospectlist.nextFollowUp")}</th>
                <th>{t("prospectlist.created")}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((p) => (
                <tr key={p.prospectId} className={isOverdue(p) ? "pl-overdue" : undefined}>
                  <td>
                    <Link to={`/app/s/${data.storeId}/p/${p.prospectId}`}>{p.name}</Link>
                    {isOverdue(p) ? <span className="pl-badge">{t("prospectlist.overdueBadge")}</span> : null}
                  </td>
                  <td>{p.mobile ?? p.phone ?? "—"}</td>
                  <td>
                    {t(`source.${p.source}`)}
                    {p.subSource ? <span className="muted"> · {p.subSource}</span> : null}
                  </td>
                  <td>{p.intendedModel ?? "—"}</td>
                  <td>{p.ownerName}</td>
                  <td>
                    {p.grade ? (
                      <span className="pl-grade">{p.grade}</span>
                    ) : (
                      <span className="muted">{t("ungraded")}</span>
                    )}
                  </td>
                  <td>{p.status === "active" ? fmt.due(p.nextFollowUpAt) : t("prospectlist.status.closed")}</td>
                  <td>{fmt.created(p.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ul className="pl-cards" data-testid="prospect-cards">
            {data.items.map((p) => (
              <li key={p.prospectId}>
                <Link
                  to={`/app/s/${data.storeId}/p/${p.prospectId}`}
                  className={`pl-card${isOverdue(p) ? " pl-overdue" : ""}`}
                >
                  <span className="pl-card-top">
                    <strong>
                      {p.name}
                      {isOverdue(p) ? <span className="pl-badge">{t("prospectlist.overdueBadge")}</span> : null}
                    </strong>
                    {p.grade ? (
                      <span className="pl-grade">{p.grade}</span>
                    ) : (
                      <span className="muted">{t("ungraded")}</span>
                    )}
                  </span>
                  <span className="muted">
                    {p.mobile ?? p.phone ?? "—"} · {p.ownerName} · {t(`source.${p.source}`)}
                  </span>
                  <span className="muted">
                    {p.intendedModel ? `${p.intendedModel} · ` : ""}
                    {t("prospectlist.nextFollowUp")}:{" "}
                    {p.status === "active" ? fmt.due(p.nextFollowUpAt) : t("prospectlist.status.closed")}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
      {data.cursor || q.cursor ? (
        <nav className="pl-pager">
          {q.cursor ? <Link to={hrefWith(base, q, {})}>← {t("prospectlist.firstPage")}</Link> : <span />}
          {data.cursor ? (
            <Link to={hrefWith(base, q, { cursor: data.cursor })} data-testid="prospect-more">
              {t("prospectlist.more")} →
            </Link>
          ) : null}
        </nav>
      ) : null}

      <div className="card" style={{ marginTop: 16 }}>
        <h2>{t("newProspect")}</h2>
        {created ? (
          <div className="banner ok" role="status">
            {t("saved")} <Link to={`/app/s/${data.storeId}/p/${created.prospectId}`}>{created.name}</Link>
          </div>
        ) : null}
        <ErrorBanner data={result} />
        <Form method="post" className="stack" key={created?.prospectId ?? "new"}>
          <div className="grid4">
            <Field name="name" label={t("name")} required maxLength={60} form={err} />
            <Field
              name="mobile"
              type="tel"
              inputMode="tel"
              label={t("mobile")}
              maxLength={20}
              form={err}
              placeholder="138 1234 5678"
            />
            <Field
              name="phone"
              type="tel"
              label={t("phoneOther")}
              maxLength={24}
              form={err}
              placeholder="+852 9123 4567"
            />
            <Field name="gender" label={t("gender")} form={err}>
              <select id="f-gender" name="gender" defaultValue={err?.values?.gender ?? "unknown"}>
                {GENDERS.map((g) => (
                  <option key={g} value={g}>
                    {t(`gender.${g}`)}
                  </option>
                ))}
              </select>
            </Field>
            <SourceSelect form={err} />
            <Field name="subSource" label={t("subSource")} maxLength={60} form={err} />
            <Field name="city" label={t("city")} maxLength={40} form={err} />
            <Field name="intendedModel" label={t("intendedModel")} maxLength={60} form={err} />
            {data.seesStore ? (
              <Field name="ownerId" label={t("owner")} form={err}>
                <ConsultantSelect name="ownerId" consultants={data.consultants} defaultValue={err?.values?.ownerId} />
              </Field>
            ) : null}
            <Field name="note" label={t("note")} maxLength={500} form={err} />
            <Field
              name="referrer"
              type="tel"
              inputMode="tel"
              label={t("customers.referrer")}
              placeholder={t("customers.referrerHint")}
              maxLength={30}
              form={err}
            />
          </div>
          <button type="submit">{t("createProspect")}</button>
        </Form>
      </div>
    </>
  );
}
