import { AppError } from '@ai-http/shared/errors';
import { createN8nClient, type N8nClient } from '@ai-http/shared/n8n/client';
import type { Services } from '../../services.ts';
import type { InstanceEntity } from './entity.ts';

/** The n8n client for a stored instance: its key decrypted, its connections under the outbound policy. */
export async function n8nClientFor({ secretBox, n8nFetch }: Pick<Services, 'secretBox' | 'n8nFetch'>, row: Pick<InstanceEntity, 'url' | 'apiKeyCiphertext' | 'apiKeyKeyId'>, options: { timeoutMs: number; retries: number }): Promise<N8nClient> {
  return createN8nClient({ baseUrl: row.url, apiKey: await secretBox.decrypt(row.apiKeyCiphertext, row.apiKeyKeyId), fetch: n8nFetch, ...options });
}

/**
 * What an instance's `lastError` says about a failure. Every way of not reaching n8n (refused by
 * the address policy, connection refused, reset, not HTTP, a timeout) reads the same, so the
 * field cannot tell an open port from a closed one or a refused address; the cause goes to the
 * log. Answers that came from an HTTP server keep their own code (wrong key, not n8n).
 */
export function reachProblem(error: unknown, url: string): string {
  if (error instanceof AppError && error.code !== 'N8N_UNREACHABLE') return `${error.code}: ${error.message}`;
  return `N8N_UNREACHABLE: Could not reach n8n at ${url}. Check the address and that n8n is running; this server refuses link-local addresses, and loopback or private ones unless ALLOW_PRIVATE_N8N=true.`;
}
