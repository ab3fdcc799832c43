import { isDeepStrictEqual } from 'node:util';
import type { MutationResult, PullResponse, PushRequest, PushResponse, PullRequest } from '../../src/sync/protocol.ts';
import { SYNC_PROTOCOL_VERSION } from '../../src/sync/protocol.ts';
import { applyPull, newReplica, pushRequestOf, visibleRecords, writeLocal, type LocalWrite, type ReplicaState } from '../../src/sync/replica.ts';
import { isVisible } from '../../src/sync/record.ts';
import { applyPush, readPull } from '../../src/sync/server.ts';
import { MemoryStore } from './memory-store.ts';

/**
 * A server, devices and an unreliable network between them, for the sync property tests. Messages
 * wait in `inFlight` until the test delivers, duplicates or drops one, in any order; every message
 * is a JSON copy, as on the wire.
 */
type Message =
  | { to: 'server'; device: number; kind: 'push'; body: PushRequest }
  | { to: 'server'; device: number; kind: 'pull'; body: PullRequest }
  | { to: 'device'; device: number; kind: 'pushed'; body: PushResponse }
  | { to: 'device'; device: number; kind: 'pulled'; body: PullResponse };

export const REQUEST = { v: 1, method: 'GET', url: 'https://api.example.test/orders' };

export class Simulation {
  readonly server = new MemoryStore();
  readonly devices: ReplicaState[];
  /** Each device's clock offset from true time, in ms (a clock skewed by hours is a big one). */
  readonly skew: number[];
  inFlight: Message[] = [];
  now = Date.UTC(2026, 10, 29, 12);
  pageSize: number;
  /** Every write the server applied, with the stamp it applied it with. */
  readonly applied: { mutation: PushRequest['mutations'][number]; result: MutationResult }[] = [];
  readonly unexpected: MutationResult[] = [];
  /** Records whose tombstones the server purged (retention over): the server forgot them on purpose. */
  readonly purged = new Set<string>();

  constructor({ devices = 3, skew = [], pageSize = 2 }: { devices?: number; skew?: number[]; pageSize?: number } = {}) {
    this.devices = Array.from({ length: devices }, (_, index) => newReplica(`client-${index}-abcdef`, `d${index}`));
    this.skew = Array.from({ length: devices }, (_, index) => skew[index] ?? 0);
    this.pageSize = pageSize;
  }

  deviceNow(device: number): number {
    return this.now + this.skew[device]!;
  }

  /** A local change, if it makes sense on what the device sees (edit and delete need a visible record). */
  write(device: number, write: LocalWrite): boolean {
    const state = this.devices[device]!;
    const visible = visibleRecords(state).has(`${write.entity}/${write.id}`);
    if (write.op !== 'create' && !visible) return false;
    writeLocal(state, write, this.deviceNow(device));
    return true;
  }

  sendPush(device: number): void {
    const push = pushRequestOf(this.devices[device]!);
    if (push) this.send({ to: 'server', device, kind: 'push', body: push });
  }

  sendPull(device: number): void {
    const state = this.devices[device]!;
    this.send({ to: 'server', device, kind: 'pull', body: { v: SYNC_PROTOCOL_VERSION, clientId: state.clientId, cursor: state.cursor, limit: this.pageSize } });
  }

  private send(message: Message): void {
    this.inFlight.push(JSON.parse(JSON.stringify(message)) as Message);
  }

  /** Delivers one message; `crash`: the server applies a push, then restarts before answering. */
  async deliver(index: number, crash = false): Promise<void> {
    const [message] = this.inFlight.splice(index, 1);
    if (!message) return;
    if (message.to === 'server') {
      const answer = await this.handle(message);
      if (crash) this.restart();
      else this.send(answer);
      return;
    }
    const state = this.devices[message.device]!;
    // The device only reads the answer; the outbox waits for a pull to confirm (no flicker).
    if (message.kind === 'pulled') applyPull(state, message.body);
  }

