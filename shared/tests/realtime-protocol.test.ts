import { describe, expect, it } from 'vitest';
import { clientMessageSchema, compareEventIds, instanceTopic, parseTopic, topicSchema, topicsOf, workflowTopic } from '../src/realtime/protocol.ts';

describe('realtime protocol', () => {
  it('orders stream ids numerically, not as text', () => {
    expect(compareEventIds('10-0', '9-5')).toBeGreaterThan(0);
    expect(compareEventIds('9-10', '9-9')).toBeGreaterThan(0);
    expect(compareEventIds('9-1', '9-1')).toBe(0);
    expect(['10-0', '9-2', '9-10'].sort(compareEventIds)).toEqual(['9-2', '9-10', '10-0']);
  });

  it('accepts instance and workflow topics and nothing else', () => {
    expect(topicSchema.safeParse('instance:abc-1').success).toBe(true);
    expect(topicSchema.safeParse('workflow:abc:Xy9_8').success).toBe(true);
    for (const bad of ['instance:', 'user:1', 'workflow:a', 'instance:a b', `instance:${'a'.repeat(65)}`]) expect(topicSchema.safeParse(bad).success).toBe(false);
  });

  it('delivers an event on its instance and its workflow topic', () => {
    expect(topicsOf({ instanceId: 'i1', workflowId: 'w1' })).toEqual(['instance:i1', 'workflow:i1:w1']);
  });

  it('parses what it formats, and nothing that is not a topic', () => {
    expect(parseTopic(instanceTopic('i-1'))).toEqual({ kind: 'instance', instanceId: 'i-1' });
    expect(parseTopic(workflowTopic('i-1', 'Wf_2'))).toEqual({ kind: 'workflow', instanceId: 'i-1', workflowId: 'Wf_2' });
    for (const bad of ['instance:', 'workflow:a', 'user:1', 'instance:a:b:c']) expect(parseTopic(bad)).toBeNull();
  });

  it('rejects a subscribe with a malformed last event id', () => {
    expect(clientMessageSchema.safeParse({ type: 'subscribe', topics: ['instance:a'], lastEventId: 'latest' }).success).toBe(false);
    expect(clientMessageSchema.safeParse({ type: 'subscribe', topics: ['instance:a'], lastEventId: '1700000000000-3' }).success).toBe(true);
  });
});
