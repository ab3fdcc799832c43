// The extension's runtime worlds are kept apart by ESLint rules (eslint.config.js, worldRules):
// this checks that the rules catch each kind of crossing, and let the allowed imports through.
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: ROOT });

async function refused(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: resolve(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('extension worlds', () => {
  it('keeps background-only code out of the n8n tab: content/ and the features’ in-page code', async () => {
    expect(await refused('extension/content/probe.ts', "import { AiHttpDatabase } from '../background/db.ts';\nexport const x = AiHttpDatabase;")).toHaveLength(1);
    expect(await refused('extension/features/debugger/probe.ts', "import { registerDebuggerBackground } from './background/index.ts';\nexport const x = registerDebuggerBackground;")).toHaveLength(1);
    expect(await refused('extension/features/debugger/probe.ts', "import { rowFromDigest } from './protocol.ts';\nexport const x = rowFromDigest;")).toEqual([]);
  });

  it('keeps UI out of the background, and the lower layers below the upper ones', async () => {
    expect(await refused('extension/features/debugger/background/probe.ts', "import { DebuggerPanel } from '../panel.tsx';\nexport const x = DebuggerPanel;")).toHaveLength(1);
    expect(await refused('extension/background/probe.ts', "import { create } from 'zustand';\nexport const x = create;")).toHaveLength(1);
    expect(await refused('extension/common/probe.ts', "import { FEATURES } from '../features/registry.ts';\nexport const x = FEATURES;")).toHaveLength(1);
    expect(await refused('extension/pages/probe.ts', "import { runOverlay } from '../content/overlay.ts';\nexport const x = runOverlay;")).toHaveLength(1);
    expect(await refused('extension/pages/probe.ts', "import { syncOverlayRegistration } from '../background/site-access.ts';\nexport const x = syncOverlayRegistration;")).toEqual([]);
    expect(await refused('extension/design/probe.ts', "import { t } from '../common/i18n.ts';\nimport { FEATURES } from '../features/registry.ts';\nexport const x = [t, FEATURES];")).toHaveLength(1);
  });
});
