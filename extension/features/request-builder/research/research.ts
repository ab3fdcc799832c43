// "Research this API" on the page's side: start a Manus task on the signed-in server, follow its
// progress (the server's state, fed by Manus's webhooks or its own reads of the task), cancel it;
// when it stops, the server has made its answer the user's templates, each with its source URL.
// The state is a zustand store over a transport (the background's messages; tests give another).
import type { ResearchView } from '@ai-http/shared/api/ai';
import { createStore, type StoreApi } from 'zustand/vanilla';

export interface ResearchTransport {
  start(input: { api: string; hint?: string }): Promise<ResearchView>;
  read(taskId: string): Promise<ResearchView>;
  cancel(taskId: string): Promise<ResearchView>;
}

export interface ResearchState {
  /** idle: nothing asked; unavailable: not signed in, or the server has no Manus key (`reason`). */
  phase: 'idle' | 'starting' | 'running' | 'stopped' | 'error' | 'canceled' | 'unavailable';
  reason: 'signIn' | 'noManus' | null;
  task: ResearchView | null;
  /** The progress lines seen, oldest first, each once. */
  progress: string[];
  problem: string | null;
}

const INITIAL: ResearchState = { phase: 'idle', reason: null, task: null, progress: [], problem: null };

/** A view from the server applied to the state (pure). */
export function applyResearchView(state: ResearchState, view: ResearchView): ResearchState {
  const progress = view.progress && state.progress.at(-1) !== view.progress ? [...state.progress, view.progress] : state.progress;
  const phase = view.status === 'waiting' ? 'running' : view.status;
  return { ...state, phase, task: view, progress, problem: view.problem, reason: null };
}

/** A refusal as the view says it: sign in, no Manus on the server, or the server's own words. */
export function applyResearchError(state: ResearchState, error: unknown): ResearchState {
  const code = (error as { code?: string }).code;
  if (code === 'UNAUTHENTICATED') return { ...state, phase: 'unavailable', reason: 'signIn', problem: null };
  if (code === 'AI_UNAVAILABLE') return { ...state, phase: 'unavailable', reason: 'noManus', problem: null };
  return { ...state, phase: state.task && state.phase === 'running' ? 'running' : 'error', problem: (error as Error).message };
}

export interface Research {
  store: StoreApi<ResearchState>;
  start(api: string, hint?: string): Promise<void>;
  cancel(): Promise<void>;
  /** Stops following (the view closed); the task itself goes on on the server. */
  close(): void;
}

export function createResearch(transport: ResearchTransport, { intervalMs = 2_000 }: { intervalMs?: number } = {}): Research {
  const store = createStore<ResearchState>(() => INITIAL);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let generation = 0;
  const follow = (taskId: string, mine: number) => {
    timer = setTimeout(async () => {
      if (mine !== generation) return;
      try {
        const view = await transport.read(taskId);
        if (mine !== generation) return;
        store.setState((state) => applyResearchView(state, view));
      } catch (error) {
        if (mine !== generation) return;
        store.setState((state) => applyResearchError(state, error));
      }
      if (store.getState().phase === 'running') follow(taskId, mine);
    }, intervalMs);
  };
  const close = () => {
    generation++;
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return {
    store,
    close,
    async start(api, hint) {
      close();
      const mine = generation;
      store.setState({ ...INITIAL, phase: 'starting' });
      try {
        const view = await transport.start({ api, ...(hint ? { hint } : {}) });
        if (mine !== generation) return;
        store.setState((state) => applyResearchView(state, view));
        if (store.getState().phase === 'running') follow(view.taskId, mine);
      } catch (error) {
        if (mine === generation) store.setState((state) => applyResearchError({ ...state, task: null }, error));
      }
    },
    async cancel() {
      const task = store.getState().task;
      if (!task) return;
      close();
      try {
        const view = await transport.cancel(task.taskId);
        store.setState((state) => applyResearchView(state, view));
      } catch (error) {
        store.setState((state) => ({ ...applyResearchError(state, error), phase: 'error' }));
      }
    },
  };
}
