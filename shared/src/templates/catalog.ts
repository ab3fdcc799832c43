import { BUILTIN_TEMPLATES } from './builtin.ts';
import { templateSchema, type Template } from './schema.ts';

/** The built-in templates, validated. */
export function builtinTemplates(): Template[] {
  return BUILTIN_TEMPLATES.map((input) => templateSchema.parse(input));
}
