/** "My commission": the signed-in consultant's own statements in this store, newest month first. */
import { commissions } from "@dealeros/services";
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireCtx } from "../lib/auth.server";
import { orNotFound } from "../lib/http.server";
import { useT } from "../lib/i18n";
import { useYuanText } from "../lib/targets";
import styles from "../styles/targets.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  return orNotFound(async () => ({ statements: await commissions.myStatements(ctx, params.storeId!) }));
}

export default function MyCommissionPage() {
  const t = useT();
  const yuan = useYuanText();
  const { statements } = useLoaderData<typeof loader>();
  return (
    <section>
      <h2>{t("commissions.my")}</h2>
      {statements.length === 0 ? (
        <p className="empty">{t("commissions.myNone")}</p>
      ) : (
        <table className="responsive" data-testid="my-commissions">
          <thead>
            <tr>
              <th>{t("commissions.month")}</th>
              <th className="tg-num">{t("commissions.col.units")}</th>
              <th className="tg-num">{t("commissions.col.target")}</th>
              <th className="tg-num">{t("commissions.col.total")}</th>
            </tr>
          </thead>
          <tbody>
            {statements.map((s) => (
              <tr key={s.month}>
                <td data-label={t("commissions.month")}>
                  <Link to={`/app/s/${s.storeId}/commissions/${s.month}/${s.userId}`}>{s.month}</Link>
                </td>
                <td data-label={t("commissions.col.units")} className="tg-num">
                  {s.units}
                </td>
                <td data-label={t("commissions.col.target")} className="tg-num">
                  {s.targetUnits ?? "—"}
                </td>
                <td data-label={t("commissions.col.total")} className={`tg-num${s.totalFen < 0 ? " tg-neg" : ""}`}>
                  <strong>¥{yuan(s.totalFen)}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