  private async handle(message: Extract<Message, { to: 'server' }>): Promise<Message> {
    if (message.kind === 'pull') return { to: 'device', device: message.device, kind: 'pulled', body: await readPull(this.server, message.body) };
    const body = await this.server.transaction(() => applyPush(this.server, message.body, this.now));
    for (const result of body.results) {
      const mutation = message.body.mutations.find((m) => m.mid === result.mid)!;
      if (result.status === 'applied') this.applied.push({ mutation, result });
      else if (result.status !== 'duplicate') this.unexpected.push(result);
    }
    return { to: 'device', device: message.device, kind: 'pushed', body };
  }

  duplicate(index: number): void {
    const message = this.inFlight[index];
    if (message) this.inFlight.push(JSON.parse(JSON.stringify(message)) as Message);
  }

  drop(index: number): void {
    this.inFlight.splice(index, 1);
  }

  /** Retention is over: the server forgets every tombstone. */
  purgeTombstones(): void {
    for (const [key, record] of Object.entries(this.server.data.records)) if (!isVisible(record)) this.purged.add(key);
    this.server.purgeTombstones();
  }

  /** The server restarts: what it stored survives, answers it had not sent are lost. */
  restart(): void {
    this.server.restart();
    this.inFlight = this.inFlight.filter((message) => message.to === 'server');
  }

  /** The network heals: each device pushes its outbox and pulls to the end, until nothing moves. */
  async settle(maxRounds = 10): Promise<number> {
    this.inFlight = [];
    for (let round = 1; round <= maxRounds; round++) {
      const before = JSON.stringify(this.devices);
      for (let device = 0; device < this.devices.length; device++) {
        this.sendPush(device);
        while (this.inFlight.length) await this.deliver(0);
        do {
          this.sendPull(device);
          await this.deliver(0);
          await this.deliver(0);
        } while (this.pullHasMore(device));
      }
      if (round > 1 && before === JSON.stringify(this.devices) && this.devices.every((state) => !state.outbox.length)) return round;
    }
    throw new Error(`not settled after ${maxRounds} rounds`);
  }

  private pullHasMore(device: number): boolean {
    const state = this.devices[device]!;
    return Object.values(this.server.data.records).some((record) => record.seq > state.cursor);
  }

  /** Problems found: every device equal to the server, and no applied write lost. */
  check(): string[] {
    const problems: string[] = [];
    const serverView = this.server.visible();
    this.devices.forEach((state, device) => {
      if (!isDeepStrictEqual(visibleRecords(state), serverView)) problems.push(`device ${device} sees ${JSON.stringify([...visibleRecords(state)])}, server ${JSON.stringify([...serverView])}`);
      // A device that pulled a tombstone before the purge may keep it (invisible); nothing else differs.
      const base = Object.fromEntries(Object.entries(state.base).filter(([key]) => !this.purged.has(key) || this.server.data.records[key]));
      if (!isDeepStrictEqual(base, this.server.data.records)) problems.push(`device ${device}'s copy differs from the server's records`);
    });
    for (const { mutation, result } of this.applied) {
      if (this.purged.has(`${mutation.entity}/${mutation.id}`)) continue;
      const record = this.server.data.records[`${mutation.entity}/${mutation.id}`];
      const stamp = result.stamp!;
      if (!record) problems.push(`write ${mutation.mid} of ${mutation.id}: record missing`);
      else if (mutation.op === 'delete' && !(record.deleted && record.deleted >= stamp)) problems.push(`delete of ${mutation.id} lost`);
      else if (mutation.op === 'create' && !(record.created && record.created >= stamp)) problems.push(`create of ${mutation.id} lost`);
      else for (const field of Object.keys(mutation.fields)) if (!(record.clocks[field] && record.clocks[field] >= stamp)) problems.push(`${mutation.op} of ${mutation.id}.${field} lost`);
    }
    if (this.unexpected.length) problems.push(`unexpected results: ${JSON.stringify(this.unexpected)}`);
    return problems;
  }

  serverVisible(id: string, entity = 'savedRequest'): Record<string, unknown> | undefined {
    const record = this.server.data.records[`${entity}/${id}`];
    return record && isVisible(record) ? record.fields : undefined;
  }
}
