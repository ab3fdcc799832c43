import { z } from 'zod';

/**
 * A stored or sent shape with a literal `v` field and an `up()` from each version to the next.
 * `parse()` accepts any known version and returns the latest, so old rows in Dexie or Postgres
 * and old clients keep working after the shape changes.
 *
 * ```ts
 * const thing = versioned('thing', [thingV1, thingV2], [(v1) => ({ ...v1, v: 2, extra: 0 })]);
 * thing.parse({ v: 1, ... }) // → a v2 object
 * ```
 */
export interface Versioned<Latest> {
  readonly name: string;
  readonly latest: number;
  /** The latest version's schema: what is written and sent. */
  readonly schema: z.ZodType<Latest>;
  /**
   * For a field of another shape (a template's request, an event's digest): accepts any known
   * version and gives the latest, so the outer shape never binds to one version of the inner.
   */
  readonly field: z.ZodType<Latest>;
  parse(input: unknown): Latest;
  safeParse(input: unknown): { success: true; data: Latest } | { success: false; error: z.ZodError };
}

type AnyObjectSchema = z.ZodObject<{ v: z.ZodLiteral<number> } & z.ZodRawShape>;

export function versioned<const Schemas extends readonly [AnyObjectSchema, ...AnyObjectSchema[]]>(
  name: string,
  schemas: Schemas,
  // up[i] turns version i+1 into version i+2; each step is typed by its author.
  up: readonly ((previous: never) => unknown)[] = [],
): Versioned<z.output<Schemas[LastIndex<Schemas>]>> {
  if (up.length !== schemas.length - 1) throw new Error(`${name}: need ${schemas.length - 1} up() steps, got ${up.length}`);
  const latestSchema = schemas[schemas.length - 1] as unknown as z.ZodType<z.output<Schemas[LastIndex<Schemas>]>>;
  // Built once: a schema per call made every parse pay for zod's schema construction.
  const versionSchema = z.object({ v: z.number().int().min(1).max(schemas.length) });
  const safeParse = (input: unknown) => {
    const version = versionSchema.safeParse(input);
    if (!version.success) {
      return { success: false as const, error: new z.ZodError([{ code: 'custom', path: ['v'], message: `${name}: unknown version (known: 1 to ${schemas.length})`, input }]) };
    }
    let value: unknown = input;
    for (let v = version.data.v; v <= schemas.length; v++) {
      const parsed = schemas[v - 1]!.safeParse(value);
      if (!parsed.success) return { success: false as const, error: parsed.error };
      value = v < schemas.length ? (up[v - 1] as (previous: unknown) => unknown)(parsed.data) : parsed.data;
    }
    return { success: true as const, data: value as z.output<Schemas[LastIndex<Schemas>]> };
  };
  // Each version's own schema reads the input (so JSON Schema and errors name the real fields), then
  // the up() steps from that version on run through safeParse.
  const anyVersion = schemas.length === 1 ? schemas[0] : z.discriminatedUnion('v', schemas as unknown as [AnyObjectSchema, AnyObjectSchema, ...AnyObjectSchema[]]);
  const field = (anyVersion as z.ZodType).transform((value, ctx) => {
    const result = safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) ctx.addIssue({ ...issue, code: 'custom', message: issue.message });
    return z.NEVER;
  }) as unknown as z.ZodType<z.output<Schemas[LastIndex<Schemas>]>>;
  return {
    name,
    latest: schemas.length,
    schema: latestSchema,
    field,
    safeParse,
    parse(input) {
      const result = safeParse(input);
      if (!result.success) throw result.error;
      return result.data;
    },
  };
}

type LastIndex<T extends readonly unknown[]> = T extends readonly [...infer Head, unknown] ? Head['length'] : never;
