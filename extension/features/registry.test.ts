// Every overlay feature folder is registered under its own name, and keeps the single contract.
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { n8nBaseOf } from '../content/overlay.ts';
import { FEATURES } from './registry.ts';

const FEATURE_DIR = import.meta.dirname;

describe('overlay features', () => {
  it('registers every features/<id>/index.ts exactly once, under its folder name', async () => {
    const folders = readdirSync(FEATURE_DIR, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(resolve(FEATURE_DIR, d.name, 'index.ts')));
    expect(folders.length).toBeGreaterThan(0);
    for (const folder of folders) {
      const module = (await import(resolve(FEATURE_DIR, folder.name, 'index.ts'))) as Record<string, unknown>;
      const exported = Object.values(module).filter((value) => FEATURES.includes(value as never));
      expect(exported, `features/${folder.name}/index.ts exports a registered feature`).toHaveLength(1);
      expect((exported[0] as { id: string }).id).toBe(folder.name);
    }
    expect(new Set(FEATURES.map((f) => f.id)).size).toBe(FEATURES.length);
    expect(FEATURES).toHaveLength(folders.length);
  });

  it('each feature says where it applies: the debugger only on a workflow', () => {
    const debuggerFeature = FEATURES.find((f) => f.id === 'debugger')!;
    expect(debuggerFeature.include({ pathname: '/workflow/abc123' })).toBe(true);
    expect(debuggerFeature.include({ pathname: '/home/workflows' })).toBe(false);
  });

  it('finds n8n under a base path', () => {
    expect(n8nBaseOf({ origin: 'https://x.test', pathname: '/workflow/1' })).toBe('https://x.test');
    expect(n8nBaseOf({ origin: 'https://x.test', pathname: '/n8n/workflow/1' })).toBe('https://x.test/n8n');
  });
});
