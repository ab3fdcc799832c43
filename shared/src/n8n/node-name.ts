// Names a user would keep for an HTTP Request node: "Stripe: Create customer", not "HTTP Request6",
// nor "Creates a new customer object." as the API's docs phrase it.

/** "Stripe API" → "Stripe", "GitHub v3 REST API" → "GitHub". */
export function serviceName(title: string): string {
  const name = title
    .replace(/\b(REST|HTTP|Web|Public|Open)?\s*API(s)?\b/gi, ' ')
    .replace(/\bv\d+(\.\d+)*\b/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return name || title.trim();
}

const THIRD_PERSON: Record<string, string> = { creates: 'Create', returns: 'Get', retrieves: 'Get', gets: 'Get', fetches: 'Get', lists: 'List', updates: 'Update', deletes: 'Delete', removes: 'Remove', adds: 'Add', sends: 'Send', cancels: 'Cancel', searches: 'Search', uploads: 'Upload' };

/** "Creates a new customer object." → "Create customer"; "Get a repository" → "Get repository". */
export function actionName(summary: string): string {
  const words = summary
    .replace(/<[^>]+>/g, ' ')
    .trim()
    .replace(/[.!?:;,]+$/, '')
    .split(/\s+/)
    .filter(Boolean);
  if (!words.length) return '';
  const verb = THIRD_PERSON[words[0]!.toLowerCase()];
  if (verb) words[0] = verb;
  const kept = words.filter((word, index) => index === 0 || !/^(a|an|the|new|given|specified)$/i.test(word));
  if (kept.length > 2 && /^object$/i.test(kept.at(-1)!)) kept.pop();
  const name = kept.join(' ');
  return name.length > 60 ? `${name.slice(0, 59).replace(/\s+\S*$/, '')}…` : name;
}

/** The node's name from where the request came from; the request's host when there is nothing better. */
export function nodeName({ service, action, url }: { service?: string | undefined; action?: string | undefined; url: string }): string {
  const what = action ? actionName(action) : '';
  const who = service?.trim() || hostOf(url);
  if (who && what) return `${who}: ${what}`;
  return what || (who ? `${who}: HTTP Request` : 'HTTP Request');
}

function hostOf(url: string): string {
  try {
    return new URL(url.replace(/\{\{[^}]*\}\}/g, 'x')).hostname.replace(/^(api|www)\./, '');
  } catch {
    return '';
  }
}
