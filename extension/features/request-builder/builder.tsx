// The request builder, one component for its three places: the toolbar popup, the full-tab page
// and the overlay's Builder tab (an extension frame on the n8n page, so no secret typed here ever
// reaches the page's JavaScript). Paste anything, edit, send, see the answer, keep it, and put the
// node on the canvas.
import type { AiCandidate } from '@ai-http/shared/ai/candidates';
import type { HistoryEntry, LocalSavedRequest } from '@ai-http/shared/builder/stored';
import type { Template } from '@ai-http/shared/templates/schema';
import { lazy, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { t } from '../../common/i18n.ts';
import { unwrap } from '../../common/messages.ts';
import { Badge, Button, Checkbox, CopyIcon, EmptyState, Field, SearchInput, Spinner, Tab, TabList, TabPanel, Tabs, TextArea, TextInput, useToaster } from '../../design/index.ts';
import { createBuilder, type Builder, type BuilderState } from './builder-store.ts';
import { forNode } from './draft.ts';
import { RequestEditor } from './editor.tsx';
import { sendBuilderMessage, type SentResponse } from './protocol.ts';
import { buildNode, searchTemplates, templateRequest } from './request-core.ts';
import type { Research } from './research/research.ts';
import type { SpecsClient } from './specs/client.ts';
import type { PickedOperation } from './specs/specs-panel.tsx';
import type { SpecSearchHit } from './specs/store.ts';
import { watchGrantedSites, whenAllowed } from './site-permission.ts';
import './builder.css';

export type BuilderPlace = 'popup' | 'tab' | 'overlay';

type View = 'request' | 'templates' | 'openapi' | 'history' | 'saved';

export interface RequestBuilderProps {
  place: BuilderPlace;
  /** On an n8n page: its base URL, for inserting nodes and creating credentials there. */
  n8nBase?: string | undefined;
}

export function RequestBuilder({ place, n8nBase }: RequestBuilderProps) {
  const builder = useMemo(() => createBuilder(), []);
  // One OpenAPI client (its worker starts on first use) for the OpenAPI tab and the word search.
  const specs = useMemo(() => lazySpecs(), []);
  useEffect(() => () => specs.close(), [specs]);
  useEffect(watchGrantedSites, []);
  // The answer's view (and the virtualised tree under it) is not needed to draw the form: it loads
  // once the page is idle, so it is there before the first answer without delaying the first paint.
  useEffect(() => idle(() => void loadResponseView()), []);
  const [view, setView] = useState<View>('request');
  const [words, setWords] = useState<string | null>(null);
  const show = (next: View) => setView(next);

  return (
    <section className="builder" data-place={place} aria-label={t('builderTitle')}>
      <PasteBox
        builder={builder}
        onWords={(query) => {
          setWords(query);
          show('templates');
        }}
        onImported={() => show('request')}
      />
      <Tabs value={view} onValueChange={(details) => show(details.value as View)}>
        <TabList aria-label={t('builderTitle')}>
          {(['request', 'templates', 'openapi', 'history', 'saved'] as const).map((id) => (
            <Tab key={id} value={id} data-testid={`tab-${id}`}>
              {t(`builderView_${id}`)}
            </Tab>
          ))}
        </TabList>
        <TabPanel value="request">
          <RequestView builder={builder} place={place} n8nBase={n8nBase} />
        </TabPanel>
        <TabPanel value="templates">
          <TemplatesView
            key={words ?? ''}
            initialQuery={words ?? ''}
            specs={specs}
            onPick={async (template) => {
              builder.load(await templateRequest(template), { origin: template.service });
              show('request');
            }}
            onPickSaved={(row) => {
              builder.load(row.request, { origin: row.name, values: row.values });
              show('request');
            }}
            onPickOperation={async (hit) => {
              const picked = await (await specs.get()).store.requestFor(hit.specId, hit.operation.operationId);
              await pickOperation(builder, { ...picked, title: hit.specTitle });
              show('request');
            }}
            onAsk={(query, candidates) => {
              void startAsk(builder, query, candidates, () => show('request'));
            }}
          />
        </TabPanel>
        <TabPanel value="openapi">
          <LazySpecsPanel
            specs={specs}
            onPick={(picked) => {
              void pickOperation(builder, picked).then(() => show('request'));
            }}
          />
        </TabPanel>
        <TabPanel value="history">
          <HistoryView
            visible={view === 'history'}
            onPick={(entry) => {
              builder.load(entry.request, { origin: t('builderFromHistory') });
              show('request');
            }}
          />
        </TabPanel>
        <TabPanel value="saved">
          <SavedView
            visible={view === 'saved'}
            onPick={(saved) => {
              builder.load(saved.request, { origin: saved.name, values: saved.values, saved: { id: saved.id, name: saved.name, tags: saved.tags, kind: saved.kind } });
              show('request');
            }}
          />
        </TabPanel>
      </Tabs>
    </section>
  );
}

function PasteBox({ builder, onWords, onImported }: { builder: Builder; onWords: (query: string) => void; onImported: () => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await builder.importText(text);
      if (result) onWords(result.words);
      else onImported();
    } catch (caught) {
      // What was typed stays in the box, with what was expected.
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="ah-stack builder-paste"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Field label={t('builderPasteLabel')} error={error ?? undefined}>
        <TextArea mono rows={3} data-testid="paste-input" placeholder={t('builderPastePlaceholder')} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
      </Field>
      <div className="ah-row">
        <Button type="submit" variant="primary" size="sm" data-testid="paste-open" disabled={busy || !text.trim()}>
          {t('builderPasteOpen')}
        </Button>
        {busy && <Spinner size="sm" label={t('builderWorking')} />}
      </div>
    </form>
  );
}

function RequestView({ builder, place, n8nBase }: { builder: Builder; place: BuilderPlace; n8nBase?: string | undefined }) {
  const state = useStore(builder.store);
  const onSend = () => {
    const request = builder.planned();
    if (!request) return;
    // Asked in the click itself (the user gesture): this API's site, once.
    whenAllowed(
      request.url,
      () => void builder.send(),
      (message) => builder.store.setState({ phase: 'failed', failure: { code: 'FORBIDDEN', message: message || t('builderPermissionRefused', { site: new URL(request.url).host }) } }),
    );
  };
  const privateNote = privateTargetNote(state.draft.request.url, n8nBase);

  return (
    <div className="ah-stack">
      {state.origin && (
        <p className="ah-muted" data-testid="request-origin">
          {t('builderLoadedFrom', { origin: state.origin })}
        </p>
      )}
      {state.draft.warnings.length > 0 && (
        <ul className="ah-callout builder-warnings" data-tone="warning" data-testid="import-warnings">
          {state.draft.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
      <RequestEditor key={state.generation} builder={builder} />
      {state.problems.length > 0 && (
        <ul role="alert" className="ah-callout" data-tone="danger" data-testid="send-problems">
          {state.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      {privateNote && (
        <p className="ah-callout" data-tone="info" data-testid="private-target">
          {privateNote}
        </p>
      )}
      <div className="ah-row">
        {state.phase === 'sending' ? (
          <>
            <Button variant="danger" data-testid="request-cancel" onClick={() => void builder.cancel()}>
              {t('builderCancel')}
            </Button>
            <Spinner size="sm" label={t('builderSending')} />
          </>
        ) : (
          <Button variant="primary" data-testid="request-send" onClick={onSend}>
            {t('builderSend')}
          </Button>
        )}
      </div>
      {state.phase === 'failed' && state.failure && (
        <p role="alert" className="ah-callout" data-tone="danger" data-testid="send-failure" data-code={state.failure.code}>
          {state.failure.message}
        </p>
      )}
      {state.phase === 'answered' && state.response && <AnswerView response={state.response} />}
      <NodeActions builder={builder} place={place} n8nBase={n8nBase} />
    </div>
  );
}

function NodeActions({ builder, place, n8nBase }: { builder: Builder; place: BuilderPlace; n8nBase?: string | undefined }) {
  const toaster = useToaster();
  const draft = useStore(builder.store, (s) => s.draft);
  const saved = useStore(builder.store, (s) => s.saved);
  const [inline, setInline] = useState(false);
  const [notes, setNotes] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const copy = async (what: () => Promise<string>, done: string) => {
    try {
      await navigator.clipboard.writeText(await what());
      toaster.create({ title: done, type: 'success' });
    } catch (caught) {
      toaster.create({ title: (caught as Error).message, type: 'error' });
    }
  };
  const built = async () => {
    const node = await buildNode(forNode(draft), { inlineSecrets: inline });
    setNotes(node.warnings);
    return node;
  };
  const insert = async () => {
    setBusy(true);
    try {
      const result = unwrap(await sendBuilderMessage('insertNode', { request: { ...forNode(draft) }, n8nBase: n8nBase! }));
      setNotes(result.instructions);
      if (result.inserted) toaster.create({ title: t('builderInserted', { name: result.nodeName }), ...(result.credential ? { description: t('builderCredentialCreated', { name: result.credential.name }) } : {}), type: 'success' });
      else {
        await navigator.clipboard.writeText(result.clipboard);
        toaster.create({ title: t('builderInsertFallback'), type: 'info' });
      }
    } catch (caught) {
      toaster.create({ title: (caught as Error).message, type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  const copySelected = async () => {
    try {
      const { name, curl } = unwrap(await sendBuilderMessage('selectedNodeCurl', undefined));
      await navigator.clipboard.writeText(curl);
      toaster.create({ title: t('builderSelectedCopied', { name }), type: 'success' });
    } catch (caught) {
      toaster.create({ title: (caught as Error).message, type: 'error' });
    }
  };

  return (
    <div className="ah-card builder-out" data-testid="node-actions">
      <h3>{t('builderToN8n')}</h3>
      <div className="ah-row">
        {place === 'overlay' && n8nBase && (
          <Button variant="primary" size="sm" data-testid="insert-node" disabled={busy} onClick={() => void insert()}>
            {t('builderInsert')}
          </Button>
        )}
        <Button size="sm" icon={<CopyIcon />} data-testid="copy-node" onClick={() => void copy(async () => JSON.stringify((await built()).clipboard, null, 2), t('builderCopied'))}>
          {t('builderCopyNode')}
        </Button>
        <Button size="sm" data-testid="copy-curl" onClick={() => void copy(async () => (await built()).curl, t('builderCopied'))}>
          {t('builderCopyCurl')}
        </Button>
        {place === 'overlay' && (
          <Button size="sm" variant="ghost" data-testid="copy-selected-curl" onClick={() => void copySelected()}>
            {t('builderCopySelected')}
          </Button>
        )}
      </div>
      <Checkbox label={t('builderInlineSecrets')} checked={inline} onCheckedChange={setInline} data-testid="inline-secrets" />
      {notes.length > 0 && (
        <ul className="ah-callout" data-tone="info" data-testid="node-notes">
          {notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      <SaveForm builder={builder} saved={saved} />
    </div>
  );
}

function SaveForm({ builder, saved }: { builder: Builder; saved: BuilderState['saved'] }) {
  const toaster = useToaster();
  const request = useStore(builder.store, (s) => s.draft.request);
  const [name, setName] = useState(saved?.name ?? request.name ?? '');
  const [tags, setTags] = useState(saved?.tags.join(', ') ?? '');
  const [asTemplate, setAsTemplate] = useState(saved?.kind === 'template');
  useEffect(() => {
    setAsTemplate(saved?.kind === 'template');
    setName(saved?.name ?? request.name ?? '');
    setTags(saved?.tags.join(', ') ?? '');
  }, [saved, request.name]);
  const save = async () => {
    try {
      const { draft } = builder.store.getState();
      const values = Object.fromEntries(Object.entries(draft.values).filter(([key]) => !/(token|secret|password|key)$/i.test(key)));
      const row = unwrap(await sendBuilderMessage('saveRequest', { ...(saved ? { id: saved.id } : {}), name: name.trim() || request.url, tags: tags.split(',').map((tag) => tag.trim()).filter(Boolean), request: draft.request, values, kind: asTemplate ? 'template' : 'request' }));
      builder.store.setState({ saved: { id: row.id, name: row.name, tags: row.tags, kind: row.kind } });
      toaster.create({ title: t('builderSaved', { name: row.name }), type: 'success' });
    } catch (caught) {
      toaster.create({ title: (caught as Error).message, type: 'error' });
    }
  };
  return (
    <form
      className="builder-save"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <Field label={t('builderSaveName')}>
        <TextInput data-testid="save-name" value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field label={t('builderSaveTags')}>
        <TextInput data-testid="save-tags" value={tags} onChange={(e) => setTags(e.target.value)} />
      </Field>
      <Checkbox label={t('builderSaveAsTemplate')} checked={asTemplate} onCheckedChange={setAsTemplate} data-testid="save-as-template" className="builder-save-template" />
      <Button type="submit" size="sm" data-testid="save-request">
        {t(saved ? 'builderSaveUpdate' : 'builderSave')}
      </Button>
    </form>
  );
}

function TemplatesView({ initialQuery, specs, onPick, onPickOperation, onPickSaved, onAsk }: { initialQuery: string; specs: LazySpecs; onPick: (template: Template) => void; onPickOperation: (hit: SpecSearchHit) => Promise<void>; onPickSaved: (row: LocalSavedRequest) => void; onAsk: (query: string, candidates: AiCandidate[]) => void }) {
  const toaster = useToaster();
  const [query, setQuery] = useState(initialQuery);
  const [found, setFound] = useState<Template[] | null>(null);
  const [operations, setOperations] = useState<SpecSearchHit[]>([]);
  const [saved, setSaved] = useState<LocalSavedRequest[]>([]);
  useEffect(() => {
    let live = true;
    void searchTemplates(query).then((templates) => live && setFound(templates));
    // Every imported OpenAPI spec is searched too (its catalog is kept; nothing is re-imported).
    if (query.trim()) void specs.get().then((client) => client.searchSpecs(query, 5)).then((hits) => live && setOperations(hits), () => live && setOperations([]));
    else setOperations([]);
    return () => {
      live = false;
    };
  }, [query, specs]);
  useEffect(() => {
    void sendBuilderMessage('listSaved', undefined).then((result) => result.ok && setSaved(result.value));
  }, []);
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (row: LocalSavedRequest) => words.every((word) => `${row.name} ${row.tags.join(' ')} ${row.request.url}`.toLowerCase().includes(word));
  // The user's own templates come first (all of them before anything is typed), then the built-ins.
  const mine = saved.filter((row) => row.kind === 'template' && matches(row)).slice(0, 5);
  const savedHits = words.length ? saved.filter((row) => row.kind === 'request' && matches(row)).slice(0, 5) : [];
  const ask = async () => {
    const store = operations.length ? (await specs.get()).store : null;
    const { candidatesFor } = await import('./ask-ai.ts');
    onAsk(query, await candidatesFor({ mine, operations, templates: found ?? [], store }));
  };
  return (
    <div className="ah-stack">
      <div className="ah-row builder-ask">
        <SearchInput data-testid="template-search" label={t('builderTemplateSearch')} value={query} onChange={(e) => setQuery(e.target.value)} />
        <Button size="sm" data-testid="ask-ai" disabled={!query.trim()} onClick={() => void ask().catch((caught: Error) => toaster.create({ title: caught.message, type: 'error' }))}>
          {t('aiAsk')}
        </Button>
      </div>
      {found && !found.length && !savedHits.length && !operations.length && !mine.length && <p className="ah-muted">{t('builderNothingFound')}</p>}
      {mine.length > 0 && (
        <ul data-testid="user-templates" className="ah-list builder-results" aria-label={t('builderYourTemplates')}>
          {mine.map((row) => (
            <li key={row.id}>
              <span className="builder-result">
                <Badge tone="accent">{t('builderTemplateBadge')}</Badge> <strong>{row.name}</strong>
              </span>
              <Button size="sm" onClick={() => onPickSaved(row)}>
                {t('builderUse')}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {operations.length > 0 && (
        <ul data-testid="word-operations" className="ah-list builder-results" aria-label={t('builderFromSpecs')}>
          {operations.map((hit) => (
            <li key={`${hit.specId}:${hit.operation.operationId}`}>
              <span className="builder-result">
                <Badge>{hit.operation.method}</Badge> <strong>{hit.specTitle}</strong> <span className="ah-muted">{hit.operation.summary || hit.operation.path}</span>
              </span>
              <Button size="sm" onClick={() => void onPickOperation(hit).catch((caught: Error) => toaster.create({ title: caught.message, type: 'error' }))}>
                {t('builderUse')}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <ul data-testid="template-results" className="ah-list builder-results">
        {found?.map((template) => (
          <li key={template.id}>
            <span className="builder-result">
              <strong>{template.service}</strong> <span className="ah-muted">{template.name}</span>
            </span>
            <Button size="sm" data-testid={`use-${template.id}`} onClick={() => onPick(template)}>
              {t('builderUse')}
            </Button>
          </li>
        ))}
      </ul>
      {savedHits.length > 0 && <p className="ah-muted">{t('builderSavedMatches', { count: String(savedHits.length) })}</p>}
      <LazyResearch initialApi={query} onUse={onPick} />
    </div>
  );
}

/** The response view's module, loaded once (at idle time, or by the first answer if that comes sooner). */
let responseView: typeof import('./response-view.tsx') | null = null;
const loadResponseView = async () => (responseView ??= await import('./response-view.tsx'));
const LazyResponseView = lazy(() => loadResponseView().then((module) => ({ default: module.ResponseView })));

function AnswerView({ response }: { response: SentResponse }) {
  // Loaded already (the usual case): drawn in this render, no fallback frame.
  if (responseView) return <responseView.ResponseView response={response} />;
  return (
    <Suspense fallback={<Spinner size="sm" label={t('builderWorking')} />}>
      <LazyResponseView response={response} />
    </Suspense>
  );
}

/** Runs `work` when the page is idle (soon after the first paint), or after a moment where there is no requestIdleCallback. */
function idle(work: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(work, { timeout: 1000 });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(work, 50);
  return () => clearTimeout(timer);
}

const ResearchPanel = lazy(() => import('./research/research-panel.tsx').then((module) => ({ default: module.ResearchPanel })));

/** "Research this API", opened on request: the panel and its store load then. */
function LazyResearch({ initialApi, onUse }: { initialApi: string; onUse: (template: Template) => void }) {
  const [research, setResearch] = useState<Research | null>(null);
  if (!research)
    return (
      <Button
        size="sm"
        variant="ghost"
        data-testid="research-open"
        onClick={() =>
          void import('./research/research.ts').then(({ createResearch }) =>
            setResearch(
              createResearch({
                start: async (input) => unwrap(await sendBuilderMessage('researchStart', input)),
                read: async (taskId) => unwrap(await sendBuilderMessage('researchRead', { taskId })),
                cancel: async (taskId) => unwrap(await sendBuilderMessage('researchCancel', { taskId })),
              }),
            ),
          )
        }
      >
        {t('researchOpen')}
      </Button>
    );
  return (
    <Suspense fallback={<Spinner size="sm" label={t('builderWorking')} />}>
      <ResearchPanel research={research} initialApi={initialApi} onUse={onUse} />
    </Suspense>
  );
}

/** The OpenAPI client (Dexie, the import worker), loaded the first time something needs it: not at the popup's first paint. */
interface LazySpecs {
  get(): Promise<SpecsClient>;
  close(): void;
}

function lazySpecs(): LazySpecs {
  let client: Promise<SpecsClient> | null = null;
  return {
    get: () => (client ??= import('./specs/client.ts').then(({ createSpecsClient }) => createSpecsClient())),
    close() {
      const open = client;
      client = null;
      void open?.then((loaded) => loaded.close());
    },
  };
}

const SpecsPanel = lazy(() => import('./specs/specs-panel.tsx').then((module) => ({ default: module.SpecsPanel })));

function LazySpecsPanel({ specs, onPick }: { specs: LazySpecs; onPick: (picked: PickedOperation) => void }) {
  const [client, setClient] = useState<SpecsClient | null>(null);
  useEffect(() => {
    void specs.get().then(setClient);
  }, [specs]);
  const waiting = <Spinner size="sm" label={t('builderWorking')} />;
  return client ? (
    <Suspense fallback={waiting}>
      <SpecsPanel client={client} onPick={onPick} />
    </Suspense>
  ) : (
    waiting
  );
}

/** An OpenAPI operation into the editor, named after the service and the action ("Stripe: Create customer"). */
async function pickOperation(builder: Builder, picked: PickedOperation): Promise<void> {
  const { nodeName, serviceName } = await import('@ai-http/shared/n8n/node-name');
  const name = nodeName({ service: serviceName(picked.title), action: picked.request.name, url: picked.request.url });
  const warnings = picked.credentialHint ? [t('builderCredentialHint', { name: picked.credentialHint.name, fields: picked.credentialHint.fields.join(', ') })] : [];
  builder.load({ ...picked.request, name }, { origin: picked.title, fieldInfo: picked.fieldInfo, warnings });
}

function HistoryView({ visible, onPick }: { visible: boolean; onPick: (entry: HistoryEntry) => void }) {
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  useEffect(() => {
    if (visible) void sendBuilderMessage('listHistory', undefined).then((result) => setEntries(result.ok ? result.value : []));
  }, [visible]);
  if (!entries) return <Spinner size="sm" label={t('builderWorking')} />;
  if (!entries.length) return <EmptyState title={t('builderHistoryEmpty')} />;
  return (
    <ListOf testId="history-list">
      {entries.map((entry) => (
        <li key={entry.id}>
          <button type="button" className="builder-row-button" onClick={() => onPick(entry)}>
            <Badge>{entry.request.method}</Badge>
            <span className="builder-result ah-ltr">{entry.request.url}</span>
            <Badge tone={entry.outcome.kind === 'response' && entry.outcome.status < 400 ? 'success' : 'danger'}>{entry.outcome.kind === 'response' ? entry.outcome.status : entry.outcome.code}</Badge>
            <span className="ah-muted">{entry.outcome.timeMs} ms</span>
          </button>
        </li>
      ))}
    </ListOf>
  );
}

function SavedView({ visible, onPick }: { visible: boolean; onPick: (saved: LocalSavedRequest) => void }) {
  const [rows, setRows] = useState<LocalSavedRequest[] | null>(null);
  const load = () => void sendBuilderMessage('listSaved', undefined).then((result) => setRows(result.ok ? result.value : []));
  useEffect(() => {
    if (visible) load();
  }, [visible]);
  if (!rows) return <Spinner size="sm" label={t('builderWorking')} />;
  if (!rows.length) return <EmptyState title={t('builderSavedEmpty')} />;
  return (
    <ListOf testId="saved-list">
      {rows.map((row) => (
        <li key={row.id}>
          <button type="button" className="builder-row-button" onClick={() => onPick(row)}>
            <Badge>{row.request.method}</Badge>
            <strong className="builder-result">{row.name}</strong>
            {row.kind === 'template' && <Badge tone="accent">{t('builderTemplateBadge')}</Badge>}
            {row.tags.map((tag) => (
              <Badge key={tag} tone="info">
                {tag}
              </Badge>
            ))}
          </button>
          <Button size="sm" variant="ghost" data-testid="saved-delete" onClick={() => void sendBuilderMessage('deleteSaved', { id: row.id }).then(load)}>
            {t('builderDelete')}
          </Button>
        </li>
      ))}
    </ListOf>
  );
}

function ListOf({ testId, children }: { testId: string; children: ReactNode }) {
  return (
    <ul className="ah-list builder-results" data-testid={testId}>
      {children}
    </ul>
  );
}

const PRIVATE_HOST = /^(localhost|127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|\[?::1\]?$|\[?f[cd][0-9a-f]{2}:)/i;

/** Said, not refused: a request from a public n8n page to a private address reaches only this machine's network. */
function privateTargetNote(url: string, n8nBase: string | undefined): string | null {
  try {
    const target = new URL(url).hostname;
    if (!PRIVATE_HOST.test(target)) return null;
    if (n8nBase && PRIVATE_HOST.test(new URL(n8nBase).hostname)) return null;
    return n8nBase ? t('builderPrivateTarget', { host: target }) : null;
  } catch {
    return null;
  }
}

/**
 * "Ask AI": the choice opens in the form as soon as the model names it (placeholders still in
 * it), then the filled request replaces it; a failure opens the offline first choice with the
 * reason. The form's origin line says which it is.
 */
async function startAsk(builder: Builder, query: string, candidates: AiCandidate[], showRequest: () => void): Promise<void> {
  const [{ askAi }, route] = await Promise.all([import('./ask-ai.ts'), sendBuilderMessage('aiRoute', undefined)]);
  const via = route.ok && route.value.kind !== 'none' ? t(`aiVia_${route.value.kind}`) : '';
  builder.store.setState({ origin: t('aiAsking') });
  askAi(
    { query, candidates },
    (event) => {
      const candidate = (id: string | null) => candidates.find((c) => c.id === id);
      if (event.type === 'choice') {
        const chosen = candidate(event.operationId);
        if (chosen) builder.load(chosen.request, { origin: t('aiChose', { summary: chosen.summary }) });
        showRequest();
      } else if (event.type === 'result') {
        const summary = candidate(event.operationId)?.summary ?? event.request.url;
        builder.load(event.request, { origin: `${summary} (${via})`, warnings: event.unverified ? [t('aiUnverified')] : [] });
        showRequest();
      } else if (event.type === 'failed') {
        if (event.offline) builder.load(event.offline, { origin: candidate(event.offlineId)?.summary ?? '', warnings: [event.message] });
        else builder.store.setState({ origin: event.message });
        showRequest();
      }
    },
    () => builder.store.setState({ origin: t('aiStopped') }),
  );
}
