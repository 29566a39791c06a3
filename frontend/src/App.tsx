/** The app shell: picks a page by path. Later pages (consoles) register here. */

import { Suspense, type ReactNode } from "react";
import { CartPage } from "./cart/CartPage";
import { productIdFromPath } from "./product/links";
import { ProductPage } from "./product/ProductPage";
import { SearchPage } from "./search/SearchPage";
import { lazyPage } from "./site/lazyPage";

// Consoles (and their charts) and account pages load on first use: a shopper's first load
// carries search, product and cart only.
const AccountPage = lazyPage(() => import("./account/AccountPage").then((m) => m.AccountPage));
const ForgotPasswordPage = lazyPage(() => import("./account/ForgotPasswordPage").then((m) => m.ForgotPasswordPage));
const ResetPasswordPage = lazyPage(() => import("./account/ResetPasswordPage").then((m) => m.ResetPasswordPage));
const SignInPage = lazyPage(() => import("./account/SignInPage").then((m) => m.SignInPage));
const SignUpPage = lazyPage(() => import("./account/SignUpPage").then((m) => m.SignUpPage));
const VerifyEmailPage = lazyPage(() => import("./account/VerifyEmailPage").then((m) => m.VerifyEmailPage));
const IndexesPage = lazyPage(() => import("./admin/IndexesPage").then((m) => m.IndexesPage));
const JobsPage = lazyPage(() => import("./admin/JobsPage").then((m) => m.JobsPage));
const MailboxPage = lazyPage(() => import("./admin/MailboxPage").then((m) => m.MailboxPage));
const ModelsPage = lazyPage(() => import("./admin/ModelsPage").then((m) => m.ModelsPage));
const UsersPage = lazyPage(() => import("./admin/UsersPage").then((m) => m.UsersPage));
const AnalyticsPage = lazyPage(() => import("./analytics/AnalyticsPage").then((m) => m.AnalyticsPage));
const QueryPage = lazyPage(() => import("./analytics/QueryPage").then((m) => m.QueryPage));
const ExperimentPage = lazyPage(() => import("./experiments/ExperimentPage").then((m) => m.ExperimentPage));
const ExperimentsPage = lazyPage(() => import("./experiments/ExperimentsPage").then((m) => m.ExperimentsPage));
const PreviewPage = lazyPage(() => import("./merch/PreviewPage").then((m) => m.PreviewPage));
const RulesPage = lazyPage(() => import("./merch/RulesPage").then((m) => m.RulesPage));
const SuggestionsPage = lazyPage(() => import("./merch/SuggestionsPage").then((m) => m.SuggestionsPage));
const SynonymsPage = lazyPage(() => import("./merch/SynonymsPage").then((m) => m.SynonymsPage));
const VersionsPage = lazyPage(() => import("./merch/VersionsPage").then((m) => m.VersionsPage));
const OrdersPage = lazyPage(() => import("./orders/OrdersPage").then((m) => m.OrdersPage));
const ConsoleIndex = lazyPage(() => import("./site/ConsoleIndex").then((m) => m.ConsoleIndex));

const ROUTES: Record<string, (params: URLSearchParams) => ReactNode> = {
  "/": () => <SearchPage home />,
  "/search": () => <SearchPage />,
  "/sign-up": () => <SignUpPage />,
  "/verify-email": (params) => <VerifyEmailPage token={params.get("token") ?? ""} />,
  "/sign-in": (params) => <SignInPage next={params.get("next")} />,
  "/forgot-password": () => <ForgotPasswordPage />,
  "/reset-password": (params) => <ResetPasswordPage token={params.get("token") ?? ""} />,
  "/account": () => <AccountPage />,
  "/cart": () => <CartPage />,
  "/orders": (params) => <OrdersPage placed={params.get("placed")} />,
  "/admin": () => <ConsoleIndex console="admin" />,
  "/admin/users": () => <UsersPage />,
  "/admin/mailbox": () => <MailboxPage />,
  "/admin/indexes": () => <IndexesPage />,
  "/admin/jobs": (params) => <JobsPage params={params} />,
  "/admin/models": () => <ModelsPage />,
  "/merch": () => <ConsoleIndex console="merch" />,
  "/merch/synonyms": () => <SynonymsPage />,
  "/merch/rules": () => <RulesPage />,
  "/merch/preview": () => <PreviewPage />,
  "/merch/versions": () => <VersionsPage />,
  "/merch/suggestions": () => <SuggestionsPage />,
  "/analytics": () => <AnalyticsPage />,
  "/analytics/query": (params) => <QueryPage key={params.get("q") ?? ""} q={params.get("q") ?? ""} />,
  "/experiments": () => <ExperimentsPage />,
  "/experiments/view": (params) => <ExperimentPage key={params.get("id") ?? ""} id={Number(params.get("id"))} />,
};

export function App({ path = window.location.pathname, search }: { path?: string; search?: string }) {
  const page = ROUTES[path.replace(/\/+$/, "") || "/"];
  const params = new URLSearchParams(search ?? (typeof window === "undefined" ? "" : window.location.search));
  if (page) return <Suspense fallback={<PageLoading />}>{page(params)}</Suspense>;
  // "/product/123?q=<query_id>": the query_id credits the search the shopper came from.
  const productId = productIdFromPath(path);
  return productId !== null ? <ProductPage key={productId} productId={productId} queryId={params.get("q")} /> : <NotFound />;
}

function PageLoading() {
  return <main className="page-loading" aria-busy="true" />;
}

function NotFound() {
  return (
    <main className="not-found">
      <h1>Page not found</h1>
      <p>
        <a href="/">Back to search</a>
      </p>
    </main>
  );
}
