/** Typed calls of the accounts and admin API. */

import { api, ok, queryString } from "./client";
import type {
  ApiTokenCreated,
  ApiTokenRead,
  MailPage,
  MessageRead,
  PasswordChanged,
  PasswordReset,
  Role,
  SessionRead,
  UserPage,
  UserRead,
  UserStatus,
} from "./types";

export { queryString };

export const signUp = (body: { email: string; password: string; display_name: string }): Promise<MessageRead> =>
  ok(api.POST("/api/auth/sign-up", { body }));

export const verifyEmail = (token: string): Promise<MessageRead> => ok(api.POST("/api/auth/verify-email", { body: { token } }));

export const resendVerification = (email: string): Promise<MessageRead> =>
  ok(api.POST("/api/auth/resend-verification", { body: { email } }));

export const signIn = (email: string, password: string): Promise<SessionRead> =>
  ok(api.POST("/api/auth/sign-in", { body: { email, password } }));

export const signOut = (): Promise<SessionRead> => ok(api.POST("/api/auth/sign-out"));

export const forgotPassword = (email: string): Promise<MessageRead> =>
  ok(api.POST("/api/auth/forgot-password", { body: { email } }));

export const resetPassword = (token: string, new_password: string): Promise<PasswordReset> =>
  ok(api.POST("/api/auth/reset-password", { body: { token, new_password } }));

export const getAccount = (): Promise<UserRead> => ok(api.GET("/api/account"));

export const updateAccount = (display_name: string): Promise<UserRead> =>
  ok(api.PATCH("/api/account", { body: { display_name } }));

export const changePassword = (current_password: string, new_password: string): Promise<PasswordChanged> =>
  ok(api.POST("/api/account/password", { body: { current_password, new_password } }));

export const deleteAccount = (password: string): Promise<SessionRead> =>
  ok(api.POST("/api/account/delete", { body: { password } }));

export const listTokens = (): Promise<ApiTokenRead[]> => ok(api.GET("/api/account/tokens"));

export const createToken = (name: string, expires_in_days: number | null): Promise<ApiTokenCreated> =>
  ok(api.POST("/api/account/tokens", { body: { name, expires_in_days } }));

export const revokeToken = (id: number): Promise<void> =>
  ok(api.DELETE("/api/account/tokens/{token_id}", { params: { path: { token_id: id } } })).then(() => undefined);

export interface UserQuery {
  q: string;
  role: Role | "";
  status: UserStatus | "";
  page: number;
  size: number;
}

export const listUsers = (query: UserQuery): Promise<UserPage> =>
  ok(api.GET("/api/admin/users", { querySerializer: () => queryString({ ...query }) }));

export const updateUser = (id: number, change: { role?: Role; status?: "active" | "disabled" }): Promise<UserRead> =>
  ok(api.PATCH("/api/admin/users/{user_id}", { params: { path: { user_id: id } }, body: change }));

export const listMail = (to: string, page: number, size: number): Promise<MailPage> =>
  ok(api.GET("/api/admin/mailbox", { querySerializer: () => queryString({ to: to.trim(), page, size }) }));
