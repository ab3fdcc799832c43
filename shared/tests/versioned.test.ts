// Every stored or sent shape reads its older versions: a v1 document from Dexie, Postgres or an
// old client is upgraded to the latest, through the entity (never a V1 schema).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { executionDigest } from '../src/n8n/digest-schema.ts';
import { summarizeExecution } from '../src/n8n/digest.ts';
import { executionEventSchema } from '../src/realtime/protocol.ts';
import { requestSpec } from '../src/request/spec.ts';
import { templateSchema } from '../src/templates/schema.ts';
import { versioned } from '../src/versioned.ts';

const storedTemplateV1 = {
  v: 1, id: 'acme.create-widget', service: 'Acme', name: 'Create a widget', description: 'Makes one widget.', docsUrl: 'https://acme.test/docs',
  request: { v: 1, method: 'POST', url: 'https://api.acme.test/widgets', body: { mode: 'json', text: '{"name":"{{name}}"}' } },
};

describe('versioned entities', () => {
  it('upgrades a stored v1 template (a built-in) to the one template shape', () => {
    const template = templateSchema.parse(storedTemplateV1);
    expect(template).toMatchObject({ v: 2, id: 'acme.create-widget', builtinId: 'acme.create-widget', isPublic: true, tags: [] });
    expect(template.request).toMatchObject({ v: 1, method: 'POST', query: [], headers: [], auth: { type: 'none' } });
    expect(templateSchema.schema.safeParse(storedTemplateV1).success).toBe(false);
  });

  it('reads a stored v1 request spec and a stored v1 digest', () => {
    expect(requestSpec.parse({ v: 1, method: 'GET', url: 'https://x.test' })).toMatchObject({ v: 1, body: { mode: 'none' } });
    const stored = JSON.parse(JSON.stringify(summarizeExecution(JSON.parse(readFileSync(new URL('./fixtures/executions/http-404.json', import.meta.url), 'utf8')))));
    expect(executionDigest.parse(stored)).toEqual(stored);
  });

  it('refuses unknown versions with a message that names the entity', () => {
    const result = templateSchema.safeParse({ ...storedTemplateV1, v: 9 });
    expect(result.success).toBe(false);
    expect(result.success ? '' : result.error.issues[0]!.message).toContain('Template: unknown version');
  });

  it('lets a shape hold another versioned shape at any of its versions (field)', () => {
    const note = versioned('Note', [z.object({ v: z.literal(1), text: z.string() }), z.object({ v: z.literal(2), text: z.string(), tags: z.array(z.string()) })], [(n1: { text: string }) => ({ v: 2, text: n1.text, tags: [] })]);
    const box = z.object({ note: note.field });
    expect(box.parse({ note: { v: 1, text: 'hi' } })).toEqual({ note: { v: 2, text: 'hi', tags: [] } });
    expect(box.parse({ note: { v: 2, text: 'hi', tags: ['a'] } })).toEqual({ note: { v: 2, text: 'hi', tags: ['a'] } });
    expect(box.safeParse({ note: { v: 3, text: 'hi' } }).success).toBe(false);
    expect(box.safeParse({ note: { v: 1 } }).success).toBe(false);
  });

  it('reads an execution event whose digest is any known version', () => {
    const digest = summarizeExecution(JSON.parse(readFileSync(new URL('./fixtures/executions/closed-port.json', import.meta.url), 'utf8')));
    const event = { type: 'execution.failed', instanceId: 'i', workflowId: digest.workflowId, executionId: digest.executionId, digest };
    expect(executionEventSchema.parse(JSON.parse(JSON.stringify(event))).digest).toEqual(digest);
  });
});
