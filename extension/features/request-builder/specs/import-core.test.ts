// @vitest-environment node
// The import worker's core, run directly in Node (the worker has no DOM either) on the real
// Stripe and GitHub fixtures, and the inputs that must fail with a message rather than hang:
// binary, not OpenAPI, looping $refs, huge.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_SPEC_BYTES, parseSpec, type ImportProgress } from './import-core.ts';
import { readSource } from './source.ts';

const FIXTURES = resolve(import.meta.dirname, '../../../../../shared/fixtures/openapi');
const stripeText = readFileSync(`${FIXTURES}/stripe-2022-04-12.json`, 'utf8');
const githubText = readFileSync(`${FIXTURES}/github-2020-08-30.json`, 'utf8');

describe('parseSpec on the real fixtures', () => {
  it('lists and resolves all 417 Stripe operations, reporting parse and index progress', () => {
    const progress: ImportProgress[] = [];
    const spec = parseSpec(stripeText, (p) => progress.push(p));
    expect(spec.title).toBe('Stripe API');
    expect(spec.operations).toHaveLength(417);
    expect(spec.operations.every((o) => o.resolved !== null)).toBe(true);
    expect(spec.servers).toEqual(['https://api.stripe.com/']);
    expect(spec.securitySchemes).toEqual(expect.arrayContaining([{ name: 'basicAuth', type: 'http', detail: 'basic' }, { name: 'bearerAuth', type: 'http', detail: 'bearer' }]));
    expect(progress.map((p) => p.phase)).toEqual(expect.arrayContaining(['parse', 'index']));
    expect(progress.at(-1)).toEqual({ phase: 'index', loaded: 417, total: 417 });
    // What the store keeps is smaller than the document (the reason for keeping it, not the text).
    expect(JSON.stringify(spec.operations).length).toBeLessThan(stripeText.length);
  });

  it('lists all 623 GitHub operations', () => {
    const spec = parseSpec(githubText);
    expect(spec.operations).toHaveLength(623);
    expect(spec.title).toMatch(/GitHub/);
    expect(spec.operations.filter((o) => !o.resolved)).toEqual([]);
  });
});

describe('parseSpec on other shapes', () => {
  it('reads Swagger 2.0 in YAML: servers from host and basePath, security definitions summarised', () => {
    const yaml = [
      'swagger: "2.0"',
      'info: { title: Petstore, version: "1.0" }',
      'host: petstore.example.com',
      'basePath: /v2',
      'schemes: [https]',
      'securityDefinitions:',
      '  api_key: { type: apiKey, name: api_key, in: header }',
      '  basic: { type: basic }',
      'security: [ { api_key: [] } ]',
      'paths:',
      '  /pet/{petId}:',
      '    get:',
      '      operationId: getPetById',
      '      parameters:',
      '        - { name: petId, in: path, required: true, type: integer }',
    ].join('\n');
    const spec = parseSpec(yaml);
    expect(spec).toMatchObject({ title: 'Petstore', sourceVersion: '2.0', servers: ['https://petstore.example.com/v2'] });
    expect(spec.securitySchemes).toEqual([
      { name: 'api_key', type: 'apiKey', detail: 'header', paramName: 'api_key' },
      { name: 'basic', type: 'http', detail: 'basic' },
    ]);
    expect(spec.operations[0]).toMatchObject({ operation: { operationId: 'getPetById', security: [['api_key']] }, resolved: { servers: [{ url: 'https://petstore.example.com/v2' }] } });
  });
});

