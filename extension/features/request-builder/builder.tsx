import { useState } from 'react';
import type { CatalogOperation } from '@ai-http/shared/openapi/catalog';
import type { Template } from '@ai-http/shared/templates/schema';
import { t } from '../../common/i18n.ts';
import { Badge, Button, CopyIcon, Field, SearchInput, Spinner, SuccessIcon, Tab, TabList, TabPanel, Tabs, TextArea, useToaster } from '../../design/index.ts';
import { nodeFromCurl, nodeFromTemplate, openApiCatalog, searchTemplates, type BuiltNode } from './request-core.ts';
import './builder.css';

type Catalog = Awaited<ReturnType<typeof openApiCatalog>>;

const TABS = [
  ['curl', 'builderTabCurl'],
  ['templates', 'builderTabTemplates'],
  ['openapi', 'builderTabOpenApi'],
] as const;

/** The builder: cURL, a template or an OpenAPI operation → an HTTP Request node to paste into n8n. */
export function RequestBuilder() {
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
      {/* Each tab keeps what was typed in it while another is open. */}
      <Tabs defaultValue="curl">
        <TabList aria-label={t('builderTitle')}>
          {TABS.map(([id, label]) => (
            <Tab key={id} value={id} data-testid={`tab-${id}`}>
              {t(label)}
            </Tab>
          ))}
        </TabList>
        <TabPanel value="curl">
          <CurlTab run={run} />
        </TabPanel>
        <TabPanel value="templates">
          <TemplatesTab run={run} setError={setError} />
        </TabPanel>
        <TabPanel value="openapi">
          <OpenApiTab run={run} setError={setError} />
        </TabPanel>
      </Tabs>
      {busy && (
        <p aria-live="polite" className="ah-row ah-muted">
          <Spinner size="sm" label="" />
          {t('builderWorking')}
        </p>
      )}
      {error && (
        <p role="alert" data-testid="builder-error" className="ah-callout" data-tone="danger">
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
      className="ah-stack"
      onSubmit={(event) => {
        event.preventDefault();
        void run(() => nodeFromCurl(text));
      }}
    >
      <Field label={t('builderCurlLabel')}>
        <TextArea mono data-testid="curl-input" rows={6} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
      </Field>
      <div>
        <Button type="submit" variant="primary" data-testid="curl-convert">
          {t('builderConvert')}
        </Button>
      </div>
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
    <div className="ah-stack">
      <SearchInput
        data-testid="template-search"
        label={t('builderTemplateSearch')}
        value={query}
        onChange={(e) => void search(e.target.value)}
        onFocus={() => found ?? void search(query)}
      />
      {found && !found.length && <p className="ah-muted">{t('builderNothingFound')}</p>}
      <ul data-testid="template-results" className="ah-list builder-results">
        {found?.map((template) => (
          <li key={template.id}>
            <span className="builder-result">
              <strong>{template.service}</strong> <span className="ah-muted">{template.name}</span>
            </span>
            <Button size="sm" onClick={() => void run(() => nodeFromTemplate(template.request))}>
              {t('builderUseTemplate')}
            </Button>
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
    <div className="ah-stack">
      <Field label={t('builderOpenApiLabel')}>
        <TextArea mono data-testid="openapi-input" rows={4} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
      </Field>
      <div>
        <Button
          variant="primary"
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
        </Button>
      </div>
      {catalog && (
        <>
          <p data-testid="openapi-summary" className="ah-callout" data-tone="success">
            {t('builderOpenApiLoaded', { title: catalog.title, count: String(catalog.count) })}
          </p>
          <SearchInput
            data-testid="operation-search"
            label={t('builderOperationSearch')}
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setOperations(catalog.search(e.target.value));
            }}
          />
          <ul data-testid="operation-results" className="ah-list builder-results">
            {operations.map((operation) => (
              <li key={operation.operationId}>
                <span className="builder-result">
                  <Badge>{operation.method}</Badge> <code>{operation.path}</code> <span className="ah-muted">{operation.summary}</span>
                </span>
                <Button
                  size="sm"
                  onClick={() => {
                    setError(null);
                    void run(() => catalog.toNode(operation.operationId));
                  }}
                >
                  {t('builderUseTemplate')}
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function BuiltNodeView({ built }: { built: BuiltNode }) {
  const toaster = useToaster();
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      toaster.create({ title: t('builderCopied'), type: 'success' });
    } catch (caught) {
      toaster.create({ title: (caught as Error).message, type: 'error' });
    }
  };
  const json = JSON.stringify(built.clipboard, null, 2);
  return (
    <div data-testid="built-node" className="ah-card builder-built">
      <h3 className="ah-row">
        <SuccessIcon className="builder-ready" />
        {t('builderNodeReady')}
      </h3>
      {built.warnings.length > 0 && (
        <div className="ah-callout" data-tone="warning">
          <h4>{t('builderWarnings')}</h4>
          <ul data-testid="builder-warnings">
            {built.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="ah-row">
        <Button variant="primary" size="sm" icon={<CopyIcon />} onClick={() => void copy(json)}>
          {t('builderCopyNode')}
        </Button>
        <Button size="sm" onClick={() => void copy(built.curl)}>
          {t('builderCopyCurl')}
        </Button>
      </div>
      <pre data-testid="node-json">{json}</pre>
    </div>
  );
}
