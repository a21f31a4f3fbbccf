import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { getCtx } from "../lib/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return redirect((await getCtx(request)) ? "/app" : "/login");
}
