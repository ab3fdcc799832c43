import type { EntityManager } from '@mikro-orm/sql';
import type { Context } from 'koa';
import { loginInput, refreshInput, registerInput, sessionView, userView } from '@ai-http/shared/api/resources';
import { AppError } from '@ai-http/shared/errors';
import { z } from 'zod';
import type { ApiRegistry } from '../../http/api.ts';
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
}
