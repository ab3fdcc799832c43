import { z } from 'zod';
import { requestSpecV1Schema, type RequestSpec } from '../request/spec.ts';
import { versioned } from '../versioned.ts';

/**
 * A request template: a RequestSpec with `{{placeholders}}` for what the user fills in, plus
 * where it comes from. Built-in templates ship in `builtin.ts`; users' own are stored and synced
 * in the same shape, so it is versioned.
 */
export const templateV1Schema = z.object({
  v: z.literal(1),
  id: z.string().regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, 'ids are lower-case words joined by . or -'),
  service: z.string().min(1),
  name: z.string().min(1),
  description: z.string().min(1),
  tags: z.array(z.string()).default([]),
  docsUrl: z.url({ protocol: /^https$/ }),
  request: requestSpecV1Schema,
});

export const templateSchema = versioned('Template', [templateV1Schema]);
export type Template = z.output<typeof templateV1Schema>;
export type TemplateInput = z.input<typeof templateV1Schema>;

const PLACEHOLDER = /\{\{\s*([\w.-]+)\s*\}\}/g;

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
  return { request: requestSpecV1Schema.parse(request), missing: [...missing] };
}
