// The OpenAPI sources part of the builder: load a spec from a URL, a file or a paste (parsed in
// a worker, with a progress bar), list the imported ones, search operations across all of them,
// and hand the chosen operation's request to the editor through onPick.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RequestField } from '@ai-http/shared/request/fields';
import type { RequestSpec } from '@ai-http/shared/request/spec';
import { t } from '../../../common/i18n.ts';
import { Badge, Button, Field, Progress, SearchInput, Select, TextArea, TextInput, useToaster } from '../../../design/index.ts';
import { closedByClient, createSpecsClient, type SpecsClient } from './client.ts';
import type { ImportProgress } from './import-core.ts';
import type { StoredSpec } from './schema.ts';
import type { SpecSource } from './source.ts';
import type { CredentialHint, SpecSearchHit } from './store.ts';
import './specs-panel.css';

export interface PickedOperation {
  request: RequestSpec;
  fieldInfo: Record<string, Partial<RequestField>>;
  /** The spec's title, e.g. "Stripe API", for naming the node and the credential. */
  title: string;
  credentialHint?: CredentialHint;
}

export interface SpecsPanelProps {
  onPick(picked: PickedOperation): void;
  /** Defaults to a worker-backed client; tests pass one that runs in-process. */
  client?: SpecsClient;
}

const RESULTS = 12;
// Share of the bar each phase fills: downloading dominates on a slow link, parsing on a fast one.
const PHASES: Record<ImportProgress['phase'], [start: number, share: number]> = { download: [0, 50], parse: [50, 30], index: [80, 20] };
const PHASE_LABEL = { download: 'specPhaseDownload', parse: 'specPhaseParse', index: 'specPhaseIndex' } as const;

/** The bar's value, 0–100, or null while a download's size is unknown. */
export function progressValue({ phase, loaded, total }: ImportProgress): number | null {
  if (!total) return phase === 'download' ? null : PHASES[phase][0];
  const [start, share] = PHASES[phase];
  return Math.round(start + (share * Math.min(loaded, total)) / total);
}

