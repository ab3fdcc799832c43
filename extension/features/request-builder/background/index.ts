// The builder's background half: it hears the browser's network errors for the sends the builder's
// pages make (refused, DNS, TLS), keeps the history and saved requests, and puts nodes on the n8n
// canvas of the tab that asked.
import { AppError } from '@ai-http/shared/errors';
import { credentialFor, hasPlaceholderSecret, withCredential, CREDENTIAL_FIELDS, CREDENTIAL_LABELS } from '@ai-http/shared/n8n/credentials';
import { fromHttpRequestNode, toClipboardWorkflow, toHttpRequestNode, HTTP_REQUEST_NODE_TYPE } from '@ai-http/shared/n8n/http-request-node';
import { nodeName } from '@ai-http/shared/n8n/node-name';
import { toCurl } from '@ai-http/shared/curl/export';
import type { RequestSpec } from '@ai-http/shared/request/spec';
import { normalizeBaseUrl } from '@ai-http/shared/url';
import { browser, type Browser } from 'wxt/browser';
import type { AiHttpDatabase } from '../../../background/db.ts';
import { n8nClientFor } from '../../../background/n8n.ts';
import { attempt } from '../../../background/result.ts';
import { onBuilderMessage, type InsertedNode } from '../protocol.ts';
import type { ServerStream } from '../../../background/server/stream.ts';
import { registerAiBackground } from './ai.ts';
import { copyCanvasSelection, pasteOnCanvas } from './canvas.ts';
import { BuilderKeep } from './keep.ts';

/** How long a network error report is kept for the failure that follows it. */
const REPORT_MS = 30_000;

export function registerBuilderBackground(db: AiHttpDatabase, stream: ServerStream, { onQueued }: { onQueued?: () => void } = {}): () => void {
  const keep = new BuilderKeep(db, { onQueued });
  const stopAi = registerAiBackground(stream);
  // The browser names a failed request's cause (refused, DNS, TLS) only to webRequest listeners.
  const reports = new Map<string, { error: string; at: number }>();
  const onError = (details: { url: string; error: string }) => {
    const now = Date.now();
    for (const [url, report] of reports) if (now - report.at > REPORT_MS) reports.delete(url);
    reports.set(details.url, { error: details.error, at: now });
  };
  browser.webRequest?.onErrorOccurred.addListener(onError, { urls: ['<all_urls>'] });

  const removers = [
    onBuilderMessage('recordSend', ({ data }) =>
      attempt(async () => {
        await keep.recordSend(data.request, 'response' in data ? { response: data.response } : { failure: data.failure, timeMs: data.timeMs });
        return { recorded: true as const };
      }),
    ),
    onBuilderMessage('siteAllowed', ({ data }) => attempt(async () => ({ allowed: await browser.permissions.contains({ origins: [data.pattern] }) }))),
    onBuilderMessage('networkError', ({ data }) => attempt(async () => ({ error: reports.get(data.url)?.error }))),
    onBuilderMessage('listHistory', () => attempt(() => keep.history())),
    onBuilderMessage('clearHistory', () => attempt(async () => ({ cleared: await keep.clearHistory() }))),
    onBuilderMessage('listSaved', () => attempt(() => keep.saved())),
    onBuilderMessage('saveRequest', ({ data }) => attempt(() => keep.save(data))),
    onBuilderMessage('deleteSaved', ({ data }) => attempt(async () => ({ deleted: await keep.delete(data.id) }))),
    onBuilderMessage('insertNode', ({ data, sender }) => attempt(() => insertNode(db, data.request, data.n8nBase, senderTab(sender, data.n8nBase)))),
    onBuilderMessage('selectedNodeCurl', ({ sender }) =>
      attempt(async () => {
        const tabId = senderTab(sender);
        const copied = await copyCanvasSelection(tabId, 0);
        const node = copied ? firstHttpRequestNode(copied) : null;
        if (!node) throw new AppError('NOT_FOUND', 'Select an HTTP Request node on the canvas first (click it once), then copy it as cURL.');
        return { name: node.name, curl: toCurl(withoutExpressionMarks(fromHttpRequestNode(node))) };
      }),
    ),
  ];
  return () => {
    browser.webRequest?.onErrorOccurred.removeListener(onError);
    stopAi();
    removers.forEach((remove) => remove());
  };
}

/** The n8n tab the builder frame lives in; refused for any other sender, or another site's tab. */
function senderTab(sender: Browser.runtime.MessageSender, n8nBase?: string): number {
  const tab = sender.tab;
  if (tab?.id === undefined || !tab.url) throw new AppError('FORBIDDEN', 'Insert into the canvas works from the panel on an n8n page: open the workflow and use the builder tab there.');
  if (n8nBase && new URL(tab.url).origin !== new URL(normalizeBaseUrl(n8nBase)).origin) throw new AppError('FORBIDDEN', 'This builder belongs to another n8n tab.');
  return tab.id;
}

async function insertNode(db: AiHttpDatabase, request: RequestSpec, n8nBase: string, tabId: number): Promise<InsertedNode> {
  const name = request.name ?? nodeName({ url: request.url });
  const built = toHttpRequestNode({ ...request, name }, { placeholders: 'expressions' });
  let node = built.node;
  const instructions: string[] = [];
  let credential: InsertedNode['credential'] = null;
  const draft = credentialFor(request, request.name?.split(':')[0]);
  if (draft) {
    const instance = await db.instances.get(normalizeBaseUrl(n8nBase));
    const usable = !hasPlaceholderSecret(request.auth);
    if (usable && instance?.apiKey) {
      const client = await n8nClientFor(db, n8nBase);
      const created = await client.createCredential({ name: draft.name, type: draft.type, data: draft.data });
      credential = created;
      node = withCredential(node, { id: created.id, name: created.name, type: draft.type });
    } else {
      const fields = CREDENTIAL_FIELDS[draft.type].join(', ');
      instructions.push(
        usable
          ? `Create a "${CREDENTIAL_LABELS[draft.type]}" credential in n8n named "${draft.name}" (fields: ${fields}) and select it in the node "${name}". AI-HTTP creates it for you when the instance has an API key (Settings → n8n instances).`
          : `Fill the secret first, or create a "${CREDENTIAL_LABELS[draft.type]}" credential in n8n (fields: ${fields}) and select it in the node "${name}".`,
      );
    }
  }
  // The credential warning is answered by the credential (or the instruction above).
  instructions.push(...built.warnings.filter((warning) => !warning.startsWith('The request carries a secret')));
  const clipboard = JSON.stringify(toClipboardWorkflow([node]));
  const inserted = await pasteOnCanvas(tabId, 0, clipboard, credential !== null).catch(() => false);
  return { inserted, clipboard, nodeName: name, credential, instructions };
}

function firstHttpRequestNode(text: string): { name: string; parameters: Record<string, unknown> } | null {
  try {
    const parsed = JSON.parse(text) as { nodes?: { name: string; type: string; parameters: Record<string, unknown> }[] };
    return parsed.nodes?.find((node) => node.type === HTTP_REQUEST_NODE_TYPE) ?? null;
  } catch {
    return null;
  }
}

/** `=https://x/{{ $json.id }}` → `https://x/{{ $json.id }}`: cURL shows an expression as its text. */
function withoutExpressionMarks<T>(value: T): T {
  if (typeof value === 'string') return (value.startsWith('=') && value.includes('{{') ? value.slice(1) : value) as T;
  if (Array.isArray(value)) return value.map(withoutExpressionMarks) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutExpressionMarks(item)])) as T;
  return value;
}
