import { stores } from "@dealeros/services";
import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { requireCtx } from "../lib/auth.server";
import { useT } from "../lib/i18n";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request);
  const list = await stores.listStores(ctx);
  if (list[0]) throw redirect(`/app/s/${list[0].storeId}`);
  if (ctx.actor.roles.includes("group_admin")) throw redirect("/app/stores");
  return null;
}

export default function Home() {
  const t = useT();
  return (
    <main>
      <p className="empty">{t("noStoresStaff")}</p>
    </main>
  );
}
