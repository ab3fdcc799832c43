// The fields a user fills before sending: a template's placeholders, an operation's parameters.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../src/openapi/catalog.ts';
import { loadOpenApi } from '../src/openapi/document.ts';
import { operationFieldInfo } from '../src/openapi/form.ts';
import { operationToRequest, resolveOperation } from '../src/openapi/operation.ts';
import { missingFields, placeholderFields } from '../src/request/fields.ts';
import { builtinTemplates } from '../src/templates/catalog.ts';

const fixture = (file: string) => readFileSync(resolve(import.meta.dirname, '../../../shared/fixtures/openapi', file), 'utf8');

describe('request fields', () => {
  it('lists a template’s placeholders by where they sit, secrets marked', () => {
    const slack = builtinTemplates().find((t) => t.id === 'slack.post-message')!;
    expect(placeholderFields(slack.request)).toEqual([
      { name: 'channelId', where: 'body', required: false, secret: false },
      { name: 'text', where: 'body', required: false, secret: false },
      { name: 'slackBotToken', where: 'auth', required: true, secret: true },
    ]);
  });

  it('describes GitHub "update an issue" from its parameters and body schema', () => {
    const doc = loadOpenApi(fixture('github-2020-08-30.json'));
    const operation = buildCatalog(doc).operations.find((o) => o.operationId === 'issues/update')!;
    const resolved = resolveOperation(doc, operation);
    const fields = placeholderFields(operationToRequest(resolved), operationFieldInfo(resolved));
    const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    expect(byName.owner).toMatchObject({ where: 'path', required: true, type: 'string' });
    expect(byName.issue_number).toMatchObject({ where: 'path', required: true, type: 'integer' });
    // The body comes from the operation's example; its properties are still described for the form.
    expect(JSON.parse((operationToRequest(resolved).body as { text: string }).text)).toMatchObject({ title: 'Found a bug', state: 'open' });
    expect(operationFieldInfo(resolved).state).toMatchObject({ type: 'string', enum: ['open', 'closed'], required: false });
    expect(missingFields(fields, { owner: 'n8n-io', repo: 'n8n' }).map((f) => f.name)).toEqual(['issue_number']);
  });

  it('describes Stripe "create a customer": optional body fields with descriptions', () => {
    const doc = loadOpenApi(fixture('stripe-2022-04-12.json'));
    const operation = buildCatalog(doc).operations.find((o) => o.operationId === 'PostCustomers')!;
    const resolved = resolveOperation(doc, operation);
    const fields = placeholderFields(operationToRequest(resolved), operationFieldInfo(resolved));
    const email = fields.find((f) => f.name === 'email')!;
    expect(email).toMatchObject({ where: 'body', required: false, type: 'string' });
    expect(email.description).toMatch(/email address/i);
    expect(fields.filter((f) => f.where === 'auth').every((f) => f.secret)).toBe(true);
  });
});
