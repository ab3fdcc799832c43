import { isObject } from '../json.ts';
import { redactSecretParameters, redactUrl } from '../request/secrets.ts';
import { HTTP_REQUEST_NODE_TYPE } from './node-types.ts';

/**
 * What the server keeps of a workflow's node: enough to name and place it, and for an HTTP
 * Request node the method, URL and header and query rows, secret-looking values redacted with the
 * digest's rules. Everything else (bodies, code, credentials, other parameters) stays in n8n.
 */
export interface WorkflowNodeOutline {
  name: string;
  type: string;
  typeVersion?: number;
  position?: number[];
  disabled?: boolean;
  request?: { method: string; url: string; headers: { name: string; value: string }[]; query: { name: string; value: string }[] };
}

export function outlineWorkflowNodes(nodes: readonly unknown[]): WorkflowNodeOutline[] {
  return nodes.filter(isObject).map((node) => {
    const outline: WorkflowNodeOutline = { name: typeof node.name === 'string' ? node.name : '', type: typeof node.type === 'string' ? node.type : '' };
    if (typeof node.typeVersion === 'number') outline.typeVersion = node.typeVersion;
    if (Array.isArray(node.position) && node.position.every((n) => typeof n === 'number')) outline.position = node.position as number[];
    if (node.disabled === true) outline.disabled = true;
    const parameters = isObject(node.parameters) ? node.parameters : {};
    if (outline.type === HTTP_REQUEST_NODE_TYPE) {
      outline.request = {
        method: typeof parameters.method === 'string' ? parameters.method : 'GET',
        url: typeof parameters.url === 'string' ? redactUrl(parameters.url) : '',
        headers: rows(parameters.headerParameters),
        query: rows(parameters.queryParameters),
      };
    }
    return outline;
  });
}

/** n8n's `{ parameters: [{ name, value }] }` rows, as text, secrets redacted. */
function rows(value: unknown): { name: string; value: string }[] {
  const list = isObject(value) && Array.isArray(value.parameters) ? value.parameters.filter(isObject) : [];
  return list.map((row) => redactSecretParameters({ name: String(row.name ?? ''), value: typeof row.value === 'string' ? row.value : JSON.stringify(row.value ?? '') }) as { name: string; value: string });
}
