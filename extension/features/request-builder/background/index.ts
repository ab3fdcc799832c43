// The builder's background half: it sends requests for the popup, the builder page and the
// overlay, with the host permission the user granted for the API's site, and cancels them.
import { browser } from 'wxt/browser';
import { attempt } from '../../../background/result.ts';
import { sitePattern } from '../../../background/site-access.ts';
import { onBuilderMessage } from '../protocol.ts';
import { send, SendError } from './send.ts';

/** How long a network error report is kept for the failure that follows it. */
const REPORT_MS = 30_000;

export function registerBuilderBackground(): () => void {
  const inFlight = new Map<string, AbortController>();
  // The browser names a failed request's cause (refused, DNS, TLS) only to webRequest listeners.
  const reports = new Map<string, { error: string; at: number }>();
  const onError = (details: { url: string; error: string }) => {
    const now = Date.now();
    for (const [url, report] of reports) if (now - report.at > REPORT_MS) reports.delete(url);
    reports.set(details.url, { error: details.error, at: now });
  };
  browser.webRequest?.onErrorOccurred.addListener(onError, { urls: ['<all_urls>'] });

  const removers = [
    onBuilderMessage('sendRequest', ({ data }) =>
      attempt(async () => {
        const pattern = sitePattern(data.request.url);
        if (!(await browser.permissions.contains({ origins: [pattern] }))) throw new SendError('permission', pattern);
        const controller = new AbortController();
        inFlight.get(data.id)?.abort();
        inFlight.set(data.id, controller);
        try {
          return await send(data.request, { signal: controller.signal, timeoutMs: data.timeoutMs, networkError: (url) => reports.get(url)?.error });
        } finally {
          if (inFlight.get(data.id) === controller) inFlight.delete(data.id);
        }
      }),
    ),
    onBuilderMessage('cancelRequest', ({ data }) =>
      attempt(async () => {
        const controller = inFlight.get(data.id);
        controller?.abort();
        return { canceled: controller !== undefined };
      }),
    ),
  ];
  return () => {
    browser.webRequest?.onErrorOccurred.removeListener(onError);
    removers.forEach((remove) => remove());
  };
}
