import { toCurl } from '@ai-http/shared/curl/export';
import { isObject } from '@ai-http/shared/json';
import { fromHttpRequestNode, HTTP_REQUEST_NODE_TYPE, type N8nNode } from '@ai-http/shared/n8n/http-request-node';
import { readAll, type CliCommand } from '../command.ts';

/** `ai-http to-curl`: an HTTP Request node, or a clipboard workflow holding some, on stdin → cURL. */
export const command: CliCommand = async (_args, { stdin, stdout, stderr }) => {
  let input: unknown;
  try {
    input = JSON.parse(await readAll(stdin));
  } catch (error) {
    stderr.write(`ai-http to-curl: stdin is not JSON (${(error as Error).message}). Paste a node or a copied workflow.\n`);
    return 2;
  }
  const nodes = (isObject(input) && Array.isArray(input.nodes) ? input.nodes : [input]).filter(isObject) as unknown as N8nNode[];
  const requests = nodes.filter((n) => n.type === HTTP_REQUEST_NODE_TYPE && isObject(n.parameters));
  if (!requests.length) {
    stderr.write(`ai-http to-curl: no HTTP Request node (type ${HTTP_REQUEST_NODE_TYPE}) in the input.\n`);
    return 2;
  }
  stdout.write(`${requests.map((node) => `${requests.length > 1 ? `# ${node.name}\n` : ''}${toCurl(fromHttpRequestNode(node))}`).join('\n\n')}\n`);
  return 0;
};
