import type { EntityManager } from '@mikro-orm/sql';
import { pino } from 'pino';
import { loadConfig } from '../../config.ts';
import { validate } from '../../http/validate.ts';
import { openDatabase } from '../../infra/database.ts';
import { entities } from '../../modules/entities.ts';
import { registerBody } from '../../modules/auth/schemas.ts';
import { hashPassword } from '../../modules/auth/tokens.ts';
import { User } from '../../modules/users/entity.ts';
import { readAll, type CliCommand } from '../command.ts';

const USAGE = 'usage: ai-http user create --email <email> --name <name> [--plan FREE|PRO|TEAM|ENTERPRISE] < password';

/** `ai-http user create`: makes an account; the password is read from stdin, never from argv. */
export const command: CliCommand = async (args, { stdin, stdout, stderr }) => {
  const [sub, ...rest] = args;
  const flag = (name: string) => {
    const at = rest.indexOf(`--${name}`);
    return at === -1 ? undefined : rest[at + 1];
  };
  if (sub !== 'create') {
    stderr.write(`ai-http user: ${sub ? `unknown subcommand "${sub}"` : 'missing subcommand'}\n${USAGE}\n`);
    return 2;
  }
  let input;
  try {
    input = validate(registerBody, { email: flag('email'), name: flag('name'), password: (await readAll(stdin)).replace(/\r?\n$/, '') }, 'arguments');
  } catch (error) {
    const issues = (error as { details?: { issues?: { path: string; message: string }[] } }).details?.issues ?? [];
    stderr.write(`ai-http user create: ${issues.map((i) => `${i.path} ${i.message}`).join('; ') || (error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const plan = (flag('plan') ?? 'FREE') as 'FREE';
  const database = await openDatabase(loadConfig().database, pino({ level: 'warn' }, pino.destination(2)), entities);
  try {
    const em = database.orm.em.fork() as EntityManager;
    const taken = await em.getConnection().execute('select 1 from "users" where lower("email") = lower(?)', [input.email]);
    if (taken.length) {
      stderr.write(`ai-http user create: an account with ${input.email} already exists\n`);
      return 2;
    }
    const user = em.create(User, { email: input.email, name: input.name, plan, passwordHash: await hashPassword(input.password), avatarUrl: null, deletedAt: null });
    await em.flush();
    stdout.write(`${JSON.stringify({ id: user.id, email: user.email, plan: user.plan })}\n`);
    return 0;
  } finally {
    await database.close();
  }
};
