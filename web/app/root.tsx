import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { langFromRequest, translate } from "./i18n";
import styles from "./styles.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];
export const meta: MetaFunction = () => [{ title: "Dealer OS · 经销商云" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return { lang: langFromRequest(request) };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <html lang={data?.lang === "en" ? "en" : "zh-CN"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const lang = useRouteLoaderData<typeof loader>("root")?.lang ?? "zh";
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  const detail = isRouteErrorResponse(error) && !notFound && typeof error.data === "string" ? error.data : "";
  return (
    <main className="narrow">
      <h1>{notFound ? translate(lang, "notFound") : translate(lang, "errorTitle")}</h1>
      <p>{notFound ? translate(lang, "notFoundText") : detail}</p>
      <p>
        <a href="/app">← {translate(lang, "appName")}</a>
      </p>
    </main>
  );
}
