import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';

/** What the jobs count, in the shape prom-client's Counter and Histogram have (http/metrics.ts makes them). */
export interface JobMetrics {
  jobRuns: { inc(labels: { job: string; outcome: 'completed' | 'retrying' | 'failed' }): void };
  jobDuration: { startTimer(labels: { job: string }): () => unknown };
}

export interface JobOptions {
  /** Tries per run, the first included. */
  attempts?: number;
  /** The first retry's delay; each further retry waits twice as long. */
  backoffMs?: number;
  /**
   * false: this process runs the job when a scheduler elsewhere asks, but schedules nothing (a
   * process with POLLER_ENABLED=false still takes the poller's jobs that other processes schedule).
   */
  scheduled?: boolean;
}

export type JobHandler = () => Promise<void>;

/**
 * Scheduled work, one interface on both stores. With Redis the jobs run on BullMQ: one job
 * scheduler per job, its id the job's name, so however many processes define a job it runs once
 * per interval across the cluster, on whichever worker takes it. Embedded (no Redis) the same jobs
 * run on timers in this process, with the same retries and backoff.
 */
export interface Jobs {
  readonly kind: 'bullmq' | 'in-process';
  /** The BullMQ queue, for the operator view (/admin/queues); null in process. */
  readonly queue: Queue | null;
  /** Runs `handler` every `everyMs` (the first run one interval from now), retried with exponential backoff. */
  defineJob(name: string, everyMs: number, handler: JobHandler, options?: JobOptions): void;
  /** The jobs this process defined, by name. */
  readonly defined: ReadonlyMap<string, { everyMs: number; scheduled: boolean }>;
  /**
   * Forgets the schedulers of jobs this process does not define (a job removed or renamed in a
   * newer version), once the defined ones are stored; schedule.ts calls it after defining all.
   */
  pruneOthers(): Promise<void>;
  /** Settles once every job defined so far is scheduled (with Redis: its scheduler stored). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

const DEFAULTS = { attempts: 3, backoffMs: 5_000, scheduled: true } satisfies Required<JobOptions>;
export const JOBS_QUEUE = 'scheduled';

interface Context {
  logger: Logger;
  metrics: JobMetrics;
}

export function createJobs(redis: Config['redis'], context: Context): Jobs {
  return redis.kind === 'redis' ? new BullJobs(redis.url, redis.keyPrefix, context) : new InProcessJobs(context);
}

/** Times the run and counts its outcome; `final` says no attempt is left after a failure. */
function observed(context: Context, name: string) {
  const end = context.metrics.jobDuration.startTimer({ job: name });
  return {
    completed: () => {
      end();
      context.metrics.jobRuns.inc({ job: name, outcome: 'completed' });
    },
    failed: (error: unknown, attempt: number, final: boolean) => {
      end();
      context.metrics.jobRuns.inc({ job: name, outcome: final ? 'failed' : 'retrying' });
      context.logger.warn({ err: error, job: name, attempt }, final ? 'scheduled job failed; no attempts left until its next run' : 'scheduled job failed; retrying');
    },
  };
}

class BullJobs implements Jobs {
  readonly kind = 'bullmq';
  readonly queue: Queue;
  private readonly worker: Worker;
  private readonly connections: Redis[];
  private readonly handlers = new Map<string, JobHandler>();
  readonly defined = new Map<string, { everyMs: number; scheduled: boolean }>();
  private readonly scheduled: Promise<void>[] = [];
  private readonly context: Context;

