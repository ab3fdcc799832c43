import type { PullResponse, PushResponse } from '@ai-http/shared/sync/protocol';
import { SYNC_PROTOCOL_VERSION } from '@ai-http/shared/sync/protocol';
import { applyPull, newReplica, pushRequestOf, visibleRecords, writeLocal, type LocalWrite, type ReplicaState } from '@ai-http/shared/sync/replica';

/**
 * A device for the sync tests: the shared replica (what the extension keeps) driven over real HTTP
 * against /api/v1/sync, with a token. `now` is the device's clock.
 */
export class SyncDevice {
  readonly state: ReplicaState;
  readonly url: string;
  readonly token: string;
  now: () => number = Date.now;
  lastPush: PushResponse | null = null;
  resets = 0;

  constructor(url: string, token: string, name: string) {
    this.url = url;
    this.token = token;
    this.state = newReplica(`${name}-${crypto.randomUUID().slice(0, 8)}`, name);
  }

  write(write: LocalWrite) {
    return writeLocal(this.state, write, this.now());
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: { success: true; data: T } }> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { success: true; data: T } };
  }

  async push(): Promise<PushResponse | null> {
    const request = pushRequestOf(this.state);
    if (!request) return null;
    const res = await this.call<PushResponse>('POST', '/api/v1/sync/push', request);
    if (res.status !== 200) throw new Error(`push answered ${res.status}: ${JSON.stringify(res.body)}`);
    this.lastPush = res.body.data;
    return res.body.data;
  }

  /** Pulls every page; answers how many pages it took. */
  async pull(limit = 500): Promise<number> {
    let pages = 0;
    for (;;) {
      const res = await this.call<PullResponse>('GET', `/api/v1/sync/pull?v=${SYNC_PROTOCOL_VERSION}&clientId=${this.state.clientId}&cursor=${this.state.cursor}&limit=${limit}`);
      if (res.status !== 200) throw new Error(`pull answered ${res.status}: ${JSON.stringify(res.body)}`);
      pages++;
      if (res.body.data.reset) this.resets++;
      applyPull(this.state, res.body.data);
      if (!res.body.data.more) return pages;
    }
  }

  async sync(): Promise<void> {
    await this.push();
    await this.pull();
  }

  visible(): Map<string, Record<string, unknown>> {
    return visibleRecords(this.state);
  }
}
