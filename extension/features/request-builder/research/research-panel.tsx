// "Research this API" in the builder: the API's name or documentation URL, the task's progress
// lines as they come, Cancel, and the templates its answer became, each with the page it was read
// from. Research runs on the signed-in server (its Manus key stays there): without an account, or
// on a server without Manus, the view says so instead of offering a button that cannot work.
import type { Template } from '@ai-http/shared/templates/schema';
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { t } from '../../../common/i18n.ts';
import { Badge, Button, ExternalIcon, Field, Spinner, TextInput } from '../../../design/index.ts';
import type { Research } from './research.ts';

export function ResearchPanel({ research, initialApi, onUse }: { research: Research; initialApi: string; onUse: (template: Template) => void }) {
  const state = useStore(research.store);
  const [api, setApi] = useState(initialApi);
  useEffect(() => () => research.close(), [research]);
  const busy = state.phase === 'starting' || state.phase === 'running';
  return (
    <section className="ah-stack research" data-testid="research" data-phase={state.phase} aria-label={t('researchTitle')}>
      <h3>{t('researchTitle')}</h3>
      <p className="ah-muted">{t('researchHint')}</p>
      <form
        className="ah-row research-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (api.trim().length >= 2) void research.start(api.trim());
        }}
      >
        <Field label={t('researchApi')}>
          <TextInput data-testid="research-api" value={api} disabled={busy} onChange={(e) => setApi(e.target.value)} />
        </Field>
        {busy ? (
          <Button size="sm" variant="danger" data-testid="research-cancel" disabled={state.phase === 'starting'} onClick={() => void research.cancel()}>
            {t('researchCancel')}
          </Button>
        ) : (
          <Button type="submit" size="sm" variant="primary" data-testid="research-start" disabled={api.trim().length < 2}>
            {t('researchStart')}
          </Button>
        )}
      </form>
      {state.phase === 'unavailable' && (
        <p role="alert" className="ah-callout" data-tone="warning" data-testid="research-unavailable">
          {t(state.reason === 'signIn' ? 'researchSignIn' : 'researchNoManus')}
        </p>
      )}
      {busy && (
        <p role="status" className="ah-muted research-working">
          <Spinner size="sm" label="" />
          {t('researchWorking')}
        </p>
      )}
      {state.progress.length > 0 && (
        <ol data-testid="research-progress" className="research-progress" aria-live="polite">
          {state.progress.map((line, index) => (
            <li key={index}>{line}</li>
          ))}
        </ol>
      )}
      {state.task?.taskUrl && (
        <a href={state.task.taskUrl} target="_blank" rel="noreferrer" className="ah-muted" data-testid="research-task-url">
          <ExternalIcon />
          {t('researchTaskUrl')}
        </a>
      )}
      {state.phase === 'canceled' && (
        <p role="status" className="ah-callout" data-tone="neutral" data-testid="research-canceled">
          {t('researchCanceled')}
        </p>
      )}
      {state.problem && (
        <p role="alert" className="ah-callout" data-tone="danger" data-testid="research-problem">
          {state.problem}
        </p>
      )}
      {state.phase === 'stopped' && (
        <>
          <p role="status" className="ah-callout" data-tone="success">
            {t('researchDone', { count: state.task?.templates.length ?? 0 })}
          </p>
          <ul data-testid="research-results" className="ah-list builder-results">
            {state.task?.templates.map((template) => (
              <li key={template.id}>
                <span className="builder-result">
                  <Badge>{template.request.method}</Badge> <strong>{template.name}</strong>
                  {template.docsUrl && (
                    <a href={template.docsUrl} target="_blank" rel="noreferrer" dir="ltr" className="ah-muted" data-testid="research-source">
                      {template.docsUrl}
                    </a>
                  )}
                </span>
                <Button size="sm" data-testid="research-use" onClick={() => onUse(template)}>
                  {t('builderUse')}
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
