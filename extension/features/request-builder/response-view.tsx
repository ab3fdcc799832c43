// The answer to a test send: status, time and size, then the body as a virtualised JSON tree
// (the debugger's), pretty or raw text, an image preview or a download, and the headers.
// Large bodies open on the tree, which draws only the rows in view.
import { useMemo } from 'react';
import { base64ToBytes } from '../../common/base64.ts';
import { t } from '../../common/i18n.ts';
import { Badge, Button, Tab, TabList, TabPanel, Tabs } from '../../design/index.ts';
import { ItemsTree } from '../debugger/items-tree.tsx';
import type { SentResponse } from './protocol.ts';

/** Text views show at most this much; the download has it all. */
export const TEXT_VIEW_LIMIT = 1_000_000;
/** JSON bodies larger than this open on the tree rather than the pretty text. */
const PRETTY_LIMIT = 200_000;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const toneOf = (status: number) => (status >= 500 ? 'danger' : status >= 400 ? 'warning' : status >= 300 ? 'info' : 'success');

export function ResponseView({ response }: { response: SentResponse }) {
  const text = response.body.kind === 'text' ? response.body.text : null;
  const json = useMemo(() => {
    if (text === null || !/json/i.test(response.contentType) && !/^\s*[[{]/.test(text.slice(0, 64))) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }, [text, response.contentType]);
  const image = response.body.kind === 'binary' && /^image\//i.test(response.contentType);
  const initial = json !== undefined ? (text!.length > PRETTY_LIMIT ? 'tree' : 'pretty') : image ? 'preview' : 'raw';

  return (
    <section className="ah-card builder-response" data-testid="response" data-status={response.status} aria-label={t('builderResponse')}>
      <div className="ah-row builder-response-line">
        <Badge tone={toneOf(response.status)} data-testid="response-status">
          {response.status} {response.statusText}
        </Badge>
        <span className="ah-muted" data-testid="response-time">
          {response.timeMs} ms
        </span>
        <span className="ah-muted" data-testid="response-size">
          {formatBytes(response.sizeBytes)}
        </span>
        <span className="ah-spacer" />
        <Button size="sm" variant="ghost" data-testid="response-download" onClick={() => download(response)}>
          {t('builderDownload')}
        </Button>
      </div>
      {response.truncated && <p className="ah-callout" data-tone="warning">{t('builderTruncated', { size: formatBytes(response.sizeBytes) })}</p>}
      <Tabs defaultValue={initial}>
        <TabList aria-label={t('builderResponse')}>
          {json !== undefined && (
            <Tab value="pretty" data-testid="view-pretty">
              {t('builderViewPretty')}
            </Tab>
          )}
          {json !== undefined && (
            <Tab value="tree" data-testid="view-tree">
              {t('builderViewTree')}
            </Tab>
          )}
          {text !== null && (
            <Tab value="raw" data-testid="view-raw">
              {t('builderViewRaw')}
            </Tab>
          )}
          {image && (
            <Tab value="preview" data-testid="view-preview">
              {t('builderViewPreview')}
            </Tab>
          )}
          <Tab value="headers" data-testid="view-headers">
            {t('builderHeaders')} <Badge>{response.headers.length}</Badge>
          </Tab>
        </TabList>
        {json !== undefined && (
          <TabPanel value="pretty">
            <PrettyJson value={json} />
          </TabPanel>
        )}
        {json !== undefined && (
          <TabPanel value="tree">
            <ItemsTree items={Array.isArray(json) ? json : [json]} label={t('builderViewTree')} />
          </TabPanel>
        )}
        {text !== null && (
          <TabPanel value="raw">
            <TextBlock text={text} testId="response-raw" />
          </TabPanel>
        )}
        {image && response.body.kind === 'binary' && (
          <TabPanel value="preview">
            <img className="builder-image" data-testid="response-image" alt={t('builderViewPreview')} src={`data:${response.contentType};base64,${response.body.base64}`} />
          </TabPanel>
        )}
        <TabPanel value="headers">
          <table className="builder-headers ah-ltr" data-testid="response-headers">
            <tbody>
              {response.headers.map((header, index) => (
                <tr key={index}>
                  <th scope="row">{header.name}</th>
                  <td>{header.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TabPanel>
      </Tabs>
      {response.body.kind === 'binary' && !image && <p className="ah-hint">{t('builderBinaryAnswer', { type: response.contentType || 'application/octet-stream' })}</p>}
    </section>
  );
}

function PrettyJson({ value }: { value: unknown }) {
  const text = useMemo(() => JSON.stringify(value, null, 2), [value]);
  return <TextBlock text={text} testId="response-pretty" />;
}

function TextBlock({ text, testId }: { text: string; testId: string }) {
  const cut = text.length > TEXT_VIEW_LIMIT;
  return (
    <>
      <pre className="builder-body ah-ltr" data-testid={testId}>
        {cut ? text.slice(0, TEXT_VIEW_LIMIT) : text}
      </pre>
      {cut && <p className="ah-hint">{t('builderTextCut', { size: formatBytes(TEXT_VIEW_LIMIT) })}</p>}
    </>
  );
}

function download(response: SentResponse): void {
  const bytes = response.body.kind === 'text' ? new TextEncoder().encode(response.body.text) : base64ToBytes(response.body.base64);
  const url = URL.createObjectURL(new Blob([bytes], { type: response.contentType || 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName(response);
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function fileName(response: SentResponse): string {
  const disposition = response.headers.find((h) => h.name.toLowerCase() === 'content-disposition')?.value ?? '';
  const named = /filename\*?=(?:UTF-8'')?"?([^";]+)/i.exec(disposition)?.[1];
  if (named) return decodeURIComponent(named);
  const last = new URL(response.url).pathname.split('/').filter(Boolean).pop() ?? 'response';
  const extension = /json/.test(response.contentType) ? '.json' : /xml/.test(response.contentType) ? '.xml' : /^text\//.test(response.contentType) ? '.txt' : '';
  return /\.\w+$/.test(last) ? last : `${last}${extension}`;
}