export function SpecsPanel({ onPick, client: given }: SpecsPanelProps) {
  const client = useMemo(() => given ?? createSpecsClient(), [given]);
  useEffect(() => () => (given ? undefined : client.close()), [client, given]);
  const toaster = useToaster();
  const [url, setUrl] = useState('');
  const [pasted, setPasted] = useState('');
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [specs, setSpecs] = useState<StoredSpec[]>([]);
  const [servers, setServers] = useState<Record<string, string>>({});
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SpecSearchHit[] | null>(null);
  const importing = useRef<AbortController | null>(null);
  const fail = (caught: unknown) => {
    if (!closedByClient(caught)) setError((caught as Error).message);
  };
  const lastSearch = useRef(0);

  const refresh = async (nextQuery = query) => {
    setSpecs(await client.store.list());
    await search(nextQuery);
  };
  const search = async (value: string) => {
    const ticket = ++lastSearch.current;
    try {
      const found = await client.searchSpecs(value, RESULTS);
      // An answer to an older query that arrives late is dropped.
      if (ticket === lastSearch.current) setHits(found);
    } catch (caught) {
      fail(caught);
    }
  };
  useEffect(() => {
    // On mount (and a new client): later refreshes follow the user's actions.
    void refresh('');
  }, [client]);

  const load = async (source: SpecSource) => {
    importing.current?.abort();
    const controller = new AbortController();
    importing.current = controller;
    setError(null);
    setProgress({ phase: 'download', loaded: 0, total: 0 });
    try {
      const spec = await client.importSpec(source, setProgress, controller.signal);
      toaster.create({ title: t('specImported', { title: spec.title, count: String(spec.operationCount) }), type: 'success' });
      await refresh();
    } catch (caught) {
      if (!controller.signal.aborted) fail(caught);
    } finally {
      if (importing.current === controller) {
        importing.current = null;
        setProgress(null);
      }
    }
  };

  const use = async (hit: SpecSearchHit) => {
    setError(null);
    try {
      const server = servers[hit.specId];
      const picked = await client.store.requestFor(hit.specId, hit.operation.operationId, server ? { server } : {});
      onPick({ ...picked, title: hit.specTitle });
    } catch (caught) {
      fail(caught);
    }
  };

  const remove = async (spec: StoredSpec) => {
    await client.store.delete(spec.id);
    toaster.create({ title: t('specDeleted', { title: spec.title }), type: 'info' });
    await refresh();
  };

  const busy = progress !== null;
  return (
    <section className="specs-panel" aria-label={t('specTitle')} data-testid="specs-panel">
      <form
        className="specs-row"
        onSubmit={(event) => {
          event.preventDefault();
          if (url.trim()) void load({ url: url.trim() });
        }}
      >
        <Field label={t('specUrlLabel')}>
          <TextInput mono type="url" inputMode="url" data-testid="spec-url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://…/openapi.json" spellCheck={false} />
        </Field>
        <Button type="submit" variant="primary" data-testid="spec-load" disabled={busy || !url.trim()}>
          {t('specLoad')}
        </Button>
      </form>
      <Field label={t('specFileLabel')}>
        <input
          type="file"
          data-testid="spec-file"
          accept=".json,.yaml,.yml,application/json,application/yaml,text/yaml"
          disabled={busy}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void load({ file });
          }}
        />
      </Field>
      <Field label={t('specPasteLabel')}>
        <TextArea mono rows={3} data-testid="spec-paste" value={pasted} onChange={(e) => setPasted(e.target.value)} spellCheck={false} />
      </Field>
      <div>
        <Button data-testid="spec-import-pasted" disabled={busy || !pasted.trim()} onClick={() => void load({ text: pasted })}>
          {t('specImportPasted')}
        </Button>
      </div>
      {progress && (
        <div className="specs-row">
          <Progress data-testid="spec-progress" data-phase={progress.phase} label={t(PHASE_LABEL[progress.phase])} value={progressValue(progress)} style={{ flex: '1 1 12rem' }} />
          <Button size="sm" variant="ghost" data-testid="spec-cancel" onClick={() => importing.current?.abort()}>
            {t('specCancel')}
          </Button>
        </div>
      )}
      {error && (
        <p role="alert" data-testid="spec-error" className="ah-callout" data-tone="danger">
          {error}
        </p>
      )}
      <h3>{t('specListTitle')}</h3>
      {!specs.length && <p className="ah-muted" data-testid="spec-none">{t('specNone')}</p>}
      <ul className="ah-list specs-list" data-testid="spec-list">
        {specs.map((spec) => (
          <li key={spec.id} data-testid="spec-item" data-spec-id={spec.id}>
            <span className="specs-item-main">
              <strong>{spec.title}</strong>
              {spec.version && <span className="ah-muted">{spec.version}</span>}
              <Badge>{t('specOperations', { count: String(spec.operationCount) })}</Badge>
            </span>
            <span className="specs-item-actions">
              {spec.servers.length > 1 && (
                <Select aria-label={t('specServer', { title: spec.title })} data-testid="spec-server" value={servers[spec.id] ?? spec.servers[0]} onChange={(e) => setServers({ ...servers, [spec.id]: e.target.value })}>
                  {spec.servers.map((server) => (
                    <option key={server} value={server}>
                      {server}
                    </option>
                  ))}
                </Select>
              )}
              <Button size="sm" variant="ghost" data-testid="spec-delete" aria-label={t('specDeleteLabel', { title: spec.title })} onClick={() => void remove(spec)}>
                {t('specDelete')}
              </Button>
            </span>
          </li>
        ))}
      </ul>
      {specs.length > 0 && (
        <>
          <SearchInput
            data-testid="spec-search"
            label={t('specSearch')}
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              void search(e.target.value);
            }}
          />
          {hits && !hits.length && <p className="ah-muted">{t('specNothingFound')}</p>}
          <ul className="ah-list specs-results" data-testid="spec-results">
            {hits?.map((hit) => (
              <li key={`${hit.specId}:${hit.operation.operationId}`} data-testid="spec-result" data-operation-id={hit.operation.operationId}>
                <span className="specs-item-main">
                  <Badge>{hit.operation.method}</Badge>
                  <code>{hit.operation.path}</code>
                  <span>{hit.operation.summary}</span>
                  {specs.length > 1 && <span className="ah-muted">{t('specInSpec', { title: hit.specTitle })}</span>}
                </span>
                <Button size="sm" data-testid="spec-use" aria-label={t('specUseLabel', { method: hit.operation.method, path: hit.operation.path })} onClick={() => void use(hit)}>
                  {t('specUse')}
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
