/** XLSX of one commission statement (resource route; the same access as the statement page). */
import { commissions } from "@dealeros/services";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { langFromRequest, translate } from "../i18n";
import { requireCtx } from "../lib/auth.server";
import { orNotFound } from "../lib/http.server";
import { xlsxResponse } from "../lib/xlsx.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const view = await orNotFound(() => commissions.getStatement(ctx, params.storeId!, params.month!, params.userId!));
  const s = view.statement;
  const lang = langFromRequest(request);
  const tr = (k: string) => translate(lang, k);
  return xlsxResponse(`commission-${s.month}-${s.name}.xlsx`, [
    {
      name: `${s.month} ${s.name}`,
      columns: [
        { header: tr("commissions.col.item"), key: "kind" },
        { header: "", key: "label" },
        { header: tr("commissions.col.quantity"), key: "quantity", kind: "int" },
        { header: tr("commissions.col.rate"), key: "rate", kind: "int" },
        { header: tr("commissions.col.amount"), key: "amountFen", kind: "fen" },
      ],
      rows: [
        ...s.lines.map((l) => ({ ...l, kind: tr(`commissions.line.${l.kind}`) })),
        { kind: tr("commissions.total"), label: "", quantity: null, rate: null, amountFen: s.totalFen },
      ],
    },
  ]);
}
