/** The store's customers (客户, issue 7): search by name / mobile / plate / VIN, repeat buyers, pages, referral rate. */
import { addDays, localDate } from "@dealeros/core";
import { customers } from "@dealeros/services";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireCtx } from "../lib/auth.server";
import { orNotFound } from "../lib/http.server";
import { useT } from "../lib/i18n";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const url = new URL(request.url);
  const q = url.searchParams.get("q") ?? "";
  const repeat = url.searchParams.get("repeat") === "1";
  const owner = url.searchParams.get("owner") === "me" ? "me" : undefined;
  return orNotFound(async () => {
    const tz = ctx.store?.timeZone ?? "Asia/Shanghai";
    const today = localDate(new Date(), tz);
    const [page, rate] = await Promise.all([
      customers.searchCustomers(ctx, params.storeId!, {
        q: q || undefined,
        repeat: repeat ? "1" : undefined,
        owner,
        cursor: url.searchParams.get("cursor") ?? undefined,
      }),
      customers.referralRate(ctx, params.storeId!, { from: `${today.slice(0, 7)}-01`, to: addDays(today, 0) }),
    ]);
    return {
      ...page,
      q,
      repeat,
      owner: owner ?? "",
      rate,
      storeId: params.storeId!,
      seesStore: customers.seesWholeStore(ctx.actor),
    };
  });
}

export default function CustomersPage() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const base = `/app/s/${d.storeId}/customers`;
  const qs = (over: Record<string, string>) => {
    const p = new URLSearchParams({
      ...(d.q ? { q: d.q } : {}),
      ...(d.repeat ? { repeat: "1" } : {}),
      ...(d.owner ? { owner: d.owner } : {}),
      ...over,
    });
    for (const [k, v] of [...p]) if (!v) p.delete(k);
    const s = p.toString();
    return s ? `${base}?${s}` : base;
  };
  const here = qs({});
  return (
    <>
      <div className="spread">
        <h2 style={{ marginTop: 0 }}>{t("customers.title")}</h2>
        <Link
          to={`/app/s/${d.storeId}/customers/new?back=${encodeURIComponent(here)}`}
          className="button"
          data-testid="new-customer"
        >
          + {t("customers.new")}
        </Link>
      </div>
      <div className="stats" data-testid="referral-rate">
        <div>
          <span className="muted">{t("customers.referralRate")}</span>
          <b>{d.rate.rate === null ? "—" : `${Math.round(d.rate.rate * 1000) / 10}%`}</b>
          <span className="muted">
            {d.rate.newCards
              ? t("customers.referralRateText", {
                  referred: d.rate.referred,
                  cards: d.rate.newCards,
                  rate: `${Math.round((d.rate.rate ?? 0) * 1000) / 10}%`,
                })
              : t("customers.referralRateNone")}
          </span>
        </div>
      </div>
      <Form method="get" className="row" style={{ marginBottom: 8 }} data-testid="customer-search">
        <label htmlFor="f-q" style={{ flex: "1 1 220px" }}>
          {t("customers.searchLabel")}
          <input id="f-q" name="q" defaultValue={d.q} placeholder={t("customers.searchPlaceholder")} maxLength={60} />
        </label>
        {d.repeat ? <input type="hidden" name="repeat" value="1" /> : null}
        {d.owner ? <input type="hidden" name="owner" value={d.owner} /> : null}
        <button type="submit">{t("search")}</button>
      </Form>
      <nav className="row" style={{ marginBottom: 8 }}>
        <Link to={qs({ repeat: "" })} className={d.repeat ? "pill off" : "pill"}>
          {t("customers.all")}
        </Link>
        <Link to={qs({ repeat: "1" })} className={d.repeat ? "pill" : "pill off"} data-testid="repeat-filter">
          {t("customers.repeatOnly")}
        </Link>
        {d.seesStore ? (
          <>
            <Link to={qs({ owner: "" })} className={d.owner ? "pill off" : "pill"}>
              {t("customers.storeWide")}
            </Link>
            <Link to={qs({ owner: "me" })} className={d.owner ? "pill" : "pill off"}>
              {t("customers.mine")}
            </Link>
          </>
        ) : null}
      </nav>
      {d.items.length === 0 ? (
        <p className="empty">{t("customers.empty")}</p>
      ) : (
        <table className="responsive" data-testid="customer-table">
          <thead>
            <tr>
              <th>{t("customers.name")}</th>
              <th>{t("customers.mobile")}</th>
              <th>{t("customers.vehicles")}</th>
              <th>{t("customers.owner")}</th>
              <th>{t("customers.flags")}</th>
            </tr>
          </thead>
          <tbody>
            {d.items.map((c) => (
              <tr key={c.customerId} data-testid="customer-row">
                <td data-label={t("customers.name")}>
                  <Link to={`/app/s/${d.storeId}/cu/${c.customerId}`}>{c.name}</Link>
                </td>
                <td data-label={t("customers.mobile")}>{c.mobile ?? "—"}</td>
                <td data-label={t("customers.vehicles")}>
                  <div>
                    {c.vehicles.map((v) => (
                      <div key={v.vin}>{v.label || v.vin}</div>
                    ))}
                  </div>
                </td>
                <td data-label={t("customers.owner")}>{c.ownerName}</td>
                <td data-label={t("customers.flags")}>
                  <span className="row">
                    {c.repeatBuyer ? <span className="pill ok">{t("customers.repeatBuyer")}</span> : null}
                    <span className="pill off">{t(`customers.origin.${c.origin}`)}</span>
                    {c.referrals ? (
                      <span className="pill">{t("customers.referralsCount", { n: c.referrals })}</span>
                    ) : null}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {d.cursor ? (
        <p>
          <Link to={qs({ cursor: d.cursor })}>{t("customers.more")} →</Link>
        </p>
      ) : null}
    </>
  );
}
