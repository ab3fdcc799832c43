import type { EntityManager } from '@mikro-orm/sql';
import type { Context } from 'koa';
import { accountSessionList, deletedSchema, loginInput, passwordChangedView, passwordChangeInput, profileInput, refreshInput, registerInput, sessionView, userView } from '@ai-http/shared/api/resources';
import { AppError } from '@ai-http/shared/errors';
import { z } from 'zod';
import { idParams, type ApiRegistry } from '../../http/api.ts';
import { UserRepository } from '../users/repository.ts';
import { toUserView, type AuthService } from './service.ts';

export function authRoutes(api: ApiRegistry, auth: AuthService, em: (ctx: Context) => EntityManager): void {
  const session = { tag: 'auth', auth: 'none', response: sessionView.schema } as const;
  api.add({ ...session, method: 'post', path: '/auth/register', summary: 'Create an account', status: 201, body: registerInput, handler: ({ ctx, body }) => auth.register(em(ctx), ctx, body) });
  api.add({ ...session, method: 'post', path: '/auth/login', summary: 'Sign in with email and password', body: loginInput, handler: ({ ctx, body }) => auth.login(em(ctx), ctx, body) });
  api.add({ ...session, method: 'post', path: '/auth/refresh', summary: 'Trade a refresh token for a new pair (rotation; reuse ends the session)', body: refreshInput, handler: ({ ctx, body }) => auth.refresh(em(ctx), body.refreshToken) });
  api.add({
    ...session,
    method: 'post',
    path: '/auth/logout',
    summary: 'End the session of a refresh token',
    body: refreshInput,
    response: z.object({ loggedOut: z.literal(true) }),
    handler: ({ ctx, body }) => auth.logout(em(ctx), body.refreshToken),
  });
  api.add({
    method: 'get',
    path: '/me',
    summary: 'The signed-in user',
    tag: 'auth',
    auth: 'user',
    response: userView.schema,
    handler: async ({ ctx, auth: who }) => {
      const user = await new UserRepository(em(ctx)).findActive(who.userId);
      if (!user) throw new AppError('UNAUTHENTICATED', 'This account no longer exists.');
      return toUserView(user);
    },
  });
  // The account itself: a signed-in session only (an API key must not outlive a password change).
  const account = { tag: 'auth', auth: 'session' } as const;
  api.add({ ...account, method: 'patch', path: '/me/profile', summary: 'Change your name or email', body: profileInput, response: userView.schema, handler: ({ ctx, auth: who, body }) => auth.updateProfile(em(ctx), who.userId, body) });
  api.add({
    ...account,
    method: 'post',
    path: '/me/password',
    summary: 'Change your password (with the current one); your other sessions end',
    body: passwordChangeInput,
    response: passwordChangedView,
    handler: ({ ctx, auth: who, body }) => auth.changePassword(em(ctx), ctx, who, body),
  });
  api.add({ ...account, method: 'get', path: '/me/sessions', summary: 'Your signed-in sessions', response: accountSessionList, handler: ({ ctx, auth: who }) => auth.listSessions(em(ctx), who) });
  api.add({ ...account, method: 'delete', path: '/me/sessions/:id', summary: 'End one of your sessions', params: idParams, response: deletedSchema, handler: ({ ctx, auth: who, params }) => auth.revokeSession(em(ctx), who.userId, params.id) });
}
