// n8n read by the background for one workflow: its list every 2 s, and the digest of each new
// failure (kept in Dexie once the execution finished).
import { AppError } from '@ai-http/shared/errors';
import { isFailedStatus, isFinishedStatus, type ExecutionDigest } from '@ai-http/shared/n8n/digest-schema';
import { summarizeExecution } from '@ai-http/shared/n8n/digest';
import { keptDigest, rememberDigest, type AiHttpDatabase } from '../../../background/db.ts';
import { n8nClientFor } from '../../../background/n8n.ts';
import { rowFromDigest, type ExecutionRow, type WorkflowRef } from '../protocol.ts';
import { problemOf, sleep, type DirectReads, type SourceUpdate } from './source.ts';

/** An execution's digest: kept in Dexie once finished, read from n8n (with its data) otherwise. */
export async function digestOf(db: AiHttpDatabase, n8nBase: string, executionId: string): Promise<ExecutionDigest> {
  const kept = await keptDigest(db, n8nBase, executionId);
  if (kept) return kept;
  const digest = summarizeExecution(await (await n8nClientFor(db, n8nBase)).getExecution(executionId, { includeData: true }));
  if (isFinishedStatus(digest.status)) await rememberDigest(db, n8nBase, digest);
  return digest;
}

/** n8n read by the background: the list every `intervalMs`, and the digest of each new failure. */
export class DirectSource implements DirectReads {
  readonly kind = 'direct';
  private readonly db: AiHttpDatabase;
  private readonly intervalMs: number;

  constructor(db: AiHttpDatabase, { intervalMs = 2_000 }: { intervalMs?: number } = {}) {
    this.db = db;
    this.intervalMs = intervalMs;
  }

  /**
   * One read: the newest executions, and the digests of failures not in `digested` yet (the
   * panel opens the newest failure by itself). Successes get theirs when the user opens them.
   */
  async readOnce({ n8nBase, workflowId }: WorkflowRef, digested = new Set<string>(), onRows: (rows: ExecutionRow[]) => void = () => {}): Promise<void> {
    const page = await (await n8nClientFor(this.db, n8nBase)).listExecutions({ workflowId, limit: 20 });
    const rows: ExecutionRow[] = page.data.map((e) => ({ id: e.id, status: e.status, mode: e.mode, startedAt: e.startedAt ?? null, stoppedAt: e.stoppedAt ?? null, digest: null }));
    onRows(rows);
    for (const row of rows) {
      if (!isFailedStatus(row.status) || digested.has(row.id)) continue;
      digested.add(row.id);
      try {
        onRows([rowFromDigest(await digestOf(this.db, n8nBase, row.id))]);
      } catch (error) {
        // Gone from n8n: nothing to show. Anything else: try again on the next read.
        if (!(error instanceof AppError && error.code === 'NOT_FOUND')) digested.delete(row.id);
      }
    }
  }

  watch(workflow: WorkflowRef, emit: (update: SourceUpdate) => void, signal: AbortSignal): void {
    const digested = new Set<string>();
    void (async () => {
      while (!signal.aborted) {
        try {
          await this.readOnce(workflow, digested, (rows) => signal.aborted || emit({ type: 'rows', rows }));
          if (!signal.aborted) emit({ type: 'live' });
        } catch (error) {
          if (!signal.aborted) emit({ type: 'unavailable', notice: null, problem: problemOf(error) });
        }
        await sleep(this.intervalMs, signal);
      }
    })();
  }
}