  constructor(url: string, keyPrefix: string, context: Context) {
    this.context = context;
    // BullMQ wants its own connections without a key prefix (it has its own) and retrying
    // commands while Redis is down, so a job picks up where it was when Redis comes back.
    const connection = () => {
      const client = new Redis(url, { maxRetriesPerRequest: null });
      client.on('error', () => {}); // reported by the worker's 'error' event and /readyz
      return client;
    };
    this.connections = [connection(), connection()];
    const prefix = `${keyPrefix}bull`;
    this.queue = new Queue(JOBS_QUEUE, { connection: this.connections[0]!, prefix });
    this.queue.on('error', () => {});
    this.worker = new Worker(
      JOBS_QUEUE,
      async (job: Job) => {
        const handler = this.handlers.get(job.name);
        // A job another process's version defines: failing it leaves it to a process that knows it.
        if (!handler) throw new Error(`this process has no handler for the job "${job.name}"`);
        await handler();
      },
      { connection: this.connections[1]!, prefix, concurrency: 4 },
    );
    const running = new Map<string, ReturnType<typeof observed>>();
    this.worker.on('active', (job) => running.set(job.id!, observed(context, job.name)));
    this.worker.on('completed', (job) => {
      running.get(job.id!)?.completed();
      running.delete(job.id!);
    });
    this.worker.on('failed', (job, error) => {
      if (!job) return;
      running.get(job.id!)?.failed(error, job.attemptsMade, job.attemptsMade >= (job.opts.attempts ?? 1));
      running.delete(job.id!);
    });
    this.worker.on('error', (error) => context.logger.warn({ err: error }, 'the job worker lost Redis; retrying'));
  }

  defineJob(name: string, everyMs: number, handler: JobHandler, options: JobOptions = {}): void {
    const { attempts, backoffMs, scheduled } = { ...DEFAULTS, ...options };
    if (this.defined.has(name)) throw new Error(`the job "${name}" is defined already`);
    this.handlers.set(name, handler);
    this.defined.set(name, { everyMs, scheduled });
    if (!scheduled) return;
    // Not awaited by the caller: a Redis that is down at start must not stop the start; the
    // connection retries until the scheduler is stored.
    this.scheduled.push(
      this.queue
        .upsertJobScheduler(name, { every: everyMs }, { name, opts: { attempts, backoff: { type: 'exponential', delay: backoffMs }, removeOnComplete: { count: 100 }, removeOnFail: { count: 500 } } })
        .then(
          () => undefined,
          (error: unknown) => this.context.logger.warn({ err: error, job: name }, 'could not schedule the job'),
        ),
    );
  }

  async ready(): Promise<void> {
    await Promise.all(this.scheduled);
    await this.worker.waitUntilReady();
  }

  async pruneOthers(): Promise<void> {
    await Promise.all(this.scheduled);
    for (const scheduler of await this.queue.getJobSchedulers()) if (!this.defined.has(scheduler.key)) await this.queue.removeJobScheduler(scheduler.key);
  }

  async close(): Promise<void> {
    // A worker waits for its running jobs; a Redis that is gone would make it wait forever.
    const closed = Promise.all([this.worker.close(), this.queue.close()]);
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    for (const client of this.connections) client.disconnect();
  }
}

class InProcessJobs implements Jobs {
  readonly kind = 'in-process';
  readonly queue = null;
  readonly defined = new Map<string, { everyMs: number; scheduled: boolean }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  /** Retries waiting out their backoff; closing wakes them (and they stop). */
  private readonly sleepers = new Set<() => void>();
  private readonly context: Context;
  private closed = false;

  constructor(context: Context) {
    this.context = context;
  }

  defineJob(name: string, everyMs: number, handler: JobHandler, options: JobOptions = {}): void {
    const { attempts, backoffMs, scheduled } = { ...DEFAULTS, ...options };
    if (this.defined.has(name)) throw new Error(`the job "${name}" is defined already`);
    this.defined.set(name, { everyMs, scheduled });
    if (!scheduled) return;
    let busy = false;
    const run = async () => {
      // Like a job scheduler: a run still going (retries included) is not started again.
      if (busy || this.closed) return;
      busy = true;
      try {
        for (let attempt = 1; attempt <= attempts && !this.closed; attempt++) {
          const observe = observed(this.context, name);
          try {
            await handler();
            observe.completed();
            return;
          } catch (error) {
            observe.failed(error, attempt, attempt === attempts);
            if (attempt < attempts) await this.sleep(backoffMs * 2 ** (attempt - 1));
          }
        }
      } finally {
        busy = false;
      }
    };
    const timer = setInterval(() => {
      const going = run();
      this.running.add(going);
      void going.finally(() => this.running.delete(going));
    }, everyMs);
    timer.unref();
    this.timers.add(timer);
  }

  async ready(): Promise<void> {}

  async pruneOthers(): Promise<void> {}

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    this.timers.clear();
    for (const wake of this.sleepers) wake();
    await Promise.all(this.running);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      timer.unref();
      this.sleepers.add(wake);
    });
  }
}
