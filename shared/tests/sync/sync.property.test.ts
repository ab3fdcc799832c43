import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REQUEST, Simulation } from './simulation.ts';

/**
 * The sync core under an unreliable network: 3 devices make random offline edits, deletes and
 * re-creates of a few records (the same ids, so they collide); messages are delivered in any
 * order, duplicated, dropped; the server restarts between applying a push and answering it;
 * clocks are skewed by up to 3 hours. Each run ends with the network healed and checks that every
 * device equals the server and that no write the server applied was lost (each register holds
 * that write's stamp or a later one).
 */
const device = fc.integer({ min: 0, max: 2 });
const recordId = fc.constantFrom('a', 'b', 'c');
const name = fc.constantFrom('Orders', 'Users', 'Ping', 'تجربة');
const tags = fc.array(fc.constantFrom('x', 'y', 'z'), { maxLength: 2 });
const slot = fc.nat({ max: 40 });

const action = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant('create' as const), device, id: recordId, name }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('editName' as const), device, id: recordId, name }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('editTags' as const), device, id: recordId, tags }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('delete' as const), device, id: recordId }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('push' as const), device }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('pull' as const), device }) },
  { weight: 8, arbitrary: fc.record({ t: fc.constant('deliver' as const), slot, crash: fc.integer({ min: 0, max: 4 }).map((n) => n === 0) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('duplicate' as const), slot }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('drop' as const), slot }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('restart' as const) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 5_000 }) }) },
);
type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

const HOUR = 3_600_000;

async function run(actions: Action[], skew: number[], pageSize: number): Promise<string[]> {
  const sim = new Simulation({ skew, pageSize });
  for (const step of actions) {
    const slotOf = (slot: number) => (sim.inFlight.length ? slot % sim.inFlight.length : -1);
    switch (step.t) {
      case 'create':
        sim.write(step.device, { op: 'create', entity: 'savedRequest', id: step.id, fields: { kind: 'request', name: step.name, tags: [], request: REQUEST, values: {} } });
        break;
      case 'editName':
        sim.write(step.device, { op: 'update', entity: 'savedRequest', id: step.id, fields: { name: step.name } });
        break;
      case 'editTags':
        sim.write(step.device, { op: 'update', entity: 'savedRequest', id: step.id, fields: { tags: step.tags } });
        break;
      case 'delete':
        sim.write(step.device, { op: 'delete', entity: 'savedRequest', id: step.id });
        break;
      case 'push':
        sim.sendPush(step.device);
        break;
      case 'pull':
        sim.sendPull(step.device);
        break;
      case 'deliver':
        if (slotOf(step.slot) >= 0) await sim.deliver(slotOf(step.slot), step.crash);
        break;
      case 'duplicate':
        if (slotOf(step.slot) >= 0) sim.duplicate(slotOf(step.slot));
        break;
      case 'drop':
        if (slotOf(step.slot) >= 0) sim.drop(slotOf(step.slot));
        break;
      case 'restart':
        sim.restart();
        break;
      case 'tick':
        sim.now += step.ms;
        break;
    }
  }
  await sim.settle();
  return sim.check();
}

describe('sync core, property', () => {
  it('3 devices, random offline writes, an unreliable network and restarts: 10,000 runs converge with no applied write lost', async () => {
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(
        fc.array(action, { minLength: 5, maxLength: 60 }),
        fc.array(fc.integer({ min: -3 * HOUR, max: 3 * HOUR }), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: 1, max: 4 }),
        async (actions, skew, pageSize) => {
          expect(await run(actions, skew, pageSize)).toEqual([]);
        },
      ),
      { numRuns: 10_000 },
    );
    console.log(`sync property: 10,000 runs in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }, 300_000);
});
