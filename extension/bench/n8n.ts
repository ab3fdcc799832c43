// The n8n a browser benchmark runs against: N8N_TEST_* when set, otherwise one started (and
// installed, cached by version) for this run.
import type { N8nUnderTest } from '../../tests/support/n8n.ts';

export async function benchN8n(): Promise<N8nUnderTest & { stop?: () => Promise<void> }> {
  const { N8N_TEST_URL: url, N8N_TEST_API_KEY: apiKey, N8N_TEST_EMAIL: email, N8N_TEST_PASSWORD: password } = process.env;
  if (url && apiKey && email && password) return { url, apiKey, email, password };
  // @ts-expect-error: a plain .mjs module from the repo's scripts, without type declarations
  const lib = (await import('../../scripts/lib/n8n.mjs')) as { ensureN8n(): void; startN8n(): Promise<{ url: string; apiKey: string; owner: { email: string; password: string }; stop(): Promise<void> }> };
  lib.ensureN8n();
  const started = await lib.startN8n();
  return { url: started.url, apiKey: started.apiKey, email: started.owner.email, password: started.owner.password, stop: started.stop };
}
