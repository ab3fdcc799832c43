import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../src/errors.ts';
import { buildCatalog, type OpenApiCatalog } from '../src/openapi/catalog.ts';
import { loadOpenApi, type OpenApiDocument } from '../src/openapi/document.ts';
import { operationToRequest, resolveOperation } from '../src/openapi/operation.ts';

const fixture = (file: string) => readFileSync(resolve(import.meta.dirname, '../../../shared/fixtures/openapi', file), 'utf8');
const load = (text: string): [OpenApiDocument, OpenApiCatalog] => {
  const doc = loadOpenApi(text);
  return [doc, buildCatalog(doc)];
};
const op = (catalog: OpenApiCatalog, id: string) => {
  const found = catalog.operations.find((o) => o.operationId === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
};
const pointerOf = (text: string) => {
  try {
    buildCatalog(loadOpenApi(text));
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('OPENAPI_INVALID');
    return { message: (error as AppError).message, pointer: ((error as AppError).details as { pointer: string }).pointer };
  }
  throw new Error('loaded');
};

const PETSTORE_YAML = `
openapi: 3.0.3
info: {title: Pets, version: "1"}
servers: [{url: "https://{region}.pets.example.com/v1", variables: {region: {default: eu}}}]
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Pet-Key}
  schemas:
    Pet:
      type: object
      required: [name, kind]
      properties:
        name: {type: string, example: Rex}
        kind: {type: string, enum: [dog, cat]}
        age: {type: integer}
        parent: {$ref: "#/components/schemas/Pet"}
security: [{key: []}]
paths:
  /pets/{petId}:
    parameters: [{name: petId, in: path, required: true, schema: {type: integer}}]
    put:
      operationId: updatePet
      summary: Update a pet
      tags: [pets]
      parameters: [{name: dryRun, in: query, schema: {type: boolean, default: false}}, {name: X-Trace, in: header, required: true, schema: {type: string}}]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}
      responses: {"200": {description: ok}}
`;

const SWAGGER_2 = JSON.stringify({
  swagger: '2.0',
  info: { title: 'Old', version: '1' },
  host: 'api.old.example.com',
  basePath: '/v2',
  schemes: ['https'],
  securityDefinitions: { basic: { type: 'basic' } },
  security: [{ basic: [] }],
  paths: { '/things': { post: { operationId: 'createThing', summary: 'Create a thing', consumes: ['application/json'], parameters: [{ in: 'body', name: 'body', schema: { type: 'object', required: ['label'], properties: { label: { type: 'string', example: 'a' } } } }], responses: { 200: { description: 'ok' } } } } },
});

describe('OpenAPI import', () => {
  it('catalogs Stripe (3.0, JSON) and GitHub without dereferencing them', () => {
    const [, stripe] = load(fixture('stripe-2022-04-12.json'));
    const [, github] = load(fixture('github-2020-08-30.json'));
    expect(stripe.operations).toHaveLength(417);
    expect(github.operations).toHaveLength(623);
    expect(op(stripe, 'PostCustomers')).toMatchObject({ method: 'POST', path: '/v1/customers', summary: 'Creates a new customer object.', requestBodyTypes: ['application/x-www-form-urlencoded'], servers: ['https://api.stripe.com/'], pointer: '/paths/~1v1~1customers/post' });
    expect(op(stripe, 'PostCustomers').security).toEqual([['basicAuth'], ['bearerAuth']]);
    expect(op(github, 'issues/update')).toMatchObject({ method: 'PATCH', path: '/repos/{owner}/{repo}/issues/{issue_number}', tags: ['issues'] });
    expect(op(github, 'issues/update').parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['path:owner', 'path:repo', 'path:issue_number']);
  });

  it('reads YAML 3.0, merges path-level parameters, and fills a request from examples, defaults and the schema', () => {
    const [doc, catalog] = load(PETSTORE_YAML);
    const resolved = resolveOperation(doc, op(catalog, 'updatePet'));
    const request = operationToRequest(resolved, { values: { petId: '7', 'X-Trace': 't1', age: '3' } });
    expect(request).toMatchObject({ method: 'PUT', url: 'https://eu.pets.example.com/v1/pets/7', headers: [{ name: 'X-Trace', value: 't1' }], auth: { type: 'apiKeyHeader', name: 'X-Pet-Key', value: '{{apiKey}}' } });
    expect(JSON.parse((request.body as { text: string }).text)).toEqual({ name: 'Rex', kind: 'dog', age: 3 });
    expect(request.query).toEqual([]);
  });

  it('is safe on recursive schemas: a circular reference stays a marked $ref', () => {
    const [doc, catalog] = load(PETSTORE_YAML);
    const { definition } = resolveOperation(doc, op(catalog, 'updatePet'));
    const schema = (definition.requestBody as { content: { 'application/json': { schema: { properties: { parent: unknown } } } } }).content['application/json'].schema;
    expect(schema.properties.parent).toEqual({ $ref: '#/components/schemas/Pet', $circular: true });
    expect(() => JSON.stringify(definition)).not.toThrow();
  });

  it('upgrades Swagger 2.0 and maps its security', () => {
    const [doc, catalog] = load(SWAGGER_2);
    expect(doc.sourceVersion).toBe('2.0');
    const request = operationToRequest(resolveOperation(doc, op(catalog, 'createThing')));
    expect(request).toMatchObject({ method: 'POST', url: 'https://api.old.example.com/v2/things', auth: { type: 'basic' }, body: { mode: 'json' } });
    expect(JSON.parse((request.body as { text: string }).text)).toEqual({ label: 'a' });
  });

  it('fills Stripe "create a customer" as a form with basic auth, and GitHub "update an issue" as JSON with bearer', () => {
    const [stripeDoc, stripe] = load(fixture('stripe-2022-04-12.json'));
    const customer = operationToRequest(resolveOperation(stripeDoc, op(stripe, 'PostCustomers')), { values: { email: 'ada@example.com' } });
    expect(customer).toMatchObject({ method: 'POST', url: 'https://api.stripe.com/v1/customers', auth: { type: 'basic' }, body: { mode: 'form' } });
    // Nothing in it is required: the properties people fill most are offered, the given value kept.
    const fields = (customer.body as { fields: { name: string; value: string }[] }).fields;
    expect(fields.slice(0, 3)).toEqual([{ name: 'email', value: 'ada@example.com' }, { name: 'name', value: '{{name}}' }, { name: 'description', value: '{{description}}' }]);
    expect(fields.length).toBeLessThanOrEqual(5);
    const [githubDoc, github] = load(fixture('github-2020-08-30.json'));
    const issue = operationToRequest(resolveOperation(githubDoc, op(github, 'issues/update')), { values: { owner: 'n8n-io', repo: 'n8n', issue_number: '42', state: 'closed' } });
    expect(issue).toMatchObject({ method: 'PATCH', url: 'https://api.github.com/repos/n8n-io/n8n/issues/42' });
    expect(JSON.parse((issue.body as { text: string }).text)).toMatchObject({ state: 'closed' });
  });

  it('leaves a {{placeholder}} for a path parameter it cannot fill', () => {
    const [doc, catalog] = load(fixture('github-2020-08-30.json'));
    const request = operationToRequest(resolveOperation(doc, op(catalog, 'issues/get')));
    expect(request.url).toBe('https://api.github.com/repos/{{owner}}/{{repo}}/issues/{{issue_number}}');
  });

  it.each([
    ['not JSON', '{"openapi": "3.0.0", ', '/', /not valid JSON/],
    ['no version', JSON.stringify({ info: {}, paths: {} }), '/openapi', /missing version/],
    ['an unsupported version', JSON.stringify({ openapi: '4.0.0', paths: {} }), '/openapi', /Unsupported/],
    ['no paths', JSON.stringify({ openapi: '3.1.0', info: {} }), '/paths', /no "paths"/],
    ['a dangling parameter $ref', JSON.stringify({ openapi: '3.1.0', info: {}, paths: { '/a/{id}': { get: { parameters: [{ $ref: '#/components/parameters/Missing' }] } } } }), '/paths/~1a~1{id}/get/parameters/0', /points nowhere/],
    ['an external $ref', JSON.stringify({ openapi: '3.1.0', info: {}, paths: { '/a': { $ref: 'other.yaml#/a' } } }), '/paths/~1a', /External reference/],
    ['YAML that is not an object', '- just\n- a list', '/', /object/],
  ])('refuses %s with OPENAPI_INVALID and a JSON pointer', (_name, text, pointer, message) => {
    const error = pointerOf(text);
    expect(error.pointer).toBe(pointer);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(`(at ${pointer})`);
  });
});
