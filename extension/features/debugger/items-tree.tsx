// The input items of an execution as a virtualised JSON tree: only the rows in view are in the
// DOM, so an execution of any size opens at once. Loaded into the n8n tab on demand
// (entrypoints/items-tree.ts), never part of the overlay's content script.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import { initiallyExpanded, visibleRows, type JsonRow } from './json-rows.ts';

export const ROW_HEIGHT = 20;

export function ItemsTree({ items, label }: { items: unknown[]; label: string }) {
  const [expanded, setExpanded] = useState(() => initiallyExpanded(items));
  const rows = useMemo(() => visibleRows(items, expanded), [items, expanded]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });
  const toggle = (row: JsonRow) =>
    setExpanded((open) => {
      const next = new Set(open);
      if (next.has(row.path)) next.delete(row.path);
      else next.add(row.path);
      return next;
    });

  return (
    <div ref={scroller} className="items-tree ah-ltr" data-testid="items-tree" data-rows={rows.length} role="tree" aria-label={label}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index]!;
          const container = row.kind !== 'value';
          return (
            <div
              key={row.path}
              role="treeitem"
              aria-level={row.depth + 1}
              aria-expanded={container ? row.expanded : undefined}
              data-path={row.path}
              className={`row ${row.kind}`}
              style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT, paddingInlineStart: 8 + row.depth * 14 }}
              onClick={container ? () => toggle(row) : undefined}
            >
              {container && <span className="twisty">{row.expanded ? '▾' : '▸'}</span>}
              {row.label && <span className="key">{row.label}: </span>}
              {container ? <span className="size">{row.kind === 'array' ? `[${row.size}]` : `{${row.size}}`}</span> : <span className="value">{row.preview}</span>}
            </div>
          );
        })}
      </div>
    </div>
  );
}
