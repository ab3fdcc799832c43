import type { EntityManager } from '@mikro-orm/sql';
import type { Context } from 'koa';
import { AppError } from '@ai-http/shared/errors';
import type { ApiRegistry } from '../../http/api.ts';
import { UserRepository } from '../users/repository.ts';
import { loginBody, refreshBody, registerBody, sessionView, userView as userViewSchema } from './schemas.ts';
import { userView, type AuthService } from './service.ts';

export function authRoutes(api: ApiRegistry, auth: AuthService, em: (ctx: Context) => EntityManager): void {
  api.add({ method: 'post', path: '/auth/register', summary: 'Create an account', tag: 'auth', auth: 'none', status: 201, body: registerBody, response: sessionView, handler: ({ ctx, body }) => auth.register(em(ctx), body) });
  api.add({ method: 'post', path: '/auth/login', summary: 'Sign in with email and password', tag: 'auth', auth: 'none', body: loginBody, response: sessionView, handler: ({ ctx, body }) => auth.login(em(ctx), ctx, body) });
  api.add({ method: 'post', path: '/auth/refresh', summary: 'Trade a refresh token for a new pair (rotation; reuse ends the session)', tag: 'auth', auth: 'none', body: refreshBody, response: sessionView, handler: ({ ctx, body }) => auth.refresh(em(ctx), body.refreshToken) });
  api.add({ method: 'post', path: '/auth/logout', summary: 'End the session of a refresh token', tag: 'auth', auth: 'none', body: refreshBody, handler: ({ ctx, body }) => auth.logout(em(ctx), body.refreshToken) });
  api.add({
    method: 'get',
    path: '/me',
    summary: 'The signed-in user',
    tag: 'auth',
    auth: 'user',
    response: userViewSchema,
    handler: async ({ ctx, auth: who }) => {
      const user = await new UserRepository(em(ctx)).findActive(who.userId);
      if (!user) throw new AppError('UNAUTHENTICATED', 'This account no longer exists.');
      return userView(user);
    },
  });
}
