/**
 * Base URLs (an n8n instance, the AI-HTTP server) are compared and joined without their trailing
 * slashes: `https://n8n.example.com/` and `https://n8n.example.com` are the same instance.
 */
export function normalizeBaseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

/** `https://host/base` → `wss://host/base` (and http → ws). */
export function toWebSocketUrl(baseUrl: string, path: string): string {
  return `${normalizeBaseUrl(baseUrl).replace(/^http/, 'ws')}${path}`;
}
