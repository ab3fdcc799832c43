// What leaves this device when an account syncs (issue 17), said plainly, and "On this device only"
// per saved request, template and n8n instance.
import { useEffect, useState } from 'react';
import { t } from '../../common/i18n.ts';
import { sendMessage, type SyncScopeView } from '../../common/messages.ts';
import { Badge, Card, Checkbox } from '../../design/index.ts';

export function SyncScopeCard({ serverUrl }: { serverUrl: string }) {
  const [scope, setScope] = useState<SyncScopeView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    void sendMessage('syncScope', undefined).then((result) => result.ok && setScope(result.value));
  }, []);
  const keepHere = async (entity: 'savedRequest' | 'instance', id: string, localOnly: boolean) => {
    setProblem(null);
    const result = await sendMessage('setLocalOnly', { entity, id, localOnly });
    if (result.ok) setScope(result.value);
    else setProblem(result.error.message);
  };
  const setHistorySync = async (on: boolean) => {
    setProblem(null);
    const result = await sendMessage('setHistorySync', { on });
    if (result.ok) setScope(result.value);
    else setProblem(result.error.message);
  };
  return (
    <Card title={t('syncScopeTitle')} level={2} data-testid="sync-scope">
      <div className="ah-stack">
        <p>{t('syncScopeSent', { server: serverUrl })}</p>
        <p>{t(scope?.historySync ? 'syncScopeNotSentHistorySynced' : 'syncScopeNotSent')}</p>
        <Checkbox label={t('syncScopeHistory')} checked={scope?.historySync ?? false} onCheckedChange={(on) => void setHistorySync(on)} data-testid="sync-history" />
        <p className="ah-muted">{t('syncScopeLocalHelp')}</p>
        <h3 className="options-subtitle">{t('syncScopeRequests')}</h3>
        {scope?.savedRequests.length === 0 && <p className="ah-muted">{t('syncScopeNone')}</p>}
        <ul className="ah-list" data-testid="sync-scope-requests">
          {scope?.savedRequests.map((row) => (
            <li key={row.id} data-id={row.id}>
              <span className="options-instance">
                {row.name} {row.kind === 'template' && <Badge>{t('syncScopeTemplate')}</Badge>}
              </span>
              <span className="ah-spacer" />
              <Checkbox label={t('syncScopeLocal')} checked={row.localOnly} onCheckedChange={(checked) => void keepHere('savedRequest', row.id, checked)} data-testid="sync-local-only" />
            </li>
          ))}
        </ul>
        <h3 className="options-subtitle">{t('syncScopeInstances')}</h3>
        {scope?.instances.length === 0 && <p className="ah-muted">{t('syncScopeNone')}</p>}
        <ul className="ah-list" data-testid="sync-scope-instances">
          {scope?.instances.map((row) => (
            <li key={row.origin} data-origin={row.origin}>
              <span className="options-instance">
                {row.name} <code>{row.origin}</code>
              </span>
              <span className="ah-spacer" />
              <Checkbox label={t('syncScopeLocal')} checked={row.localOnly} onCheckedChange={(checked) => void keepHere('instance', row.origin, checked)} data-testid="sync-local-only" />
            </li>
          ))}
        </ul>
        {problem && (
          <p role="alert" className="ah-callout" data-tone="danger">
            {problem}
          </p>
        )}
      </div>
    </Card>
  );
}
