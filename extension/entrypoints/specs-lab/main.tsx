// A test-only extension page (unlisted, linked from nowhere): the specs panel alone, for the
// import benchmark and the end-to-end test until the builder mounts it. `?on-page` runs the import
// on the page's own thread instead of the worker: the benchmark's same-run baseline.
import '../../common/zod-jitless.ts';
import { useState } from 'react';
import { createInProcessSpecsClient } from '../../features/request-builder/specs/client.ts';
import { SpecsPanel, type PickedOperation } from '../../features/request-builder/specs/specs-panel.tsx';
import { mountPage } from '../../pages/mount.tsx';

// Long tasks since the page opened, for the benchmark (Chromium reports them; Firefox does not).
const longTasks: number[] = [];
(window as unknown as { __longTasks: number[] }).__longTasks = longTasks;
if (PerformanceObserver.supportedEntryTypes.includes('longtask')) {
  new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((entry) => entry.duration))).observe({ type: 'longtask', buffered: true });
}

const onPage = new URLSearchParams(location.search).has('on-page');

function SpecsLab() {
  const [picked, setPicked] = useState<PickedOperation | null>(null);
  const [client] = useState(() => (onPage ? createInProcessSpecsClient() : undefined));
  return (
    <main style={{ padding: 'var(--ah-space-3)', maxInlineSize: '40rem' }}>
      <SpecsPanel onPick={setPicked} {...(client ? { client } : {})} />
      {picked && <pre data-testid="spec-picked">{JSON.stringify(picked, null, 2)}</pre>}
    </main>
  );
}

mountPage(<SpecsLab />);
