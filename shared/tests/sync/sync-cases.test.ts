import { describe, expect, it } from 'vitest';
import { nextStamp, parseStamp } from '../../src/sync/hlc.ts';
import { visibleRecords } from '../../src/sync/replica.ts';
import { REQUEST, Simulation } from './simulation.ts';

/** The named adversarial cases of issue 17, each on the same simulated server and devices. */
const fields = (name: string) => ({ kind: 'request', name, tags: [], request: REQUEST, values: {} });
const HOUR = 3_600_000;

async function online(sim: Simulation, device: number): Promise<void> {
  sim.sendPush(device);
  while (sim.inFlight.length) await sim.deliver(0);
  sim.sendPull(device);
  while (sim.inFlight.length) await sim.deliver(0);
}

describe('sync core, adversarial cases', () => {
  it('concurrent edits of different fields of one record both survive', async () => {
    const sim = new Simulation({ devices: 2, pageSize: 100 });
    sim.write(0, { op: 'create', entity: 'savedRequest', id: 'r', fields: fields('Orders') });
    await sim.settle();
    sim.write(0, { op: 'update', entity: 'savedRequest', id: 'r', fields: { name: 'Orders v2' } });
    sim.write(1, { op: 'update', entity: 'savedRequest', id: 'r', fields: { tags: ['shop'] } });
    await sim.settle();
    expect(sim.serverVisible('r')).toMatchObject({ name: 'Orders v2', tags: ['shop'] });
    expect(sim.check()).toEqual([]);
  });

  it('a delete on one device while another edits: the delete wins, and only a later create brings it back', async () => {
    const sim = new Simulation({ devices: 2, pageSize: 100 });
    sim.write(0, { op: 'create', entity: 'savedRequest', id: 'r', fields: fields('Orders') });
    await sim.settle();
    sim.write(0, { op: 'delete', entity: 'savedRequest', id: 'r' });
    sim.now += 1_000;
    // Device 1 edits after the delete in wall time: still a concurrent edit, it does not revive.
    sim.write(1, { op: 'update', entity: 'savedRequest', id: 'r', fields: { name: 'Edited offline' } });
    await sim.settle();
    expect(sim.serverVisible('r')).toBeUndefined();
    expect(sim.devices.map((device) => visibleRecords(device).size)).toEqual([0, 0]);
    sim.write(1, { op: 'create', entity: 'savedRequest', id: 'r', fields: fields('Back again') });
    await sim.settle();
    expect(sim.serverVisible('r')).toMatchObject({ name: 'Back again' });
    expect(sim.check()).toEqual([]);
  });

  it('the same record created offline on two devices: distinct ids keep both, one id merges field by field', async () => {
    const sim = new Simulation({ devices: 2, pageSize: 100 });
    sim.write(0, { op: 'create', entity: 'savedRequest', id: 'from-a', fields: fields('Orders') });
    sim.write(1, { op: 'create', entity: 'savedRequest', id: 'from-b', fields: fields('Orders') });
    sim.write(0, { op: 'create', entity: 'savedRequest', id: 'shared', fields: fields('A') });
    sim.now += 10;
    sim.write(1, { op: 'create', entity: 'savedRequest', id: 'shared', fields: { ...fields('B'), tags: ['b'] } });
    await sim.settle();
    expect([...sim.server.visible().keys()].sort()).toEqual(['savedRequest/from-a', 'savedRequest/from-b', 'savedRequest/shared']);
    expect(sim.serverVisible('shared')).toMatchObject({ name: 'B', tags: ['b'] });
    expect(sim.check()).toEqual([]);
  });

  it('a clock skewed by hours: a fast clock does not win for hours, a slow one writes after what it has seen', async () => {
    const sim = new Simulation({ devices: 3, skew: [5 * HOUR, 0, -5 * HOUR], pageSize: 100 });
    sim.write(1, { op: 'create', entity: 'savedRequest', id: 'r', fields: fields('Orders') });
    await sim.settle();
    sim.write(0, { op: 'update', entity: 'savedRequest', id: 'r', fields: { name: 'fast clock' } });
    await online(sim, 0);
    const restamped = sim.applied.at(-1)!.result.stamp!;
    expect(parseStamp(restamped).wall).toBeLessThanOrEqual(sim.now);
    sim.now += 1_000;
    sim.write(1, { op: 'update', entity: 'savedRequest', id: 'r', fields: { name: 'true clock, later' } });
    await sim.settle();
    expect(sim.serverVisible('r')).toMatchObject({ name: 'true clock, later' });
    // The slow device has pulled that write: its next stamp sorts after it despite its clock.
    sim.write(2, { op: 'update', entity: 'savedRequest', id: 'r', fields: { name: 'slow clock, after seeing it' } });
    await sim.settle();
    expect(sim.serverVisible('r')).toMatchObject({ name: 'slow clock, after seeing it' });
    expect(sim.check()).toEqual([]);
  });

  it('a push retried after a timeout applies once', async () => {
    const sim = new Simulation({ devices: 1, pageSize: 100 });
    sim.write(0, { op: 'create', entity: 'savedRequest', id: 'r', fields: fields('Orders') });
    sim.write(0, { op: 'update', entity: 'savedRequest', id: 'r', fields: { tags: ['t'] } });
    sim.sendPush(0);
    await sim.deliver(0);
    sim.drop(0); // the answer never arrives: the device times out and pushes again
    const seq = sim.server.data.seq;
    sim.sendPush(0);
    await sim.deliver(0);
    expect(sim.server.data.seq).toBe(seq);
    const retried = sim.inFlight[0];
    expect(retried?.kind === 'pushed' && retried.body.results.map((result) => result.status)).toEqual(['duplicate', 'duplicate']);
    await sim.settle();
    expect(sim.devices[0]!.outbox).toEqual([]);
    expect(sim.check()).toEqual([]);
  });

  it('the server restarts after applying a push and before answering: the retry is a duplicate', async () => {
    const sim = new Simulation({ devices: 2, pageSize: 100 });
    sim.write(0, { op: 'create', entity: 'savedRequest', id: 'r', fields: fields('Orders') });
    sim.sendPush(0);
    await sim.deliver(0, true);
    expect(sim.inFlight).toEqual([]);
    await sim.settle();
    expect(sim.applied).toHaveLength(1);
    expect(visibleRecords(sim.devices[1]!).get('savedRequest/r')).toMatchObject({ name: 'Orders' });
    expect(sim.check()).toEqual([]);
  });

  it('a device offline for longer than tombstone retention: its cursor resets, purged records leave it, its edits of them are gone', async () => {
    const sim = new Simulation({ devices: 2, pageSize: 1 });
    sim.write(0, { op: 'create', entity: 'savedRequest', id: 'kept', fields: fields('Kept') });
    sim.write(0, { op: 'create', entity: 'savedRequest', id: 'purged', fields: fields('Purged') });
    await sim.settle();
    sim.write(1, { op: 'delete', entity: 'savedRequest', id: 'purged' });
    await online(sim, 1);
    sim.purgeTombstones();
    sim.write(0, { op: 'update', entity: 'savedRequest', id: 'purged', fields: { name: 'edited while away' } });
    sim.write(0, { op: 'update', entity: 'savedRequest', id: 'kept', fields: { name: 'Kept, edited' } });
    sim.sendPush(0);
    await sim.deliver(0);
    const pushed = sim.inFlight[0];
    expect(pushed?.kind === 'pushed' && pushed.body.results.map((result) => result.status)).toEqual(['gone', 'applied']);
    sim.inFlight = [];
    sim.unexpected.length = 0;
    sim.sendPull(0);
    await sim.deliver(0);
    const pulled = sim.inFlight[0];
    expect(pulled?.kind === 'pulled' && pulled.body.reset).toBe(true);
    await sim.settle();
    expect([...visibleRecords(sim.devices[0]!).keys()]).toEqual(['savedRequest/kept']);
    expect(sim.devices[0]!.base['savedRequest/purged']).toBeUndefined();
    expect(sim.serverVisible('kept')).toMatchObject({ name: 'Kept, edited' });
    expect(sim.check()).toEqual([]);
  });

  it('invalid fields are rejected with a message, and the outbox still drains', async () => {
    const sim = new Simulation({ devices: 1, pageSize: 100 });
    sim.write(0, { op: 'create', entity: 'savedRequest', id: 'r', fields: { name: '' } });
    sim.sendPush(0);
    await sim.deliver(0);
    const answer = sim.inFlight[0];
    expect(answer?.kind === 'pushed' && answer.body.results[0]).toMatchObject({ status: 'rejected', message: expect.stringContaining('name') });
    sim.inFlight = [];
    sim.unexpected.length = 0;
    await sim.settle();
    expect(sim.devices[0]!.outbox).toEqual([]);
    expect(visibleRecords(sim.devices[0]!).size).toBe(0);
  });

  it('stamps order by wall time, then counter, then node', () => {
    const a = nextStamp(null, 1000, 'a');
    const b = nextStamp(a, 1000, 'a');
    expect(b > a).toBe(true);
    expect(nextStamp(b, 500, 'a') > b).toBe(true);
    expect(nextStamp(null, 1000, 'b') > a).toBe(true);
    expect(parseStamp(b)).toEqual({ wall: 1000, count: 1, node: 'a' });
  });
});
