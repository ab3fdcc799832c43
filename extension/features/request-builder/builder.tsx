import { useState } from 'react';
import type { CatalogOperation } from '@ai-http/shared/openapi/catalog';
import type { Template } from '@ai-http/shared/templates/schema';
import { t } from '../../common/i18n.ts';
import { nodeFromCurl, nodeFromTemplate, openApiCatalog, searchTemplates, type BuiltNode } from './request-core.ts';

type Tab = 'curl' | 'templates' | 'openapi';
type Catalog = Awaited<ReturnType<typeof openApiCatalog>>;

/** The builder: cURL, a template or an OpenAPI operation → an HTTP Request node to paste into n8n. */
export function RequestBuilder() {
  const [tab, setTab] = useState<Tab>('curl');
  const [built, setBuilt] = useState<BuiltNode | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<BuiltNode | void>) => {
    setBusy(true);
    setError(null);
    try {
      const result = await work();
      if (result) setBuilt(result);
    } catch (caught) {
      setBuilt(null);
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="builder" aria-label={t('builderTitle')}>
      <h2>{t('builderTitle')}</h2>
      <div role="tablist">
        {(['curl', 'templates', 'openapi'] as const).map((id) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} data-testid={`tab-${id}`} onClick={() => setTab(id)}>
            {t(id === 'curl' ? 'builderTabCurl' : id === 'templates' ? 'builderTabTemplates' : 'builderTabOpenApi')}
          </button>
        ))}
      </div>
      {tab === 'curl' && <CurlTab run={run} />}
      {tab === 'templates' && <TemplatesTab run={run} setError={setError} />}
      {tab === 'openapi' && <OpenApiTab run={run} setError={setError} />}
      {busy && <p aria-live="polite">{t('builderWorking')}</p>}
      {error && (
        <p role="alert" data-testid="builder-error">
          {error}
        </p>
      )}
      {built && <BuiltNodeView built={built} />}
    </section>
  );
}

type Run = (work: () => Promise<BuiltNode | void>) => Promise<void>;

function CurlTab({ run }: { run: Run }) {
  const [text, setText] = useState('');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void run(() => nodeFromCurl(text));
      }}
    >
      <label>
        {t('builderCurlLabel')}
        <textarea data-testid="curl-input" rows={6} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
      </label>
      <button type="submit" data-testid="curl-convert">
        {t('builderConvert')}
      </button>
    </form>
  );
}

function TemplatesTab({ run, setError }: { run: Run; setError: (e: string | null) => void }) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Template[] | null>(null);
  const search = async (value: string) => {
    setQuery(value);
    try {
      setFound(await searchTemplates(value));
    } catch (caught) {
      setError((caught as Error).message);
    }
  };
  return (
    <div>
      <input data-testid="template-search" placeholder={t('builderTemplateSearch')} value={query} onChange={(e) => void search(e.target.value)} onFocus={() => found ?? void search(query)} />
      {found && !found.length && <p>{t('builderNothingFound')}</p>}
      <ul data-testid="template-results">
        {found?.map((template) => (
          <li key={template.id}>
            <strong>{template.service}</strong> {template.name}{' '}
            <button type="button" onClick={() => void run(() => nodeFromTemplate(template.request))}>
              {t('builderUseTemplate')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function OpenApiTab({ run, setError }: { run: Run; setError: (e: string | null) => void }) {
  const [text, setText] = useState('');
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [query, setQuery] = useState('');
  const [operations, setOperations] = useState<CatalogOperation[]>([]);
  return (
    <div>
      <label>
        {t('builderOpenApiLabel')}
        <textarea data-testid="openapi-input" rows={4} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
      </label>
      <button
        type="button"
        data-testid="openapi-load"
        onClick={() =>
          void run(async () => {
            const loaded = await openApiCatalog(text);
            setCatalog(loaded);
            setOperations(loaded.search(''));
          })
        }
      >
        {t('builderOpenApiLoad')}
      </button>
      {catalog && (
        <>
          <p data-testid="openapi-summary">{t('builderOpenApiLoaded', { title: catalog.title, count: String(catalog.count) })}</p>
          <input
            data-testid="operation-search"
            placeholder={t('builderOperationSearch')}
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setOperations(catalog.search(e.target.value));
            }}
          />
          <ul data-testid="operation-results">
            {operations.map((operation) => (
              <li key={operation.operationId}>
                <code>{operation.method}</code> {operation.path} {operation.summary}{' '}
                <button
                  type="button"
                  onClick={() => {
                    setError(null);
                    void run(() => catalog.toNode(operation.operationId));
                  }}
                >
                  {t('builderUseTemplate')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function BuiltNodeView({ built }: { built: BuiltNode }) {
  const [copied, setCopied] = useState(false);
  const copy = async (text: string) => {
    await navigator.clipboard.writeText(text);
    setCopied(true);
  };
  const json = JSON.stringify(built.clipboard, null, 2);
  return (
    <div data-testid="built-node">
      <h3>{t('builderNodeReady')}</h3>
      {built.warnings.length > 0 && (
        <div>
          <h4>{t('builderWarnings')}</h4>
          <ul data-testid="builder-warnings">
            {built.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      <button type="button" onClick={() => void copy(json)}>
        {t('builderCopyNode')}
      </button>
      <button type="button" onClick={() => void copy(built.curl)}>
        {t('builderCopyCurl')}
      </button>
      {copied && <span aria-live="polite">{t('builderCopied')}</span>}
      <pre data-testid="node-json">{json}</pre>
    </div>
  );
}
