import { AppError } from '@ai-http/shared/errors';
import { summarizeExecution } from '@ai-http/shared/n8n/digest';
import { readAll, type CliCommand } from '../command.ts';

/** `ai-http digest`: one execution (public API JSON with includeData=true) on stdin → its digest as JSON. */
export const command: CliCommand = async (_args, { stdin, stdout, stderr }) => {
  const text = await readAll(stdin);
  let execution: unknown;
  try {
    execution = JSON.parse(text);
  } catch (error) {
    stderr.write(`ai-http digest: stdin is not JSON (${(error as Error).message}). Pipe in GET /api/v1/executions/<id>?includeData=true.\n`);
    return 2;
  }
  try {
    stdout.write(`${JSON.stringify(summarizeExecution(execution), null, 2)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    stderr.write(`ai-http digest: ${error.message}\n`);
    return 2;
  }
};
