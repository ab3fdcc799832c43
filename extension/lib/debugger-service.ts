// The background's half of the debugger panel: it talks to n8n (with the page's session cookie,
// the host permission the user granted makes it same-site) and digests executions, so the
// content script stays small and never holds a credential.
import { toCurl } from '@ai-http/shared/curl/export';
import { AppError } from '@ai-http/shared/errors';
import { createN8nClient } from '@ai-http/shared/n8n/client';
import { summarizeExecution } from '@ai-http/shared/n8n/digest';
import { fromHttpRequestNode, HTTP_REQUEST_NODE_TYPE } from '@ai-http/shared/n8n/http-request-node';
import { onMessage, type ExecutionList, type ExecutionRow, type Result } from './messages.ts';
import { browser } from 'wxt/browser';
import { DEBUGGER_UI_FILE } from './debugger-ui-loader.ts';
import { createServerApi } from './server-api.ts';
import { ServerFeed } from './server-feed.ts';
import { AiHttpDatabase, rememberDigest } from './store.ts';

async function attempt<T>(work: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: { code: error.code, message: error.message } };
    return { ok: false, error: { code: 'INTERNAL', message: (error as Error).message } };
  }
}

const FINAL = new Set(['success', 'error', 'crashed', 'canceled']);

export function startDebuggerService(db: AiHttpDatabase = new AiHttpDatabase()): void {
  // An instance added with an API key is read with it; otherwise the n8n session cookie is used.
  const client = async (n8nBase: string) => {
    const instance = await db.instances.get(n8nBase.replace(/\/+$/, ''));
    return createN8nClient({ baseUrl: n8nBase, timeoutMs: 8_000, retries: 1, ...(instance?.apiKey ? { apiKey: instance.apiKey } : {}) });
  };
  const digestOf = async (n8nBase: string, executionId: string) => {
    const cached = await db.executions.get([n8nBase, executionId]);
    if (cached) return cached.digest;
    const digest = summarizeExecution(await (await client(n8nBase)).getExecution(executionId, { includeData: true }));
    if (FINAL.has(digest.status)) await rememberDigest(db, n8nBase, digest);
    return digest;
  };
  // With an account connected, the server's stream is the source; its digests are kept here too.
  const feed = new ServerFeed({
    loadSession: () => db.session(),
    saveSession: (session) => db.saveSession(session),
    onExecution: async (event) => {
      const origin = feed.originOf(event.instanceId);
      if (origin && FINAL.has(event.digest.status)) await rememberDigest(db, origin, event.digest);
    },
  });
  const readDirect = async (n8nBase: string, workflowId: string): Promise<ExecutionRow[]> => {
    const page = await (await client(n8nBase)).listExecutions({ workflowId, limit: 20 });
    return page.data.map((e) => ({ id: e.id, status: e.status, mode: e.mode, startedAt: e.startedAt ?? null, stoppedAt: e.stoppedAt ?? null }));
  };

  onMessage('saveInstance', ({ data }) =>
    attempt(async () => {
      const url = new URL(data.url);
      if (!/^https?:$/.test(url.protocol)) throw new AppError('VALIDATION_FAILED', 'The n8n address must start with http:// or https://.');
      const origin = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
      const name = data.name || url.host;
      if (data.apiKey) await createN8nClient({ baseUrl: origin, apiKey: data.apiKey, retries: 0, timeoutMs: 8_000 }).listWorkflows({ limit: 1 });
      await db.instances.put({ origin, name, apiKey: data.apiKey || null, addedAt: Date.now() });
      // With an account, the server learns of the instance too (it needs the key to poll n8n).
      const session = await db.session();
      if (!session || !data.apiKey) return { origin, syncedToServer: false };
      try {
        await feed.addInstance({ name, url: origin, apiKey: data.apiKey });
        return { origin, syncedToServer: true };
      } catch (error) {
        return { origin, syncedToServer: false, serverProblem: (error as Error).message };
      }
    }),
  );
  onMessage('connectAccount', ({ data }) =>
    attempt(async () => {
      let serverUrl: URL;
      try {
        serverUrl = new URL(data.serverUrl);
      } catch {
        throw new AppError('VALIDATION_FAILED', 'The server address must be a URL such as https://ai-http.example.com.');
      }
      const session = await createServerApi(serverUrl.origin).login(data.email, data.password);
      feed.reset();
      await db.saveSession(session);
      return { serverUrl: session.serverUrl, email: session.email };
    }),
  );
  onMessage('account', () => attempt(async () => {
    const session = await db.session();
    return session ? { serverUrl: session.serverUrl, email: session.email } : null;
  }));
  onMessage('disconnectAccount', () =>
    attempt(async () => {
      const session = await db.session();
      feed.reset();
      await db.saveSession(null);
      if (session) await createServerApi(session.serverUrl).logout(session.refreshToken).catch(() => undefined);
      return { disconnected: true };
    }),
  );
  onMessage('listInstances', () => attempt(async () => (await db.instances.toArray()).map((i) => ({ origin: i.origin, name: i.name, hasApiKey: i.apiKey !== null }))));
  onMessage('removeInstance', ({ data }) =>
    attempt(async () => {
      await db.instances.delete(data.origin);
      await db.executions.where('[origin+id]').between([data.origin, ''], [data.origin, '\uffff']).delete();
      return { removed: true };
    }),
  );
  onMessage('listExecutions', ({ data }) =>
    attempt(async (): Promise<ExecutionList> => {
      const view = await feed.view(data.n8nBase, data.workflowId);
      if (view.state === 'live') {
        // n8n is read once, as the starting point; from then on only the stream updates the list.
        const rows = view.seeded ? view.rows : feed.seed(view.topic, await readDirect(data.n8nBase, data.workflowId).catch(() => []));
        return { source: 'server', notice: null, rows };
      }
      const rows = await readDirect(data.n8nBase, data.workflowId);
      return { source: 'direct', notice: view.state === 'offline' ? 'serverOffline' : view.state === 'notOnServer' ? 'notOnServer' : null, rows };
    }),
  );
  onMessage('executionDigest', ({ data }) => attempt(() => digestOf(data.n8nBase, data.executionId)));
  onMessage('executionItems', ({ data }) =>
    attempt(async () => {
      const execution = await (await client(data.n8nBase)).getExecution(data.executionId, { includeData: true });
      const { inputItems } = summarizeExecution(execution, { maxItems: Number.POSITIVE_INFINITY, maxItemBytes: Number.POSITIVE_INFINITY });
      if (inputItems.unavailable) throw new AppError('NOT_FOUND', `n8n did not keep this execution's items (${inputItems.unavailable}).`);
      return { items: inputItems.items, total: inputItems.total };
    }),
  );
  onMessage('injectDebuggerUi', ({ sender }) =>
    attempt(async () => {
      const tabId = sender.tab?.id;
      if (tabId === undefined) throw new AppError('BAD_REQUEST', 'Only the overlay on an n8n tab can load the debugger panel.');
      await browser.scripting.executeScript({ target: { tabId, frameIds: [sender.frameId ?? 0] }, files: [DEBUGGER_UI_FILE] });
      return { injected: true };
    }),
  );
  onMessage('retryExecution', ({ data }) => attempt(async () => ({ executionId: (await (await client(data.n8nBase)).retryExecution(data.executionId)).id })));
  onMessage('executionCurl', ({ data }) =>
    attempt(async () => {
      const digest = await digestOf(data.n8nBase, data.executionId);
      if (digest.failingNode?.type !== HTTP_REQUEST_NODE_TYPE) throw new AppError('BAD_REQUEST', 'Only a failed HTTP Request node can be copied as cURL.');
      return toCurl(fromHttpRequestNode({ parameters: digest.failingNode.parameters }));
    }),
  );
}
