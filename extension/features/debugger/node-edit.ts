// A fix the model proposes as a change of one node parameter (`url`, `options.timeout`,
// `headerParameters.parameters[0].value`), applied to a copy of the node's parameters. Pure: the
// background reads the node from n8n's editor, calls this, and writes the result back.

/** Path segments that would reach an object's prototype instead of a parameter. */
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

export type ParameterPath = (string | number)[];

/** `a.b[0].c` → ['a', 'b', 0, 'c']; null for a path that is empty, malformed or reaches a prototype. */
export function parseParameterPath(path: string): ParameterPath | null {
  const out: ParameterPath = [];
  for (const part of path.trim().split('.')) {
    const match = /^([A-Za-z_$][\w$-]*)((?:\[\d{1,4}\])*)$/.exec(part);
    if (!match) return null;
    out.push(match[1]!);
    for (const index of match[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(index[1]));
  }
  return out.some((segment) => typeof segment === 'string' && FORBIDDEN.has(segment)) ? null : out;
}

/** Whether `value` can be a parameter's value (what n8n's JSON holds). */
function isJsonValue(value: unknown): boolean {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return typeof value !== 'number' || Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonValue);
  if (typeof value === 'object') return Object.entries(value as object).every(([key, item]) => !FORBIDDEN.has(key) && isJsonValue(item));
  return false;
}

/**
 * The parameters with `path` set to `value` (missing objects and arrays on the way are made);
 * the input is not changed. Throws with a plain reason when the edit cannot be applied.
 */
export function setNodeParameter(parameters: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  // The model sees the node as { name, type, parameters }, so it may name `parameters.url` for `url`.
  const segments = parseParameterPath(path);
  if (segments?.[0] === 'parameters' && segments.length > 1 && !('parameters' in parameters)) segments.shift();
  if (!segments) throw new Error(`"${path}" is not a parameter of this node.`);
  if (!isJsonValue(value)) throw new Error(`The new value of "${path}" is not a value n8n can hold.`);
  const copy = structuredClone(parameters);
  let at: Record<string | number, unknown> = copy;
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (last) {
      at[segment] = structuredClone(value);
      return;
    }
    const next = at[segment];
    const wantArray = typeof segments[i + 1] === 'number';
    if (next === undefined || next === null) at[segment] = wantArray ? [] : {};
    else if (typeof next !== 'object' || Array.isArray(next) !== wantArray) throw new Error(`"${path}" does not fit the node's parameters (${segments.slice(0, i + 1).join('.')} is not ${wantArray ? 'a list' : 'an object'}).`);
    at = at[segment] as Record<string | number, unknown>;
  });
  return copy;
}

/** The value at `path`, or undefined (what the fix changes from, shown next to the new value). */
export function getNodeParameter(parameters: Record<string, unknown>, path: string): unknown {
  const segments = parseParameterPath(path);
  let at: unknown = parameters;
  for (const segment of segments ?? []) at = at && typeof at === 'object' ? (at as Record<string | number, unknown>)[segment] : undefined;
  return segments ? at : undefined;
}
