import { auth, clearSessionCookie, oemAuth } from "@dealeros/services";
import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { assertSameOrigin, sessionToken } from "../lib/auth.server";

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  await auth.logout(sessionToken(request));
  await oemAuth.logoutOem(sessionToken(request));
  return redirect("/login", { headers: { "set-cookie": clearSessionCookie() } });
}

export async function loader() {
  return redirect("/app");
}
