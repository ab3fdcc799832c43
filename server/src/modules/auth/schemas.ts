import { z } from 'zod';
import { PLANS } from '@ai-http/shared/api/resources';

const email = z.email({ message: 'must be an email address' }).max(254).transform((v) => v.trim());
export const registerBody = z.object({
  email,
  password: z.string().min(10, { message: 'must be at least 10 characters' }).max(256),
  name: z.string().trim().min(1).max(100),
});
export const loginBody = z.object({ email, password: z.string().min(1).max(256) });
export const refreshBody = z.object({ refreshToken: z.string().min(10).max(200) });

export const userView = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  avatarUrl: z.string().nullable(),
  plan: z.enum(PLANS),
  settings: z.record(z.string(), z.unknown()),
  createdAt: z.date(),
});
export const sessionView = z.object({ user: userView, accessToken: z.string(), accessTokenExpiresIn: z.number(), refreshToken: z.string() });
