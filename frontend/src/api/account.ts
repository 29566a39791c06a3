/** Typed calls of the accounts and admin API. */

import { apiRequest } from "./session";
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

export const signUp = (body: { email: string; password: string; display_name: string }) =>
  apiRequest<MessageRead>("POST", "/api/auth/sign-up", body);

export const verifyEmail = (token: string) => apiRequest<MessageRead>("POST", "/api/auth/verify-email", { token });

export const resendVerification = (email: string) =>
  apiRequest<MessageRead>("POST", "/api/auth/resend-verification", { email });

export const signIn = (email: string, password: string) =>
  apiRequest<SessionRead>("POST", "/api/auth/sign-in", { email, password });

export const signOut = () => apiRequest<SessionRead>("POST", "/api/auth/sign-out");

export const forgotPassword = (email: string) => apiRequest<MessageRead>("POST", "/api/auth/forgot-password", { email });

export const resetPassword = (token: string, new_password: string) =>
  apiRequest<PasswordReset>("POST", "/api/auth/reset-password", { token, new_password });

export const getAccount = () => apiRequest<UserRead>("GET", "/api/account");

export const updateAccount = (display_name: string) => apiRequest<UserRead>("PATCH", "/api/account", { display_name });

export const changePassword = (current_password: string, new_password: string) =>
  apiRequest<PasswordChanged>("POST", "/api/account/password", { current_password, new_password });

export const deleteAccount = (password: string) => apiRequest<SessionRead>("POST", "/api/account/delete", { password });

export const listTokens = () => apiRequest<ApiTokenRead[]>("GET", "/api/account/tokens");

export const createToken = (name: string, expires_in_days: number | null) =>
  apiRequest<ApiTokenCreated>("POST", "/api/account/tokens", { name, expires_in_days });

export const revokeToken = (id: number) => apiRequest<void>("DELETE", `/api/account/tokens/${id}`);

export interface UserQuery {
  q: string;
  role: Role | "";
  status: UserStatus | "";
  page: number;
  size: number;
}

/** Build a query string, leaving out empty values (the API refuses an empty enum). */
export function queryString(params: Record<string, string | number>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== "") search.set(key, String(value));
  return search.toString();
}

export const listUsers = (query: UserQuery) => apiRequest<UserPage>("GET", `/api/admin/users?${queryString({ ...query })}`);

export const updateUser = (id: number, change: { role?: Role; status?: "active" | "disabled" }) =>
  apiRequest<UserRead>("PATCH", `/api/admin/users/${id}`, change);

export const listMail = (to: string, page: number, size: number) =>
  apiRequest<MailPage>("GET", `/api/admin/mailbox?${queryString({ to: to.trim(), page, size })}`);
