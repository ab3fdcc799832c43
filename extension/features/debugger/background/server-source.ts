// The AI-HTTP server as a source: the background's ServerStream subscribed to the workflow's topic.
import { workflowTopic } from '@ai-http/shared/realtime/protocol';
import type { ServerStream } from '../../../background/server/stream.ts';
import { rowFromDigest, type WorkflowRef } from '../protocol.ts';
import { sleep, type ExecutionSource, type SourceUpdate } from './source.ts';

/**
 * The AI-HTTP server's stream: every execution of the workflow pushed with its digest. Follows
 * the account: signed out, it reports itself unavailable (no notice) and looks again now and then.
 */
export class ServerSource implements ExecutionSource {
  readonly kind = 'server';
  private readonly stream: ServerStream;
  private readonly hasAccount: () => Promise<boolean>;
  private readonly retryMs: { signedOut: number; offline: number; notOnServer: number };

  constructor(stream: ServerStream, hasAccount: () => Promise<boolean>, retryMs = { signedOut: 5_000, offline: 10_000, notOnServer: 60_000 }) {
    this.stream = stream;
    this.hasAccount = hasAccount;
    this.retryMs = retryMs;
  }

  watch({ n8nBase, workflowId }: WorkflowRef, emit: (update: SourceUpdate) => void, signal: AbortSignal): void {
    void (async () => {
      while (!signal.aborted) {
        if (!(await this.hasAccount())) {
          emit({ type: 'unavailable', notice: null, problem: null });
          await sleep(this.retryMs.signedOut, signal);
          continue;
        }
        let instance;
        try {
          instance = await this.stream.instanceFor(n8nBase);
        } catch {
          emit({ type: 'unavailable', notice: 'serverOffline', problem: null });
          await sleep(this.retryMs.offline, signal);
          continue;
        }
        if (!instance) {
          // The user may add this n8n to the server later: look again now and then.
          emit({ type: 'unavailable', notice: 'notOnServer', problem: null });
          await sleep(this.retryMs.notOnServer, signal);
          continue;
        }
        if (signal.aborted) return;
        // Subscribed until the watch stops or the account changes (sign-out, another server).
        await new Promise<void>((resolve) => {
          let ended = false;
          const end = () => {
            if (ended) return;
            ended = true;
            queueMicrotask(() => stop());
            resolve();
          };
          const stop = this.stream.subscribe(workflowTopic(instance.id, workflowId), {
            onEvent: (event) => emit({ type: 'rows', rows: [rowFromDigest(event.digest)] }),
            onState: (state) => {
              if (state === 'live') emit({ type: 'live' });
              else if (state === 'offline') emit({ type: 'unavailable', notice: 'serverOffline', problem: null });
              else if (state === 'closed') end();
            },
          });
          signal.addEventListener('abort', end, { once: true });
        });
      }
    })();
  }
}
