// Every overlay feature file is registered, and each one keeps the single contract.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEATURES } from '../../features/registry.ts';
import { n8nBaseOf } from '../../lib/overlay.ts';

const FEATURE_DIR = resolve(import.meta.dirname, '../../features');
const NOT_FEATURES = new Set(['registry.ts', 'feature.ts']);

describe('overlay features', () => {
  it('registers every file in features/ exactly once', async () => {
    const files = readdirSync(FEATURE_DIR).filter((f) => /\.tsx?$/.test(f) && !NOT_FEATURES.has(f));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const module = (await import(resolve(FEATURE_DIR, file))) as Record<string, unknown>;
      const exported = Object.values(module).filter((value) => FEATURES.includes(value as never));
      expect(exported, `${file} exports a registered feature`).toHaveLength(1);
    }
    expect(new Set(FEATURES.map((f) => f.id)).size).toBe(FEATURES.length);
    expect(FEATURES).toHaveLength(files.length);
  });

  it('each feature says where it applies: the debugger only on a workflow', () => {
    const debuggerPanel = FEATURES.find((f) => f.id === 'debugger-panel')!;
    expect(debuggerPanel.appliesTo({ pathname: '/workflow/abc123' })).toBe(true);
    expect(debuggerPanel.appliesTo({ pathname: '/home/workflows' })).toBe(false);
  });

  it('finds n8n under a base path', () => {
    expect(n8nBaseOf({ origin: 'https://x.test', pathname: '/workflow/1' })).toBe('https://x.test');
    expect(n8nBaseOf({ origin: 'https://x.test', pathname: '/n8n/workflow/1' })).toBe('https://x.test/n8n');
  });
});
