/** The app shell: picks a page by path. Later pages (consoles) register here. */

import type { ReactNode } from "react";
import { AccountPage } from "./account/AccountPage";
import { ForgotPasswordPage } from "./account/ForgotPasswordPage";
import { ResetPasswordPage } from "./account/ResetPasswordPage";
import { SignInPage } from "./account/SignInPage";
import { SignUpPage } from "./account/SignUpPage";
import { VerifyEmailPage } from "./account/VerifyEmailPage";
import { IndexesPage } from "./admin/IndexesPage";
import { JobsPage } from "./admin/JobsPage";
import { MailboxPage } from "./admin/MailboxPage";
import { ModelsPage } from "./admin/ModelsPage";
import { UsersPage } from "./admin/UsersPage";
import { AnalyticsPage } from "./analytics/AnalyticsPage";
import { QueryPage } from "./analytics/QueryPage";
import { CartPage } from "./cart/CartPage";
import { ExperimentPage } from "./experiments/ExperimentPage";
import { ExperimentsPage } from "./experiments/ExperimentsPage";
import { PreviewPage } from "./merch/PreviewPage";
import { RulesPage } from "./merch/RulesPage";
import { SuggestionsPage } from "./merch/SuggestionsPage";
import { SynonymsPage } from "./merch/SynonymsPage";
import { VersionsPage } from "./merch/VersionsPage";
import { OrdersPage } from "./orders/OrdersPage";
import { productIdFromPath } from "./product/links";
import { ProductPage } from "./product/ProductPage";
import { SearchPage } from "./search/SearchPage";
import { ConsoleIndex } from "./site/ConsoleIndex";

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
  if (page) return page(params);
  // "/product/123?q=<query_id>": the query_id credits the search the shopper came from.
  const productId = productIdFromPath(path);
  return productId !== null ? <ProductPage key={productId} productId={productId} queryId={params.get("q")} /> : <NotFound />;
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
