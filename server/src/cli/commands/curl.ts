import { importCurl } from '@ai-http/shared/curl/import';
import { AppError } from '@ai-http/shared/errors';
import { toClipboardWorkflow, toHttpRequestNode } from '@ai-http/shared/n8n/http-request-node';
import { readAll, type CliCommand } from '../command.ts';

/** `ai-http curl [--inline-secrets]`: one cURL command on stdin → n8n clipboard JSON on stdout. */
export const command: CliCommand = async (args, { stdin, stdout, stderr }) => {
  const unknown = args.filter((a) => a !== '--inline-secrets');
  if (unknown.length) {
    stderr.write(`ai-http curl: unknown argument "${unknown[0]}". Usage: ai-http curl [--inline-secrets] < command.txt\n`);
    return 2;
  }
  try {
    const { request, warnings } = importCurl(await readAll(stdin));
    const { node, warnings: nodeWarnings } = toHttpRequestNode(request, { inlineSecrets: args.includes('--inline-secrets') });
    for (const warning of [...warnings, ...nodeWarnings]) stderr.write(`warning: ${warning}\n`);
    stdout.write(`${JSON.stringify(toClipboardWorkflow([node]), null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      stderr.write(`ai-http curl: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
};
