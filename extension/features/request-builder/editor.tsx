// Editing one request: method and URL, the fields its placeholders ask for, then Params, Headers,
// Body and Auth as tabs. Secrets are masked until revealed.
import { HTTP_METHODS } from '@ai-http/shared/request/blank';
import type { Pair, RequestAuth, RequestBody, RequestSpec } from '@ai-http/shared/request/spec';
import type { RequestField } from '@ai-http/shared/request/fields';
import { useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { t } from '../../common/i18n.ts';
import { Badge, Button, Field, IconButton, Select, Tab, TabList, TabPanel, Tabs, TextArea, TextInput } from '../../design/index.ts';
import type { Builder } from './builder-store.ts';
import { draftFields, jsonProblem } from './draft.ts';

export function RequestEditor({ builder }: { builder: Builder }) {
  const draft = useStore(builder.store, (s) => s.draft);
  const files = useStore(builder.store, (s) => s.files);
  const { request } = draft;
  const fields = useMemo(() => draftFields(draft), [draft]);
  const edit = builder.edit;

  return (
    <div className="ah-stack builder-editor" data-testid="request-editor">
      <div className="builder-line">
        <Select aria-label={t('builderMethod')} data-testid="request-method" value={request.method} onChange={(e) => edit((r) => ({ ...r, method: e.target.value as RequestSpec['method'] }))}>
          {HTTP_METHODS.map((method) => (
            <option key={method}>{method}</option>
          ))}
        </Select>
        <TextInput mono aria-label={t('builderUrl')} data-testid="request-url" value={request.url} spellCheck={false} onChange={(e) => edit((r) => ({ ...r, url: e.target.value }))} />
      </div>
      {fields.length > 0 && <FieldsForm fields={fields} values={draft.values} onChange={builder.setValue} />}
      <Tabs defaultValue={request.body.mode !== 'none' ? 'body' : request.auth.type !== 'none' ? 'auth' : 'params'}>
        <TabList aria-label={t('builderRequestParts')}>
          <Tab value="params" data-testid="part-params">
            {t('builderParams')} {request.query.length > 0 && <Badge>{request.query.length}</Badge>}
          </Tab>
          <Tab value="headers" data-testid="part-headers">
            {t('builderHeaders')} {request.headers.length > 0 && <Badge>{request.headers.length}</Badge>}
          </Tab>
          <Tab value="body" data-testid="part-body">
            {t('builderBody')}
          </Tab>
          <Tab value="auth" data-testid="part-auth">
            {t('builderAuth')}
          </Tab>
        </TabList>
        <TabPanel value="params">
          <PairsEditor testId="query" pairs={request.query} onChange={(query) => edit((r) => ({ ...r, query }))} />
        </TabPanel>
        <TabPanel value="headers">
          <PairsEditor testId="headers" pairs={request.headers} onChange={(headers) => edit((r) => ({ ...r, headers }))} />
        </TabPanel>
        <TabPanel value="body">
          <BodyEditor body={request.body} onChange={(body) => edit((r) => ({ ...r, body }))} files={files} attach={builder.attach} />
        </TabPanel>
        <TabPanel value="auth">
          <AuthEditor auth={request.auth} onChange={(auth) => edit((r) => ({ ...r, auth }))} />
        </TabPanel>
      </Tabs>
    </div>
  );
}

function FieldsForm({ fields, values, onChange }: { fields: RequestField[]; values: Record<string, string>; onChange: (name: string, value: string) => void }) {
  return (
    <fieldset className="builder-fields ah-stack" data-testid="request-fields">
      <legend>{t('builderFields')}</legend>
      {fields.map((field) => {
        const hint = [field.description, field.example ? t('builderExample', { example: field.example }) : '', field.type].filter(Boolean).join(' · ');
        const label = field.name.startsWith('={{') ? field.name.slice(1) : field.name;
        return (
          <Field key={field.name} label={<span className="ah-ltr">{label}</span>} hint={hint || undefined} required={field.required}>
            {field.enum?.length ? (
              <Select data-testid={`field-${field.name}`} value={values[field.name] ?? ''} onChange={(e) => onChange(field.name, e.target.value)}>
                <option value="">{t('builderChoose')}</option>
                {field.enum.map((option) => (
                  <option key={option}>{option}</option>
                ))}
              </Select>
            ) : field.secret ? (
              <SecretInput testId={`field-${field.name}`} value={values[field.name] ?? ''} onChange={(value) => onChange(field.name, value)} placeholder={field.example} />
            ) : (
              <TextInput mono data-testid={`field-${field.name}`} value={values[field.name] ?? ''} placeholder={field.example} onChange={(e) => onChange(field.name, e.target.value)} />
            )}
          </Field>
        );
      })}
    </fieldset>
  );
}

export function PairsEditor({ pairs, onChange, testId }: { pairs: Pair[]; onChange: (pairs: Pair[]) => void; testId: string }) {
  const set = (index: number, change: Partial<Pair>) => onChange(pairs.map((pair, i) => (i === index ? { ...pair, ...change } : pair)));
  return (
    <div className="ah-stack builder-pairs" data-testid={`pairs-${testId}`}>
      {pairs.map((pair, index) => (
        <div className="builder-pair" key={index}>
          <TextInput mono aria-label={t('builderName')} placeholder={t('builderName')} value={pair.name} onChange={(e) => set(index, { name: e.target.value })} />
          <TextInput mono aria-label={t('builderValue')} placeholder={t('builderValue')} value={pair.value} onChange={(e) => set(index, { value: e.target.value })} />
          <IconButton size="sm" label={t('builderRemoveRow')} icon={<span aria-hidden="true">×</span>} onClick={() => onChange(pairs.filter((_, i) => i !== index))} />
        </div>
      ))}
      <div>
        <Button size="sm" data-testid={`add-${testId}`} onClick={() => onChange([...pairs, { name: '', value: '' }])}>
          {t('builderAddRow')}
        </Button>
      </div>
    </div>
  );
}

const BODY_MODES: RequestBody['mode'][] = ['none', 'json', 'form', 'multipart', 'raw', 'binary'];

interface Attachments {
  files: Record<string, File>;
  attach: (key: string, file: File | null) => void;
}

function BodyEditor({ body, onChange, files, attach }: { body: RequestBody; onChange: (body: RequestBody) => void } & Attachments) {
  const switchTo = (mode: RequestBody['mode']) => {
    const text = body.mode === 'json' || body.mode === 'raw' ? body.text : '';
    if (mode === 'none') onChange({ mode });
    else if (mode === 'json') onChange({ mode, text: text || '{}' });
    else if (mode === 'form') onChange({ mode, fields: body.mode === 'form' ? body.fields : [] });
    else if (mode === 'multipart') onChange({ mode, parts: body.mode === 'multipart' ? body.parts : [] });
    else if (mode === 'raw') onChange({ mode, contentType: 'text/plain', text });
    else onChange({ mode, binaryProperty: 'data' });
  };
  const problem = body.mode === 'json' ? jsonProblem(body.text) : null;
  return (
    <div className="ah-stack">
      <Field label={t('builderBodyMode')}>
        <Select data-testid="body-mode" value={body.mode} onChange={(e) => switchTo(e.target.value as RequestBody['mode'])}>
          {BODY_MODES.map((mode) => (
            <option key={mode} value={mode}>
              {t(`builderBody_${mode}`)}
            </option>
          ))}
        </Select>
      </Field>
      {body.mode === 'json' && (
        <Field label={t('builderBodyJson')} error={problem ? t('builderJsonInvalid', { problem }) : undefined}>
          <TextArea mono rows={8} data-testid="body-json" spellCheck={false} value={body.text} onChange={(e) => onChange({ mode: 'json', text: e.target.value })} />
        </Field>
      )}
      {body.mode === 'form' && <PairsEditor testId="form" pairs={body.fields} onChange={(fields) => onChange({ mode: 'form', fields })} />}
      {body.mode === 'raw' && (
        <>
          <Field label={t('builderContentType')}>
            <TextInput mono value={body.contentType} onChange={(e) => onChange({ ...body, contentType: e.target.value })} />
          </Field>
          <Field label={t('builderBodyRaw')}>
            <TextArea mono rows={8} data-testid="body-raw" spellCheck={false} value={body.text} onChange={(e) => onChange({ ...body, text: e.target.value })} />
          </Field>
        </>
      )}
      {body.mode === 'multipart' && (
        <div className="ah-stack">
          {body.parts.map((part, index) => (
            <div className="builder-pair" key={index}>
              <TextInput mono aria-label={t('builderName')} value={part.name} onChange={(e) => onChange({ mode: 'multipart', parts: body.parts.map((p, i) => (i === index ? { ...p, name: e.target.value } : p)) })} />
              {part.kind === 'text' ? (
                <TextInput mono aria-label={t('builderValue')} value={part.value} onChange={(e) => onChange({ mode: 'multipart', parts: body.parts.map((p, i) => (i === index && p.kind === 'text' ? { ...p, value: e.target.value } : p)) })} />
              ) : (
                <FilePicker testId={`file-part-${index}`} file={files[`part-${index}`]} onPick={(file) => attach(`part-${index}`, file)} />
              )}
              <IconButton size="sm" label={t('builderRemoveRow')} icon={<span aria-hidden="true">×</span>} onClick={() => onChange({ mode: 'multipart', parts: body.parts.filter((_, i) => i !== index) })} />
            </div>
          ))}
          <div className="ah-row">
            <Button size="sm" onClick={() => onChange({ mode: 'multipart', parts: [...body.parts, { kind: 'text', name: '', value: '' }] })}>
              {t('builderAddRow')}
            </Button>
            <Button size="sm" onClick={() => onChange({ mode: 'multipart', parts: [...body.parts, { kind: 'file', name: 'file', binaryProperty: 'data' }] })}>
              {t('builderAddFile')}
            </Button>
          </div>
          <p className="ah-hint">{t('builderFilesFromItem')}</p>
        </div>
      )}
      {body.mode === 'binary' && (
        <>
          <FilePicker testId="file-body" file={files.body} onPick={(file) => attach('body', file)} />
          <p className="ah-hint">{t('builderBinaryBody', { property: body.binaryProperty })}</p>
        </>
      )}
    </div>
  );
}

const AUTH_TYPES: RequestAuth['type'][] = ['none', 'bearer', 'basic', 'apiKeyHeader', 'apiKeyQuery'];

function AuthEditor({ auth, onChange }: { auth: RequestAuth; onChange: (auth: RequestAuth) => void }) {
  const switchTo = (type: RequestAuth['type']) => {
    if (type === 'none') onChange({ type });
    else if (type === 'bearer') onChange({ type, token: '' });
    else if (type === 'basic') onChange({ type, username: '', password: '' });
    else if (type === 'apiKeyHeader') onChange({ type, name: 'X-API-Key', value: '' });
    else if (type === 'apiKeyQuery') onChange({ type, name: 'api_key', value: '' });
  };
  return (
    <div className="ah-stack" data-testid="auth-editor">
      <Field label={t('builderAuthType')}>
        <Select data-testid="auth-type" value={auth.type} onChange={(e) => switchTo(e.target.value as RequestAuth['type'])}>
          {(auth.type === 'oauth2' ? [...AUTH_TYPES, 'oauth2' as const] : AUTH_TYPES).map((type) => (
            <option key={type} value={type}>
              {t(`builderAuth_${type}`)}
            </option>
          ))}
        </Select>
      </Field>
      {auth.type === 'bearer' && (
        <Field label={t('builderToken')}>
          <SecretInput testId="auth-token" value={auth.token} onChange={(token) => onChange({ ...auth, token })} />
        </Field>
      )}
      {auth.type === 'basic' && (
        <>
          <Field label={t('builderUsername')}>
            <TextInput mono data-testid="auth-username" value={auth.username} onChange={(e) => onChange({ ...auth, username: e.target.value })} />
          </Field>
          <Field label={t('builderPassword')}>
            <SecretInput testId="auth-password" value={auth.password} onChange={(password) => onChange({ ...auth, password })} />
          </Field>
        </>
      )}
      {(auth.type === 'apiKeyHeader' || auth.type === 'apiKeyQuery') && (
        <>
          <Field label={t(auth.type === 'apiKeyHeader' ? 'builderKeyHeader' : 'builderKeyQuery')}>
            <TextInput mono data-testid="auth-key-name" value={auth.name} onChange={(e) => onChange({ ...auth, name: e.target.value })} />
          </Field>
          <Field label={t('builderKeyValue')}>
            <SecretInput testId="auth-key-value" value={auth.value} onChange={(value) => onChange({ ...auth, value })} />
          </Field>
        </>
      )}
      {auth.type === 'oauth2' && <p className="ah-hint">{t('builderOauth2')}</p>}
      {auth.type !== 'none' && auth.type !== 'oauth2' && <p className="ah-hint">{t('builderAuthToCredential')}</p>}
    </div>
  );
}

/** A file for a test send (the node reads its file from the incoming item instead). */
function FilePicker({ file, onPick, testId }: { file: File | undefined; onPick: (file: File | null) => void; testId: string }) {
  return (
    <span className="builder-file">
      <input type="file" aria-label={t('builderChooseFile')} data-testid={testId} onChange={(e) => onPick(e.target.files?.[0] ?? null)} />
      {file && <span className="ah-muted">{t('builderFileChosen', { name: file.name, size: `${Math.max(1, Math.round(file.size / 1024))} KB` })}</span>}
    </span>
  );
}

/** A secret: dots until the user reveals it. */
function SecretInput({ value, onChange, testId, placeholder }: { value: string; onChange: (value: string) => void; testId: string; placeholder?: string | undefined }) {
  const [shown, setShown] = useState(false);
  return (
    <span className="builder-secret">
      <TextInput mono type={shown ? 'text' : 'password'} autoComplete="off" data-testid={testId} value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />
      <Button size="sm" variant="ghost" aria-pressed={shown} data-testid={`${testId}-reveal`} onClick={() => setShown(!shown)}>
        {t(shown ? 'builderHide' : 'builderReveal')}
      </Button>
    </span>
  );
}
