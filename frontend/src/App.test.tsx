import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { preloadPages } from "./site/lazyPage";
import { App } from "./App";

const render = (path: string, search = "") => renderToStaticMarkup(<App path={path} search={search} />);

// Console and account pages load lazily: load them first so they render in one pass.
beforeAll(preloadPages);

describe("App", () => {
  it("shows a way back for an unknown page", () => {
    const html = render("/no/such/page");
    expect(html).toContain("Page not found");
    expect(html).toContain('href="/"');
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
    const html = render(path, "?token=abc");
    expect(html).toContain(`<h1>${title}</h1>`);
    expect(html).toContain('class="logo"');
  });

  it("labels the sign-up fields and button exactly", () => {
    const html = render("/sign-up");
    for (const label of ["Email", "Display name", "Password", "Confirm password"]) expect(html).toMatch(new RegExp(`<label for="[^"]+">${label}</label>`));
    expect(html).toContain(">Create account</button>");
    expect(html).toContain('href="/sign-in"');
  });

  it("links sign-in to the password reset and sign-up pages", () => {
    const html = render("/sign-in", "?next=/account");
    expect(html).toContain('<a href="/forgot-password">Forgot your password?</a>');
    expect(html).toContain('<a href="/sign-up">Create an account</a>');
    expect(html).toContain(">Sign in</button>");
  });

  it("confirms a verification token, or offers a new link without one", () => {
    expect(render("/verify-email", "?token=abc")).toContain("Confirming your email");
    const html = render("/verify-email");
    expect(html).toContain('role="alert"');
    expect(html).toContain(">Resend verification email</button>");
  });

  it("asks for the new password twice on the reset page", () => {
    const html = render("/reset-password", "?token=abc");
    expect(html).toMatch(/<label for="[^"]+">New password<\/label>/);
    expect(html).toMatch(/<label for="[^"]+">Confirm password<\/label>/);
    expect(html).toContain(">Set new password</button>");
  });

  it("gives the admin pages their search and filter labels", () => {
    expect(render("/admin/users")).toContain(">Search users</label>");
    expect(render("/admin/mailbox")).toContain(">Recipient</label>");
    const jobs = render("/admin/jobs", "?kind=rebuild&status=running");
    expect(jobs).toMatch(/<label for="[^"]+">Kind<\/label>/);
    expect(jobs).toMatch(/<label for="[^"]+">Status<\/label>/);
    expect(jobs).toContain('<option selected="">running</option>');
  });

  it("lays out the index page's sections and actions", () => {
    const html = render("/admin/indexes");
    expect(html).toContain(">System health</h2>");
    expect(html).toContain(">Index status</h2>");
    for (const label of ["Rebuild index", "Check parity", "Sync now"]) expect(html).toContain(`>${label}</button>`);
  });

  it("offers training and rollback on the ranking models page", () => {
    const html = render("/admin/models");
    for (const label of ["Train new model", "Roll back"]) expect(html).toContain(`>${label}</button>`);
    expect(html).toContain("Loading the ranking models");
  });

  it("routes /product/{id} to the product page, carrying the search's query_id", () => {
    const html = render("/product/42", "?q=qid-1");
    expect(html).toContain('class="logo"');
    expect(html).toContain("Loading the product");
    expect(html).toContain('data-testid="search-input"');
    expect(render("/product/42/")).toContain("Loading the product");
    for (const path of ["/product/", "/product/abc", "/product/4/2"]) expect(render(path)).toContain("Page not found");
  });

  it("gives the search box the combobox roles of its suggestion list", () => {
    const html = render("/", "?q=laptop");
    expect(html).toMatch(/<input[^>]*role="combobox"[^>]*aria-expanded="false"/);
    expect(html).toMatch(/<input[^>]*data-testid="search-input"/);
    expect(html).toContain('role="listbox" aria-label="Suggestions"');
    const controls = /aria-controls="([^"]+)"/.exec(html)?.[1];
    expect(controls && html.includes(`id="${controls}" role="listbox"`)).toBe(true);
  });

  it("shows a cart link in the header and a loading cart or orders page", () => {
    expect(render("/")).toContain('href="/cart"');
    expect(render("/cart")).toContain("Loading your cart");
    expect(render("/orders", "?placed=17")).toContain('<p class="notice" role="status">Order 17 placed</p>');
    expect(render("/orders", "?placed=<b>")).not.toContain('role="status"');
  });
});