describe('bad inputs', () => {
  it('a binary file is named as such', () => {
    const png = String.fromCharCode(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13) + 'IHDR'.repeat(10);
    expect(() => parseSpec(png)).toThrow(/binary/);
  });

  it('JSON that is not OpenAPI says what was expected', () => {
    expect(() => parseSpec(JSON.stringify({ name: 'my-package', version: '1.0.0' }))).toThrow(/expected swagger "2\.0" or openapi "3\.0\.x"/);
    expect(() => parseSpec('{ "openapi": "3.0.0", ')).toThrow(/not valid JSON/);
  });

  it('a parameter $ref loop fails with the reference named; a recursive schema imports', () => {
    const looping = { openapi: '3.0.3', info: { title: 'Loop', version: '1' }, paths: { '/a': { get: { parameters: [{ $ref: '#/components/parameters/A' }] } } }, components: { parameters: { A: { $ref: '#/components/parameters/B' }, B: { $ref: '#/components/parameters/A' } } } };
    expect(() => parseSpec(JSON.stringify(looping))).toThrow(/refers to itself/);
    const recursive = {
      openapi: '3.1.0',
      info: { title: 'Tree', version: '1' },
      paths: { '/nodes': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } } } } },
      components: { schemas: { Node: { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } } } } },
    };
    const spec = parseSpec(JSON.stringify(recursive));
    expect(spec.operations).toHaveLength(1);
    expect(JSON.stringify(spec.operations[0]!.resolved)).toContain('"$circular":true');
  });

  it('a reference bomb (every property of each schema referring to the next) fails its operation quickly instead of filling memory', () => {
    const schemas: Record<string, unknown> = {};
    for (let d = 0; d < 10; d++) {
      schemas[`S${d}`] = { type: 'object', properties: Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`p${i}`, d < 9 ? { $ref: `#/components/schemas/S${d + 1}` } : { type: 'string' }])) };
    }
    const bomb = { openapi: '3.1.0', info: { title: 'Bomb', version: '1' }, paths: { '/x': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/S0' } } } } } } }, components: { schemas } };
    const started = performance.now();
    const spec = parseSpec(JSON.stringify(bomb));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(spec.operations[0]).toMatchObject({ resolved: null, error: expect.stringMatching(/POST \/x cannot be used: its \$refs nest so widely that it would expand to [\d,]+ values/) });
  });

  it('a document over 20 MB is refused before parsing', () => {
    const huge = `{"openapi":"3.1.0","x":"${'a'.repeat(MAX_SPEC_BYTES)}"}`;
    expect(() => parseSpec(huge)).toThrow(/up to 20 MB/);
  });

  it('an external $ref fails only its operation, with the reason kept', () => {
    const doc = { openapi: '3.1.0', info: { title: 'Ext', version: '1' }, paths: { '/a': { post: { requestBody: { content: { 'application/json': { schema: { $ref: 'other.yaml#/Body' } } } } } }, '/b': { get: {} } } };
    const spec = parseSpec(JSON.stringify(doc));
    expect(spec.operations.map((o) => [o.operation.path, o.resolved === null])).toEqual([['/a', true], ['/b', false]]);
    expect(spec.operations[0]!.error).toMatch(/External reference/);
  });
});

describe('readSource', () => {
  it('downloads with progress from Content-Length, and names a failed download', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/missing') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(stripeText) });
      res.end(stripeText);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const progress: ImportProgress[] = [];
      const text = await readSource({ url: `${base}/stripe.json` }, (p) => progress.push(p));
      expect(text.length).toBe(stripeText.length);
      expect(progress.length).toBeGreaterThan(2);
      expect(progress.at(-1)).toEqual({ phase: 'download', loaded: Buffer.byteLength(stripeText), total: Buffer.byteLength(stripeText) });
      await expect(readSource({ url: `${base}/missing` }, () => {})).rejects.toThrow(/answered 404/);
      server.close();
      server.closeAllConnections();
      await expect(readSource({ url: `${base}/gone` }, () => {})).rejects.toThrow(/Could not download 127\.0\.0\.1/);
      await expect(readSource({ url: 'file:///etc/passwd' }, () => {})).rejects.toThrow(/Only http/);
    } finally {
      server.close();
    }
  });

  it('reads a File by streaming and refuses one over 20 MB by its size', async () => {
    const progress: ImportProgress[] = [];
    expect(await readSource({ file: new File([githubText], 'github.json') }, (p) => progress.push(p))).toBe(githubText);
    expect(progress.at(-1)?.loaded).toBe(Buffer.byteLength(githubText));
    const big = new File([new Uint8Array(MAX_SPEC_BYTES + 1)], 'big.json');
    await expect(readSource({ file: big }, () => {})).rejects.toThrow(/up to 20 MB/);
  });
});
