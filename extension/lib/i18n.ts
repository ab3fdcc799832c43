/**
 * The one i18n layer: every user-facing string goes through `t`. English is the source; more
 * languages are added as message tables with the same keys.
 */
const en = {
  appName: 'AI-HTTP for n8n',
  popupSiteEnabled: 'AI-HTTP is enabled on {site}.',
  popupSiteDisabled: 'AI-HTTP is not enabled on {site}.',
  popupNotAWebPage: 'Open an n8n page to enable AI-HTTP there.',
  popupEnable: 'Enable on this site',
  popupDisable: 'Disable on this site',
  popupPermissionDenied: 'The browser did not grant access to {site}. Click "Enable on this site" again and choose Allow.',
  statusMounted: 'The n8n overlay is active on this page.',
  statusNotN8n: 'This page is not an n8n editor.',
  statusIdle: 'Open a workflow to see the overlay.',
  optionsTitle: 'AI-HTTP settings',
  optionsSites: 'Sites where AI-HTTP runs',
  optionsNoSites: 'No site yet. Open your n8n and click "Enable on this site" in the toolbar popup.',
  optionsRemove: 'Remove',
  builderTitle: 'Request builder',
  builderTabCurl: 'cURL',
  builderTabTemplates: 'Templates',
  builderTabOpenApi: 'OpenAPI',
  builderCurlLabel: 'Paste a cURL command (from API docs, Postman or "Copy as cURL")',
  builderConvert: 'Make an HTTP Request node',
  builderTemplateSearch: 'Search templates, e.g. "send a slack message"',
  builderUseTemplate: 'Use',
  builderOpenApiLabel: 'Paste an OpenAPI document (JSON or YAML)',
  builderOpenApiLoad: 'Read operations',
  builderOpenApiLoaded: '{title}: {count} operations',
  builderOperationSearch: 'Search operations, e.g. "create a customer"',
  builderWorking: 'Working…',
  builderNodeReady: 'HTTP Request node ready',
  builderCopyNode: 'Copy node (paste it on the n8n canvas)',
  builderCopyCurl: 'Copy as cURL',
  builderCopied: 'Copied.',
  builderWarnings: 'Check before you run it',
  builderNothingFound: 'Nothing matches. Try other words.',
  panelTitle: 'Executions',
  panelToggle: 'Show or hide the AI-HTTP panel (Alt+Shift+H)',
  panelLoading: 'Reading this workflow’s executions…',
  panelEmpty: 'No executions yet. Run the workflow or call its production webhook; they appear here within seconds.',
  panelUnauthorized: 'n8n refused to share the executions. Sign in to n8n again in this tab, or add this instance with an API key in the AI-HTTP options.',
  panelUnreachable: 'n8n does not answer right now. The list updates again as soon as it does.',
  panelFailed: 'Reading the executions failed: {message}',
  panelFailingNode: 'Failing node',
  panelWhatHappened: 'What happened',
  panelHowToFix: 'How to fix it',
  panelInputItems: 'Items it received ({shown} of {total})',
  panelNoItems: 'No input items: {reason}',
  panelTimeline: 'Timeline',
  panelOpenInN8n: 'Open in n8n',
  panelRetry: 'Retry',
  panelRetried: 'Retried: execution {id}.',
  panelCopyCurl: 'Copy as cURL',
  panelCopied: 'Copied.',
  panelSucceeded: 'This execution succeeded.',
  itemsTooLarge: 'n8n did not store them (too large to display).',
  itemsRedacted: 'n8n redacted them.',
  itemsNotRecorded: 'n8n did not save execution data for this run.',
} as const;

export type MessageKey = keyof typeof en;
const tables: Record<string, Partial<Record<MessageKey, string>>> = { en };

export type Translate = (key: MessageKey, values?: Record<string, string>) => string;

/** A translator for one language; unknown languages and missing keys fall back to English. */
export function translator(language: string): Translate {
  const table = tables[language.split('-')[0] ?? 'en'] ?? en;
  return (key, values = {}) => (table[key] ?? en[key]).replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`);
}

/** The translator for the browser's UI language. */
export const t: Translate = translator(globalThis.navigator?.language ?? 'en');
