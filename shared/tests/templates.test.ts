import { describe, expect, it } from 'vitest';
import { toHttpRequestNode } from '../src/n8n/http-request-node.ts';
import { BUILTIN_TEMPLATES } from '../src/templates/builtin.ts';
import { builtinTemplates } from '../src/templates/catalog.ts';
import { fillTemplate, templatePlaceholders, templateSchema } from '../src/templates/schema.ts';

describe('built-in templates', () => {
  const templates = builtinTemplates();

  it('ships at least 30, each valid, with a unique id and an https documentation link', () => {
    expect(templates.length).toBeGreaterThanOrEqual(30);
    expect(new Set(templates.map((t) => t.id)).size).toBe(templates.length);
    for (const input of BUILTIN_TEMPLATES) expect(templateSchema.safeParse(input).success, input.id).toBe(true);
    for (const t of templates) expect(t.docsUrl, t.id).toMatch(/^https:\/\//);
    expect(new Set(templates.map((t) => t.service)).size).toBeGreaterThanOrEqual(25);
  });

  it('keeps every secret in auth, so it becomes an n8n credential', () => {
    for (const t of templates) {
      const { node } = toHttpRequestNode(t.request);
      const secretish = templatePlaceholders(t).filter((p) => /(token|apikey|secret(key)?|password)$/i.test(p));
      // Telegram and Discord webhooks carry their token in the path, as their APIs require.
      const inPath = [...t.request.url.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!);
      // Trello takes a second secret (the user token) in the query, next to the key.
      const inQuery = t.request.query.filter((q) => /token/i.test(q.name)).map((q) => q.value.replace(/[{}]/g, ''));
      for (const name of secretish) {
        if (inPath.includes(name) || inQuery.includes(name)) continue;
        expect(JSON.stringify(node.parameters), `${t.id}: ${name}`).not.toContain(`{{${name}}}`);
      }
    }
  });

  it('fills placeholders, keeps JSON bodies valid, and reports what is missing', () => {
    const slack = templates.find((t) => t.id === 'slack.post-message')!;
    expect(templatePlaceholders(slack)).toEqual(['channelId', 'text', 'slackBotToken']);
    const { request, missing } = fillTemplate(slack, { channelId: 'C123', text: 'He said "hi"\nbye' });
    expect(missing).toEqual(['slackBotToken']);
    expect(JSON.parse((request.body as { text: string }).text)).toEqual({ channel: 'C123', text: 'He said "hi"\nbye' });
    expect(request.auth).toEqual({ type: 'bearer', token: '{{slackBotToken}}' });
  });
});
