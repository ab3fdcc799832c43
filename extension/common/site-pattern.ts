/**
 * The match pattern that grants one site. Match patterns cannot carry a port in Firefox, so a
 * grant covers every port of that host; the scheme is kept. Used where a site is granted: n8n
 * sites (background/site-access.ts) and the APIs the builder sends to.
 */
export function sitePattern(url: string): string {
  const { protocol, hostname } = new URL(url);
  if (protocol !== 'http:' && protocol !== 'https:') throw new Error(`AI-HTTP only runs on http and https pages, not ${protocol}`);
  return `${protocol}//${hostname}/*`;
}
