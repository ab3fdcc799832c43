// "Explain with AI" under the offline explanation of a failed execution: the button (or why it is
// off), the preview of exactly what will be sent, the answer as it streams, and its fixes, each
// parameter change offered as an edit to apply to the node on the canvas.
import type { ExecutionDigest } from '@ai-http/shared/n8n/digest-schema';
import { t } from '../../common/i18n.ts';
import { Button, CheckIcon, CloseIcon, InfoIcon, Spinner } from '../../design/index.ts';
import { applicableEdit, type AiExplainState } from './ai-explain.ts';
import { MixedText } from './bidi.tsx';
import type { DebuggerPanel as Panel, PanelState } from './panel-store.ts';

export function AiExplain({ state, panel, digest }: { state: PanelState; panel: Panel; digest: ExecutionDigest }) {
  if (!digest.error || !state.aiRoute) return null;
  const route = state.aiRoute;
  const explain = state.explain?.executionId === digest.executionId ? state.explain : null;
  if (route.kind === 'none' && !explain)
    return (
      <div className="debugger-block ai-explain">
        <Button size="sm" disabled data-testid="explain-ai" aria-describedby="ai-explain-hint">
          {t('aiExplain')}
        </Button>
        <p id="ai-explain-hint" className="ah-muted ai-explain-hint" data-testid="explain-ai-hint">
          <InfoIcon />
          {t('aiExplainNone')}
        </p>
      </div>
    );
  if (!explain)
    return (
      <div className="debugger-block ai-explain">
        <div className="ah-row">
          <Button size="sm" variant="primary" data-testid="explain-ai" onClick={() => panel.previewExplain()}>
            {t('aiExplain')}
          </Button>
          <span className="ah-muted" data-testid="explain-ai-via">
            {route.kind === 'server' ? t('aiExplainViaServer') : route.kind === 'own' ? t('aiExplainViaOwn', { model: route.model }) : ''}
          </span>
        </div>
      </div>
    );
  return (
    <div className="debugger-block ai-explain" data-testid="ai-explain" data-phase={explain.phase}>
      {explain.phase === 'preview' ? <Preview explain={explain} panel={panel} /> : <Answer explain={explain} panel={panel} />}
    </div>
  );
}

function Preview({ explain, panel }: { explain: AiExplainState; panel: Panel }) {
  return (
    <>
      <h3>{t('aiExplainPreviewTitle')}</h3>
      <p className="ah-muted">{t('aiExplainPreviewHint')}</p>
      <details open data-testid="explain-preview" className="ai-explain-preview">
        <summary>{t('aiExplainPreviewSummary')}</summary>
        <pre dir="ltr" data-testid="explain-payload">
          {JSON.stringify(explain.payload, null, 2)}
        </pre>
      </details>
      <div className="ah-row">
        <Button size="sm" variant="primary" data-testid="explain-send" onClick={() => panel.sendExplain()}>
          {t('aiExplainSend')}
        </Button>
        <Button size="sm" variant="ghost" data-testid="explain-cancel" onClick={() => panel.closeExplain()}>
          {t('aiExplainCancel')}
        </Button>
      </div>
    </>
  );
}

function Answer({ explain, panel }: { explain: AiExplainState; panel: Panel }) {
  const streaming = explain.phase === 'streaming';
  return (
    <>
      <div className="debugger-block-header">
        <h3>{t('aiExplainTitle')}</h3>
        <Button size="sm" variant="ghost" icon={<CloseIcon />} data-testid="explain-close" onClick={() => panel.closeExplain()}>
          {streaming ? t('aiExplainStop') : t('aiExplainClose')}
        </Button>
      </div>
      {streaming && (
        <p className="ah-muted ai-explain-working" role="status" data-testid="explain-working">
          <Spinner size="sm" label="" />
          {t('aiExplainWorking')}
        </p>
      )}
      {explain.partial && (
        <p data-testid="ai-explanation" aria-live="polite">
          <MixedText text={explain.partial} />
        </p>
      )}
      {explain.phase === 'failed' && (
        <p role="alert" className="ah-callout" data-tone="warning" data-testid="explain-failed">
          {t('aiExplainFailed', { message: explain.message ?? '' })}
        </p>
      )}
      {explain.result && explain.result.fixes.length > 0 && (
        <>
          <h4 className="ai-fixes-title">{t('aiExplainFixes')}</h4>
          <ol data-testid="ai-fixes" className="ai-fixes">
            {explain.result.fixes.map((fix, index) => (
              <Fix key={index} fix={fix} index={index} explain={explain} panel={panel} />
            ))}
          </ol>
        </>
      )}
    </>
  );
}

function Fix({ fix, index, explain, panel }: { fix: NonNullable<AiExplainState['result']>['fixes'][number]; index: number; explain: AiExplainState; panel: Panel }) {
  const edit = applicableEdit(fix);
  const applied = explain.edits[index];
  return (
    <li data-testid="ai-fix" data-editable={edit ? 'true' : undefined}>
      <MixedText text={fix.text} />
      {edit && (
        <div className="ai-fix-edit">
          <code dir="ltr" data-testid="ai-fix-change">
            {edit.parameter} = {JSON.stringify(edit.value)}
          </code>
          {applied?.state === 'applied' ? (
            <span role="status" className="ai-fix-applied" data-testid="ai-fix-applied">
              <CheckIcon />
              {t('aiExplainApplied')}
            </span>
          ) : (
            <Button size="sm" data-testid="apply-fix" loading={applied?.state === 'applying'} onClick={() => void panel.applyFix(index)}>
              {t('aiExplainApply')}
            </Button>
          )}
          {applied?.state === 'failed' && (
            <span role="alert" className="ah-callout" data-tone="danger" data-testid="ai-fix-failed">
              {t('aiExplainApplyFailed', { message: applied.message })}
            </span>
          )}
        </div>
      )}
    </li>
  );
}
