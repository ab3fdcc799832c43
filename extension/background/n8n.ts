import { createN8nClient, type N8nClient } from '@ai-http/shared/n8n/client';
import { normalizeBaseUrl } from '@ai-http/shared/url';
import type { AiHttpDatabase } from './db.ts';

/**
 * The n8n client for one instance, from the background: with the instance's API key when the user
 * added one, otherwise with the n8n session cookie (the granted host permission makes the request
 * same-site). Neither ever reaches the page.
 */
export async function n8nClientFor(db: AiHttpDatabase, n8nBase: string): Promise<N8nClient> {
  const instance = await db.instances.get(normalizeBaseUrl(n8nBase));
  return createN8nClient({ baseUrl: n8nBase, timeoutMs: 8_000, retries: 1, ...(instance?.apiKey ? { apiKey: instance.apiKey } : {}) });
}
