import { pino } from 'pino';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../infra/database.ts';
import { entities } from '../../modules/entities.ts';
import type { CliCommand } from '../command.ts';

/** `ai-http migrate`: applies pending migrations to DATABASE_URL (or the embedded database) and exits. */
export const command: CliCommand = async (_args, { stdout, stderr }) => {
  const config = loadConfig();
  const logger = pino({ level: 'info' }, pino.destination(2));
  try {
    const database = await openDatabase(config.database, logger, entities);
    const executed = await database.orm.migrator.getExecuted();
    stdout.write(`${JSON.stringify({ database: config.database.kind, applied: executed.map((m) => m.name) })}\n`);
    await database.close();
    return 0;
  } catch (error) {
    stderr.write(`ai-http migrate: ${(error as Error).message}\n`);
    return 1;
  }
};
