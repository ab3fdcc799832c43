import { seedBuiltinTemplates } from '../../modules/templates/seed.ts';
import { openCommandDatabase, type CliCommand } from '../command.ts';

/** `ai-http templates seed`: writes the built-in templates into the database. */
export const command: CliCommand = async (args, { stdout, stderr }) => {
  if (args[0] !== 'seed') {
    stderr.write(`ai-http templates: ${args[0] ? `unknown subcommand "${args[0]}"` : 'missing subcommand'}\nusage: ai-http templates seed\n`);
    return 2;
  }
  const database = await openCommandDatabase();
  try {
    stdout.write(`${JSON.stringify(await seedBuiltinTemplates(database.fork()))}\n`);
    return 0;
  } finally {
    await database.close();
  }
};
