import { isSecretHeader, isSecretParameter, isSecretQuery } from '../request/secrets.ts';

/**
 * Where the secrets sit in a synced record's fields: the strings a store encrypts at rest and
 * opens again on the way out. Pure: the caller passes the transform (the server's SecretBox).
 *
 * In a saved request or a history entry's `request`: every value of its auth (password, token, API
 * key), the values of headers and query rows whose names carry a credential (Authorization,
 * X-Api-Key, ?api_key=…), form and multipart text fields with a secret-looking name, a proxy address
 * (it may hold a password) and the user name and password in the URL. A transform that seals must
 * not write `/`, `?`, `#` or `@` (the sealed URL part is found again by them). In a saved request's
 * `values`, those whose name looks like a secret. Nothing else is touched, so names, URLs, tags
 * and the rest of the request stay readable to the server (its REST lists, search).
 */
export async function mapSecretFields(entity: string, fields: Record<string, unknown>, transform: (value: string) => Promise<string>): Promise<Record<string, unknown>> {
  if (entity !== 'savedRequest' && entity !== 'history') return fields;
  const next = { ...fields };
  if (isObject(fields.request)) next.request = await mapRequest(fields.request, transform);
  if (isObject(fields.values)) {
    const values: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(fields.values)) values[name] = typeof value === 'string' && isSecretParameter(name) ? await transform(value) : value;
    next.values = values;
  }
  return next;
}

async function mapRequest(request: Record<string, unknown>, transform: (value: string) => Promise<string>): Promise<Record<string, unknown>> {
  const next = { ...request };
  // Only the user name and password of a URL: its host and path stay readable.
  const userinfo = typeof request.url === 'string' ? /^([a-z][\w+.-]*:\/\/)([^/?#@]*)@/i.exec(request.url) : null;
  if (userinfo) next.url = `${userinfo[1]}${await transform(userinfo[2]!)}@${(request.url as string).slice(userinfo[0].length)}`;
  if (isObject(request.auth)) {
    const auth: Record<string, unknown> = { ...request.auth };
    for (const key of ['password', 'token', 'value'] as const) if (typeof auth[key] === 'string') auth[key] = await transform(auth[key]);
    next.auth = auth;
  }
  next.headers = await mapRows(request.headers, isSecretHeader, transform);
  next.query = await mapRows(request.query, isSecretQuery, transform);
  if (isObject(request.body)) {
    const body = { ...request.body };
    if (body.mode === 'form') body.fields = await mapRows(body.fields, isSecretParameter, transform);
    if (body.mode === 'multipart') body.parts = await mapRows(body.parts, isSecretParameter, transform);
    next.body = body;
  }
  if (isObject(request.options) && typeof request.options.proxy === 'string') next.options = { ...request.options, proxy: await transform(request.options.proxy) };
  return next;
}

async function mapRows(rows: unknown, secret: (name: string) => boolean, transform: (value: string) => Promise<string>): Promise<unknown> {
  if (!Array.isArray(rows)) return rows;
  const next: unknown[] = [];
  for (const row of rows) {
    if (isObject(row) && typeof row.name === 'string' && typeof row.value === 'string' && (secret(row.name) || isSecretParameter(row.name))) next.push({ ...row, value: await transform(row.value) });
    else next.push(row);
  }
  return next;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
