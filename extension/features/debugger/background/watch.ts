// One open workflow's executions, kept by the background for every panel showing it, and pushed
// to those panels as they change. The server's stream is the source while it is live; n8n is
// read directly before that, when there is no account, and while the server does not answer.
// What was pushed is kept in Dexie, so a reopened panel shows the last known rows at once.
import { isFinishedStatus } from '@ai-http/shared/n8n/digest-schema';
import { keptDigests, rememberDigest, type AiHttpDatabase } from '../../../background/db.ts';
import { newestFirst, rowFromDigest, type BackgroundMessage, type ExecutionRow, type WorkflowRef } from '../protocol.ts';
import type { DirectReads, ExecutionSource, SourceUpdate } from './source.ts';

/** The newest rows a panel is sent; older ones stay in n8n's own list. */
export const ROWS_KEPT = 50;

export interface WatchDependencies {
  db: AiHttpDatabase;
  direct: DirectReads;
  /** The server's stream (it reports itself unavailable while no account is connected). */
  server: ExecutionSource;
}

export class WorkflowWatch {
  readonly workflow: WorkflowRef;
  private readonly deps: WatchDependencies;
  private readonly rows = new Map<string, ExecutionRow>();
  private readonly listeners = new Set<(message: BackgroundMessage) => void>();
  private readonly stopped = new AbortController();
  private direct: AbortController | null = null;
  private serverLive = false;
  private state: Extract<BackgroundMessage, { type: 'state' }> = { type: 'state', ready: false, source: 'direct', notice: null, problem: null };

  constructor(workflow: WorkflowRef, deps: WatchDependencies) {
    this.workflow = workflow;
    this.deps = deps;
  }

  async start(): Promise<void> {
    // What was kept from earlier visits first: the panel has something to show at once.
    this.merge((await keptDigests(this.deps.db, this.workflow.n8nBase, this.workflow.workflowId, ROWS_KEPT)).map(rowFromDigest));
    if (this.stopped.signal.aborted) return;
    this.deps.server.watch(this.workflow, (update) => this.fromServer(update), this.stopped.signal);
    if (!this.serverLive) this.startDirect();
  }

  stop(): void {
    this.stopped.abort();
    this.stopDirect();
    this.listeners.clear();
  }

  /** Sends the current state and rows to `listener`, then every change, until the returned function is called. */
  attach(listener: (message: BackgroundMessage) => void): () => void {
    this.listeners.add(listener);
    listener(this.state);
    listener({ type: 'rows', rows: this.newest() });
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /**
   * New or changed rows from any source (or a digest fetched on request): merged and pushed.
   * `remember` keeps their digests in Dexie (direct reads keep their own as they fetch them).
   */
  merge(incoming: ExecutionRow[], remember = false): void {
    const changed: ExecutionRow[] = [];
    for (const row of incoming) {
      const known = this.rows.get(row.id);
      // A list read carries no digest: keep the one already known while the execution is unchanged.
      const digest = row.digest ?? (known && known.status === row.status ? known.digest : null);
      const next = { ...row, digest };
      if (known && known.status === next.status && known.stoppedAt === next.stoppedAt && known.digest === next.digest) continue;
      this.rows.set(row.id, next);
      changed.push(next);
      if (remember && row.digest && isFinishedStatus(row.digest.status)) void rememberDigest(this.deps.db, this.workflow.n8nBase, row.digest).catch(() => undefined);
    }
    if (this.rows.size > ROWS_KEPT) for (const row of [...this.rows.values()].sort(newestFirst).slice(ROWS_KEPT)) this.rows.delete(row.id);
    if (changed.length) this.broadcast({ type: 'rows', rows: changed.filter((row) => this.rows.has(row.id)) });
  }

  private fromServer(update: SourceUpdate): void {
    if (update.type === 'rows') return this.merge(update.rows, true);
    if (update.type === 'live') {
      if (this.serverLive) return;
      this.serverLive = true;
      this.stopDirect();
      this.setState({ ready: true, source: 'server', notice: null, problem: null });
      // n8n once, as the starting point: the subscription is already live, so nothing falls between.
      void this.deps.direct.readOnce(this.workflow, new Set(), (rows) => this.merge(rows)).catch(() => undefined);
      return;
    }
    this.serverLive = false;
    this.setState({ source: 'direct', notice: update.notice });
    this.startDirect();
  }

  private fromDirect(update: SourceUpdate): void {
    if (this.serverLive) return;
    if (update.type === 'rows') return this.merge(update.rows);
    if (update.type === 'live') this.setState({ ready: true, problem: null });
    else this.setState({ ready: true, problem: update.problem });
  }

  private startDirect(): void {
    if (this.direct || this.stopped.signal.aborted) return;
    this.direct = new AbortController();
    this.deps.direct.watch(this.workflow, (update) => this.fromDirect(update), this.direct.signal);
  }

  private stopDirect(): void {
    this.direct?.abort();
    this.direct = null;
  }

  private setState(change: Partial<Omit<BackgroundMessage & { type: 'state' }, 'type'>>): void {
    const next = { ...this.state, ...change };
    if (JSON.stringify(next) === JSON.stringify(this.state)) return;
    this.state = next;
    this.broadcast(next);
  }

  private newest(): ExecutionRow[] {
    return [...this.rows.values()].sort(newestFirst);
  }

  private broadcast(message: BackgroundMessage): void {
    for (const listener of this.listeners) listener(message);
  }
}

