// The debugger's background half: it keeps one WorkflowWatch per open workflow and pushes its
// rows to the panels over their ports, and it runs the panel's actions. It talks to n8n (and the
// server), so the content script stays small and never holds a credential.
import { toCurl } from '@ai-http/shared/curl/export';
import { AppError } from '@ai-http/shared/errors';
import { summarizeExecution } from '@ai-http/shared/n8n/digest';
import { fromHttpRequestNode, HTTP_REQUEST_NODE_TYPE } from '@ai-http/shared/n8n/http-request-node';
import { normalizeBaseUrl } from '@ai-http/shared/url';
import { browser, type Browser } from 'wxt/browser';
import type { AiHttpDatabase } from '../../../background/db.ts';
import { n8nClientFor } from '../../../background/n8n.ts';
import { attempt } from '../../../background/result.ts';
import type { ServerStream } from '../../../background/server/stream.ts';
import { DEBUGGER_UI_FILE, EXECUTIONS_PORT, onDebuggerMessage, rowFromDigest, type BackgroundMessage, type PanelMessage, type WorkflowRef } from '../protocol.ts';
import { setNodeParameter } from '../node-edit.ts';
import { digestOf, DirectSource } from './direct-source.ts';
import { readNodeParameters, writeNodeParameters } from './node-canvas.ts';
import { ServerSource } from './server-source.ts';
import type { DirectReads, ExecutionSource } from './source.ts';
import { WorkflowWatch } from './watch.ts';

/** The sources are n8n itself and the server's stream; tests give scripted ones. */
export function registerDebuggerBackground(
  db: AiHttpDatabase,
  stream: ServerStream,
  { direct = new DirectSource(db), server = new ServerSource(stream, async () => (await db.session()) !== null) }: { direct?: DirectReads; server?: ExecutionSource } = {},
): () => void {
  const watches = new Map<string, WorkflowWatch>();
  const keyOf = ({ n8nBase, workflowId }: WorkflowRef) => `${normalizeBaseUrl(n8nBase)} ${workflowId}`;

  const watchFor = (workflow: WorkflowRef): WorkflowWatch => {
    const key = keyOf(workflow);
    let watch = watches.get(key);
    if (!watch) {
      watch = new WorkflowWatch({ n8nBase: normalizeBaseUrl(workflow.n8nBase), workflowId: workflow.workflowId }, { db, direct, server });
      watches.set(key, watch);
      void watch.start();
    }
    return watch;
  };
  const release = (watch: WorkflowWatch) => {
    if (watch.listenerCount > 0) return;
    watch.stop();
    watches.delete(keyOf(watch.workflow));
  };

  const onConnect = (port: Browser.runtime.Port) => {
    if (port.name !== EXECUTIONS_PORT) return;
    let watch: WorkflowWatch | undefined;
    let detach = () => {};
    const post = (message: BackgroundMessage) => {
      try {
        port.postMessage(message);
      } catch {
        // The panel went away between two pushes; onDisconnect cleans up.
      }
    };
    port.onMessage.addListener(async (message: PanelMessage) => {
      if (message.type === 'watch' && !watch) {
        watch = watchFor(message);
        detach = watch.attach(post);
      } else if (message.type === 'digest' && watch) {
        const target = watch;
        try {
          target.merge([rowFromDigest(await digestOf(db, target.workflow.n8nBase, message.executionId))]);
        } catch (error) {
          post({ type: 'digestFailed', executionId: message.executionId, message: (error as Error).message });
        }
      }
    });
    port.onDisconnect.addListener(() => {
      detach();
      if (watch) release(watch);
    });
  };
  browser.runtime.onConnect.addListener(onConnect);

  const removers = [
    onDebuggerMessage('executionItems', ({ data }) =>
      attempt(async () => {
        const execution = await (await n8nClientFor(db, data.n8nBase)).getExecution(data.executionId, { includeData: true });
        const { inputItems } = summarizeExecution(execution, { maxItems: Number.POSITIVE_INFINITY, maxItemBytes: Number.POSITIVE_INFINITY });
        if (inputItems.unavailable) throw new AppError('NOT_FOUND', `n8n did not keep this execution's items (${inputItems.unavailable}).`);
        return { items: inputItems.items, total: inputItems.total };
      }),
    ),
    onDebuggerMessage('injectDebuggerUi', ({ sender }) =>
      attempt(async () => {
        const tabId = sender.tab?.id;
        if (tabId === undefined) throw new AppError('BAD_REQUEST', 'Only the overlay on an n8n tab can load the debugger panel.');
        await browser.scripting.executeScript({ target: { tabId, frameIds: [sender.frameId ?? 0] }, files: [DEBUGGER_UI_FILE] });
        return { injected: true };
      }),
    ),
    // The new execution reaches the panel through its watch, like any other.
    onDebuggerMessage('retryExecution', ({ data }) => attempt(async () => ({ executionId: (await (await n8nClientFor(db, data.n8nBase)).retryExecution(data.executionId)).id }))),
    onDebuggerMessage('applyNodeEdit', ({ data, sender }) =>
      attempt(async () => {
        const tabId = sender.tab?.id;
        if (tabId === undefined) throw new AppError('BAD_REQUEST', 'Only the panel on an n8n tab can change a node.');
        const frameId = sender.frameId ?? 0;
        const parameters = await readNodeParameters(tabId, frameId, data.nodeName);
        if (!parameters) throw new AppError('NOT_FOUND', `The open workflow has no node named "${data.nodeName}" (renamed, or another workflow is open).`);
        let next: Record<string, unknown>;
        try {
          next = setNodeParameter(parameters, data.parameter, data.value);
        } catch (error) {
          throw new AppError('BAD_REQUEST', (error as Error).message);
        }
        if (!(await writeNodeParameters(tabId, frameId, data.nodeName, next))) throw new AppError('CONFLICT', 'n8n\'s editor did not take the change: edit the node by hand.');
        return { applied: true as const };
      }),
    ),
    onDebuggerMessage('executionCurl', ({ data }) =>
      attempt(async () => {
        const digest = await digestOf(db, data.n8nBase, data.executionId);
        if (digest.failingNode?.type !== HTTP_REQUEST_NODE_TYPE) throw new AppError('BAD_REQUEST', 'Only a failed HTTP Request node can be copied as cURL.');
        return toCurl(fromHttpRequestNode({ parameters: digest.failingNode.parameters }));
      }),
    ),
  ];
  return () => {
    browser.runtime.onConnect.removeListener(onConnect);
    removers.forEach((remove) => remove());
    for (const watch of watches.values()) watch.stop();
    watches.clear();
  };
}
