import { z } from 'zod';
import { requestSpec, type RequestSpec } from '../request/spec.ts';
import { PLACEHOLDER } from '../request/fields.ts';
import { versioned } from '../versioned.ts';

/**
 * A request template: a RequestSpec with `{{placeholders}}` for what the user fills in, plus
 * where it comes from. Built-in templates ship in `builtin.ts` (written as v1); users' own are
 * stored on the server, in Dexie and sent between them in the same shape, so it is versioned.
 */
const slug = z.string().regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, 'ids are lower-case words joined by . or -');

/** v1: the built-in templates as they ship, identified by a slug. */
export const templateV1Schema = z.object({
  v: z.literal(1),
  id: slug,
  service: z.string().min(1),
  name: z.string().min(1),
  description: z.string().min(1),
  tags: z.array(z.string()).default([]),
  docsUrl: z.url({ protocol: /^https$/ }),
  request: requestSpec.field,
});

/** v2: one shape for built-in and user templates (on the server, in Dexie, on the wire). */
export const templateV2Schema = z.object({
  v: z.literal(2),
  /** A built-in's slug where it ships; the server's row id once stored. */
  id: z.string().min(1).max(100),
  /** The slug a built-in ships under; null for a user's own template. */
  builtinId: slug.nullable(),
  /** Built-ins are public; a user's own template is private unless they share it. */
  isPublic: z.boolean(),
  service: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000),
  tags: z.array(z.string().max(50)).max(20),
  docsUrl: z.url({ protocol: /^https?$/ }).max(2000).nullable(),
  request: requestSpec.field,
  /** When it last changed (ISO 8601); null for a built-in as it ships. */
  updatedAt: z.iso.datetime({ offset: true }).nullable(),
});

export const templateSchema = versioned('Template', [templateV1Schema, templateV2Schema], [
  // Every v1 document is a built-in: it keeps its slug as its id and is public.
  (v1: z.output<typeof templateV1Schema>): z.input<typeof templateV2Schema> => ({ ...v1, v: 2, builtinId: v1.id, isPublic: true, updatedAt: null }),
]);
export type Template = z.output<typeof templateV2Schema>;
/** How built-ins are written in builtin.ts. */
export type BuiltinTemplateInput = z.input<typeof templateV1Schema>;

/** Every `{{name}}` a template's request uses, in order of first appearance. */
export function templatePlaceholders(template: Pick<Template, 'request'>): string[] {
  return [...new Set([...JSON.stringify(template.request).matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** Substitutes placeholders everywhere in the request; reports the ones left without a value. */
export function fillTemplate(template: Pick<Template, 'request'>, values: Record<string, string>): { request: RequestSpec; missing: string[] } {
  const missing = new Set<string>();
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') {
      return value.replace(PLACEHOLDER, (whole, name: string) => {
        if (values[name] !== undefined) return values[name];
        missing.add(name);
        return whole;
      });
    }
    if (Array.isArray(value)) return value.map(fill);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]));
    return value;
  };
  // JSON bodies hold text: a value is escaped so the body stays valid JSON.
  const request = fill(template.request) as RequestSpec;
  if (template.request.body.mode === 'json' && request.body.mode === 'json') {
    request.body = { mode: 'json', text: template.request.body.text.replace(PLACEHOLDER, (whole, name: string) => (values[name] !== undefined ? JSON.stringify(values[name]).slice(1, -1) : whole)) };
  }
  return { request: requestSpec.parse(request), missing: [...missing] };
}
