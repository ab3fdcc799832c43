// What the options page's profile section asks the background: the signed-in account's name,
// email, password and sessions on the AI-HTTP server. The session's tokens stay in the background.
import type { AccountSessionView, UserView } from '@ai-http/shared/api/resources';
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { Result } from './messages.ts';

interface ProfileProtocol {
  profile(): Result<UserView>;
  updateProfile(input: { name?: string; email?: string }): Result<UserView>;
  changePassword(input: { currentPassword: string; newPassword: string }): Result<{ changed: true; sessionsEnded: number }>;
  listSessions(): Result<AccountSessionView[]>;
  revokeSession(input: { id: string }): Result<{ revoked: true }>;
}

export const { sendMessage: sendProfileMessage, onMessage: onProfileMessage } = defineExtensionMessaging<ProfileProtocol>();
