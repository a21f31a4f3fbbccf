import { type ActionFunctionArgs, redirect } from "@remix-run/node";

/** Switch the UI language; remembered in a cookie for a year. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const lang = form.get("lang") === "en" ? "en" : "zh";
  const back = String(form.get("back") ?? "/");
  const target = back.startsWith("/") && !back.startsWith("//") ? back : "/";
  return redirect(target, { headers: { "set-cookie": `lang=${lang}; Path=/; Max-Age=31536000; SameSite=Lax` } });
}

export async function loader() {
  return redirect("/");
}
