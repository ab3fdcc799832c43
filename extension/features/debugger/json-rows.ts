// A JSON value as the rows of a tree: only what is expanded is walked, so a 10 MB execution
// whose items are collapsed costs as many rows as it has items. The tree UI virtualises them.

export interface JsonRow {
  /** The JSON path, `$`, `$[0]`, `$[0].body.rows[12]`: stable, and the row's key. */
  path: string;
  depth: number;
  /** The key or index in the parent (the root has none). */
  label: string;
  kind: 'object' | 'array' | 'value';
  /** For containers: how many children. */
  size: number;
  /** For values: the JSON text, cut at PREVIEW_CHARS. */
  preview: string;
  expanded: boolean;
}

export const PREVIEW_CHARS = 300;

const isContainer = (value: unknown): value is Record<string, unknown> | unknown[] => typeof value === 'object' && value !== null;

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

/** The rows on screen: every expanded container's children, depth first, in document order. */
export function visibleRows(root: unknown, expanded: ReadonlySet<string>): JsonRow[] {
  const rows: JsonRow[] = [];
  const stack: { value: unknown; path: string; depth: number; label: string }[] = [{ value: root, path: '$', depth: 0, label: '' }];
  while (stack.length) {
    const { value, path, depth, label } = stack.pop()!;
    if (!isContainer(value)) {
      rows.push({ path, depth, label, kind: 'value', size: 0, preview: preview(value), expanded: false });
      continue;
    }
    const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    const open = expanded.has(path);
    rows.push({ path, depth, label, kind: Array.isArray(value) ? 'array' : 'object', size: entries.length, preview: '', expanded: open });
    if (!open) continue;
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      stack.push({ value: child, path: Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`, depth: depth + 1, label: key });
    }
  }
  return rows;
}

/** What opens first: the list of items, and each item when there are few. */
export function initiallyExpanded(items: unknown[]): Set<string> {
  const open = new Set(['$']);
  if (items.length <= 20) items.forEach((_, i) => open.add(`$[${i}]`));
  return open;
}
