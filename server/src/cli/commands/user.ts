import { PLANS, registerInput } from '@ai-http/shared/api/resources';
import { validate } from '../../http/validate.ts';
import { isUniqueViolation } from '../../modules/auth/service.ts';
import { hashPassword } from '../../modules/auth/tokens.ts';
import { UserRepository } from '../../modules/users/repository.ts';
import { openCommandDatabase, readAll, type CliCommand } from '../command.ts';

const USAGE = 'usage: ai-http user create --email <email> --name <name> [--plan FREE|PRO|TEAM|ENTERPRISE] [--admin] < password\n       ai-http user admin --email <email> [--revoke]';

/**
 * `ai-http user create`: makes an account; the password is read from stdin, never from argv.
 * `ai-http user admin`: makes an account an admin (the operator views), or no longer one.
 */
export const command: CliCommand = async (args, { stdin, stdout, stderr }) => {
  const [sub, ...rest] = args;
  const flag = (name: string) => {
    const at = rest.indexOf(`--${name}`);
    return at === -1 ? undefined : rest[at + 1];
  };
  if (sub === 'admin') return grantAdmin(flag('email'), rest.includes('--revoke'), { stdout, stderr });
  if (sub !== 'create') {
    stderr.write(`ai-http user: ${sub ? `unknown subcommand "${sub}"` : 'missing subcommand'}\n${USAGE}\n`);
    return 2;
  }
  let input;
  try {
    input = validate(registerInput, { email: flag('email'), name: flag('name'), password: (await readAll(stdin)).replace(/\r?\n$/, '') }, 'arguments');
  } catch (error) {
    const issues = (error as { details?: { issues?: { path: string; message: string }[] } }).details?.issues ?? [];
    stderr.write(`ai-http user create: ${issues.map((i) => `${i.path} ${i.message}`).join('; ') || (error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const plan = flag('plan') ?? 'FREE';
  if (!PLANS.includes(plan as (typeof PLANS)[number])) {
    stderr.write(`ai-http user create: --plan must be one of ${PLANS.join(', ')}\n${USAGE}\n`);
    return 2;
  }
  const database = await openCommandDatabase();
  try {
    const users = new UserRepository(database.fork());
    const taken = () => {
      stderr.write(`ai-http user create: an account with ${input.email} already exists\n`);
      return 2;
    };
    if (await users.isEmailTaken(input.email)) return taken();
    const user = await users.create({ email: input.email, name: input.name, plan: plan as (typeof PLANS)[number], passwordHash: await hashPassword(input.password) }).catch((error: unknown) => {
      if (isUniqueViolation(error)) return null;
      throw error;
    });
    if (!user) return taken();
    if (rest.includes('--admin')) await users.setAdmin(user.email, true);
    stdout.write(`${JSON.stringify({ id: user.id, email: user.email, plan: user.plan })}\n`);
    return 0;
  } finally {
    await database.close();
  }
};

async function grantAdmin(email: string | undefined, revoke: boolean, { stdout, stderr }: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<number> {
  if (!email) {
    stderr.write(`ai-http user admin: --email is required\n${USAGE}\n`);
    return 2;
  }
  const database = await openCommandDatabase();
  try {
    if (!(await new UserRepository(database.fork()).setAdmin(email, !revoke))) {
      stderr.write(`ai-http user admin: no account with ${email}\n`);
      return 2;
    }
    stdout.write(`${JSON.stringify({ email, admin: !revoke })}\n`);
    return 0;
  } finally {
    await database.close();
  }
}
