// The builder as a page of its own: opened full-tab from the popup ("Open in a tab") for large
// work, and framed by the overlay's Builder tab on n8n pages (`?embedded=1&n8nBase=…&theme=…`),
// where it stays in the extension's origin: nothing typed here is readable by the n8n page.
import type { Theme } from '../../design/index.ts';
import { t } from '../../common/i18n.ts';
import { RequestBuilder } from '../../features/request-builder/builder.tsx';
import './builder-page.css';

export interface BuilderPageOptions {
  embedded: boolean;
  n8nBase: string | undefined;
  theme: Theme | undefined;
}

export function builderPageOptions(search: string): BuilderPageOptions {
  const params = new URLSearchParams(search);
  const theme = params.get('theme');
  const n8nBase = params.get('n8nBase');
  return {
    embedded: params.get('embedded') === '1',
    n8nBase: n8nBase && /^https?:\/\//.test(n8nBase) ? n8nBase : undefined,
    theme: theme === 'dark' || theme === 'light' ? theme : undefined,
  };
}

export function BuilderPage({ embedded, n8nBase }: BuilderPageOptions) {
  return (
    <main className="builder-page" data-embedded={embedded || undefined}>
      {!embedded && (
        <header className="builder-page-header">
          <span className="ah-mark" aria-hidden="true">
            AI
          </span>
          <h1>{t('builderTitle')}</h1>
        </header>
      )}
      <RequestBuilder place={embedded ? 'overlay' : 'tab'} n8nBase={n8nBase} />
    </main>
  );
}
