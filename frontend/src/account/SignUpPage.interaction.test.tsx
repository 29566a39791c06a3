// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ANONYMOUS, fakeApi, json, type FakeCall } from "../testing/fakeApi";
import { SignUpPage } from "./SignUpPage";

describe("SignUpPage", () => {
  afterEach(() => vi.unstubAllGlobals());

  const fill = async (password: string, confirm: string) => {
    const user = userEvent.setup();
    render(<SignUpPage />);
    await user.type(screen.getByLabelText("Email"), " ada@example.com ");
    await user.type(screen.getByLabelText("Display name"), "Ada");
    await user.type(screen.getByLabelText("Password"), password);
    await user.type(screen.getByLabelText("Confirm password"), confirm);
    await user.click(screen.getByRole("button", { name: "Create account" }));
  };
  const signUps = (calls: FakeCall[]) => calls.filter((c) => c.url.pathname === "/api/auth/sign-up");

  it("says the passwords differ and sends nothing", async () => {
    const calls = fakeApi({});
    await fill("correct horse battery", "correct horse batterx");
    expect(await screen.findByRole("alert")).toHaveTextContent("The passwords do not match.");
    expect(signUps(calls)).toEqual([]);
  });

  it("sends the trimmed fields with the CSRF token and shows the server's message", async () => {
    const calls = fakeApi({
      "GET /api/auth/session": () => ANONYMOUS,
      "POST /api/auth/sign-up": () => ({ message: "Check your inbox to confirm your email." }),
    });
    await fill("correct horse battery", "correct horse battery");
    expect(await screen.findByRole("status")).toHaveTextContent("Check your inbox to confirm your email.");
    const [post] = signUps(calls);
    expect(post?.body).toEqual({ email: "ada@example.com", password: "correct horse battery", display_name: "Ada" });
    expect(post?.headers.get("X-CSRF-Token")).toBe("csrf-1");
    expect(screen.getByLabelText("Password")).toHaveValue("");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("shows the server's refusal as an alert and keeps the password typed", async () => {
    fakeApi({
      "GET /api/auth/session": () => ANONYMOUS,
      "POST /api/auth/sign-up": () => json({ detail: [{ loc: ["body", "password"], msg: "Password is too common", type: "weak_password" }] }, 422),
    });
    await fill("password1234", "password1234");
    expect(await screen.findByRole("alert")).toHaveTextContent("Password is too common");
    expect(screen.getByLabelText("Password")).toHaveValue("password1234");
    expect(screen.getByRole("button", { name: "Create account" })).toBeEnabled();
  });
});
