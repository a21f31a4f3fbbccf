import { showroom } from "@dealeros/services";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireCtx } from "../lib/auth.server";
import { useT } from "../lib/i18n";
import { WalkInTable } from "../lib/walkins";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, params.storeId);
  const mine = await showroom.myWalkInsToday(ctx, params.storeId!);
  return { ...mine, storeId: params.storeId!, timeZone: ctx.store?.timeZone ?? "Asia/Shanghai" };
}

export default function MyCustomers() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h2>
        {t("myCustomers")} · {data.date}
      </h2>
      <WalkInTable rows={data.walkIns} storeId={data.storeId} timeZone={data.timeZone} empty={t("noMyWalkIns")} />
    </>
  );
}
