import { AppError } from '@ai-http/shared/errors';
import { importPaste, PASTE_EXPECTED } from '@ai-http/shared/import/paste';
import { toClipboardWorkflow, toHttpRequestNode } from '@ai-http/shared/n8n/http-request-node';
import { nodeName } from '@ai-http/shared/n8n/node-name';
import { createSearchIndex } from '@ai-http/shared/search/index';
import { builtinTemplates } from '@ai-http/shared/templates/catalog';
import { readAll, type CliCommand } from '../command.ts';

const USAGE = 'usage: ai-http import [--inline-secrets] < paste.txt';

/**
 * `ai-http import`: whatever the builder's paste box takes (cURL, a DevTools fetch call, a raw
 * HTTP request, a URL, or plain words) on stdin → n8n clipboard JSON on stdout. Plain words pick
 * the best built-in template (the others are listed on stderr). Exits 1 with the reason on stderr
 * for anything else.
 */
export const command: CliCommand = async (args, { stdin, stdout, stderr }) => {
  const unknown = args.filter((a) => a !== '--inline-secrets');
  if (unknown.length) {
    stderr.write(`ai-http import: unknown argument "${unknown[0]}"\n${USAGE}\n`);
    return 2;
  }
  const inlineSecrets = args.includes('--inline-secrets');
  try {
    const pasted = importPaste(await readAll(stdin));
    let request;
    let warnings: string[];
    if (pasted.kind === 'words') {
      const templates = builtinTemplates();
      const hits = createSearchIndex({ templates }).search(pasted.query, { limit: 5, kind: 'template' }).flatMap((hit) => (hit.kind === 'template' ? [hit.template] : []));
      const [best, ...others] = hits;
      if (!best) throw new AppError('IMPORT_UNRECOGNIZED', `No template matches "${pasted.query}". ${PASTE_EXPECTED}`);
      request = { ...best.request, name: nodeName({ service: best.service, action: best.name, url: best.request.url }) };
      warnings = [`"${pasted.query}" matched the template ${best.service}: ${best.name}${others.length ? `; others: ${others.map((t) => `${t.service}: ${t.name}`).join(', ')}` : ''}.`];
    } else {
      request = { ...pasted.request, name: pasted.request.name ?? nodeName({ url: pasted.request.url }) };
      warnings = pasted.warnings;
    }
    const { node, warnings: nodeWarnings } = toHttpRequestNode(request, { inlineSecrets, placeholders: 'expressions' });
    for (const warning of [...warnings, ...nodeWarnings]) stderr.write(`warning: ${warning}\n`);
    stdout.write(`${JSON.stringify(toClipboardWorkflow([node]), null, 2)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    stderr.write(`ai-http import: ${error.message}\n`);
    return 1;
  }
};
