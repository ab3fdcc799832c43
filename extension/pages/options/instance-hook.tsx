import { useState } from 'react';
import { t } from '../../common/i18n.ts';
import { errorText, sendMessage, type InstanceHookView } from '../../common/messages.ts';
import { Button } from '../../design/index.ts';

/**
 * "Push from n8n" for one instance: the lines that make its n8n load the hook file and tell the
 * signed-in server about every execution at once, for docker-compose and for npm.
 */
export function InstanceHook({ origin }: { origin: string }) {
  const [hook, setHook] = useState<InstanceHookView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [open, setOpen] = useState(false);

  const toggle = async () => {
    if (open) return setOpen(false);
    setOpen(true);
    setProblem(null);
    const result = await sendMessage('instanceHook', { origin });
    if (!result.ok) setProblem(errorText(result.error));
    else if (!result.value) setProblem(t('optionsHookNotOnServer'));
    else setHook(result.value);
  };

  return (
    <div className="options-hook">
      <Button size="sm" variant="ghost" data-testid="instance-hook" aria-expanded={open} onClick={() => void toggle()}>
        {t('optionsHook')}
      </Button>
      {open && (
        <div className="ah-stack options-hook-body" data-testid="instance-hook-body">
          <p className="ah-muted">{t('optionsHookHelp')}</p>
          {problem && (
            <p role="status" className="ah-callout" data-testid="instance-hook-problem">
              {problem}
            </p>
          )}
          {hook && (
            <>
              <HookLines label={t('optionsHookCompose')} text={hook.dockerCompose} testId="instance-hook-compose" />
              <HookLines label={t('optionsHookNpm')} text={hook.npm} testId="instance-hook-npm" />
            </>
          )}
        </div>
      )}
    </div>
  );
}

function HookLines({ label, text, testId }: { label: string; text: string; testId: string }) {
  return (
    <div className="ah-stack">
      <div className="ah-row">
        <strong>{label}</strong>
        <span className="ah-spacer" />
        <Button size="sm" variant="ghost" onClick={() => void navigator.clipboard.writeText(text)}>
          {t('optionsCopy')}
        </Button>
      </div>
      <pre dir="ltr" className="options-key options-hook-lines" data-testid={testId}>
        {text}
      </pre>
    </div>
  );
}
