// @vitest-environment jsdom
import { render, screen, within } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "./App";
import { preloadPages } from "./site/lazyPage";

// Console and account pages load lazily: load them first so they render in one pass.
beforeAll(preloadPages);

// Every request stays in flight, so each page shows what it shows while loading, effects and all.
beforeEach(() => vi.stubGlobal("fetch", () => new Promise<Response>(() => undefined)));
afterEach(() => vi.unstubAllGlobals());

const show = (path: string, search = "") => render(<App path={path} search={search} />);
const link = (name: string | RegExp) => screen.getByRole("link", { name });

describe("App", () => {
  it("shows a way back for an unknown page", () => {
    show("/no/such/page");
    expect(screen.getByRole("heading", { level: 1, name: "Page not found" })).toBeInTheDocument();
    expect(link("Back to search")).toHaveAttribute("href", "/");
  });

  it.each([
    ["/sign-up", "Create an account"],
    ["/verify-email", "Confirm your email"],
    ["/sign-in", "Sign in"],
    ["/forgot-password", "Forgot your password?"],
    ["/reset-password", "Choose a new password"],
    ["/account", "Your account"],
    ["/account/", "Your account"],
    ["/cart", "Your cart"],
    ["/orders", "Your orders"],
    ["/admin/users", "Users"],
    ["/admin/mailbox", "Mailbox"],
    ["/admin/indexes", "Indexes"],
    ["/admin/jobs", "Jobs"],
    ["/admin/models", "Ranking models"],
  ])("renders %s with its title and the site header", (path, title) => {
    show(path, "?token=abc");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent(new RegExp(`^${title.replace("?", "\\?")}$`));
    expect(link("Aisle home")).toHaveAttribute("href", "/");
  });

  it("labels the sign-up fields and button exactly", () => {
    show("/sign-up");
    for (const label of ["Email", "Display name", "Password", "Confirm password"]) expect(screen.getByLabelText(label)).toBeRequired();
    expect(screen.getByLabelText("Password")).toHaveAttribute("type", "password");
    expect(screen.getByRole("button", { name: "Create account" })).toHaveAttribute("type", "submit");
    expect(link("Sign in")).toHaveAttribute("href", "/sign-in");
  });

  it("links sign-in to the password reset and sign-up pages", () => {
    show("/sign-in", "?next=/account");
    expect(link("Forgot your password?")).toHaveAttribute("href", "/forgot-password");
    expect(link("Create an account")).toHaveAttribute("href", "/sign-up");
    expect(screen.getByRole("button", { name: "Sign in" })).toBeInTheDocument();
  });

  it("confirms a verification token, or offers a new link without one", () => {
    const { unmount } = show("/verify-email", "?token=abc");
    expect(screen.getByText(/Confirming your email/)).toBeInTheDocument();
    unmount();
    show("/verify-email");
    expect(screen.getByRole("alert")).toHaveTextContent("no token");
    expect(screen.getByRole("button", { name: "Resend verification email" })).toBeInTheDocument();
  });

  it("asks for the new password twice on the reset page", () => {
    show("/reset-password", "?token=abc");
    expect(screen.getByLabelText("New password")).toHaveAttribute("type", "password");
    expect(screen.getByLabelText("Confirm password")).toHaveAttribute("type", "password");
    expect(screen.getByRole("button", { name: "Set new password" })).toBeInTheDocument();
  });

  it("labels the users page's search", () => {
    show("/admin/users");
    expect(screen.getByLabelText("Search users")).toBeInTheDocument();
  });

  it("labels the jobs page's filters, set from the address", () => {
    show("/admin/jobs", "?kind=rebuild&status=running");
    expect(screen.getByLabelText("Kind")).toBeInTheDocument();
    expect(screen.getByLabelText("Status")).toHaveDisplayValue("running");
  });

  it("labels the mailbox's recipient filter", () => {
    show("/admin/mailbox");
    expect(screen.getByLabelText("Recipient")).toBeInTheDocument();
  });

  it("lays out the index page's sections and actions", () => {
    show("/admin/indexes");
    expect(screen.getByRole("heading", { level: 2, name: "System health" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 2, name: "Index status" })).toBeInTheDocument();
    for (const label of ["Rebuild index", "Check parity", "Sync now"]) expect(screen.getByRole("button", { name: label })).toBeInTheDocument();
  });

  it("offers training and rollback on the ranking models page", () => {
    show("/admin/models");
    for (const label of ["Train new model", "Roll back"]) expect(screen.getByRole("button", { name: label })).toBeInTheDocument();
    expect(screen.getByText(/Loading the ranking models/)).toBeInTheDocument();
  });

  it("routes /product/{id} to the product page, carrying the search's query_id", () => {
    show("/product/42", "?q=qid-1");
    expect(link("Aisle home")).toBeInTheDocument();
    expect(screen.getByText(/Loading the product/)).toBeInTheDocument();
    expect(screen.getByTestId("search-input")).toBeInTheDocument();
  });

  it("routes /product/42/ to the product page too", () => {
    show("/product/42/");
    expect(screen.getByText(/Loading the product/)).toBeInTheDocument();
  });

  it.each(["/product/", "/product/abc", "/product/4/2"])("has no product page at %s", (path) => {
    show(path);
    expect(screen.getByRole("heading", { level: 1, name: "Page not found" })).toBeInTheDocument();
  });

  it("gives the search box the combobox roles of its suggestion list", () => {
    show("/", "?q=laptop");
    const input = screen.getByRole("combobox", { name: "Search products" });
    expect(input).toHaveAttribute("aria-expanded", "false");
    expect(input).toHaveAttribute("data-testid", "search-input");
    // The list is in the page (hidden while empty), so aria-controls names a real element.
    const list = document.getElementById(input.getAttribute("aria-controls") ?? "");
    expect(list).toHaveAttribute("role", "listbox");
    expect(list).toHaveAttribute("aria-label", "Suggestions");
  });

  it("shows a cart link in the header", () => {
    show("/");
    expect(within(screen.getByRole("navigation", { name: "Account" })).getByRole("link", { name: /Cart/ })).toHaveAttribute("href", "/cart");
  });

  it("shows a loading cart", () => {
    show("/cart");
    expect(screen.getByText(/Loading your cart/)).toBeInTheDocument();
  });

  it("confirms the order just placed, but only a real order number", () => {
    show("/orders", "?placed=17");
    expect(screen.getByRole("status")).toHaveTextContent("Order 17 placed");
  });

  it("says nothing for a placed order that is no number", () => {
    show("/orders", "?placed=<b>");
    expect(screen.queryByRole("status")).toBeNull();
  });
});
