// How sync with the account's server stands, for the options page and the toolbar popup (issue 17):
// last sync, changes waiting, the last error, "Sync now", and the first sync's progress.
import { useEffect, useState } from 'react';
import { t, uiLanguage } from '../common/i18n.ts';
import { sendMessage, type SyncStatusView } from '../common/messages.ts';
import { Button, Card, Progress } from '../design/index.ts';

/** The status, read from the background while the page is open (it does not push its status to pages yet). */
function useSyncStatus(): [SyncStatusView | null, (status: SyncStatusView) => void] {
  const [status, setStatus] = useState<SyncStatusView | null>(null);
  useEffect(() => {
    const read = () => void sendMessage('syncStatus', undefined).then((result) => result.ok && setStatus(result.value));
    read();
    const timer = setInterval(read, 2_000);
    return () => clearInterval(timer);
  }, []);
  return [status, setStatus];
}

/**
 * `compact` (the popup): no card description, and nothing at all while no account syncs, so a
 * user without a server never sees it.
 */
export function SyncStatusCard({ compact = false }: { compact?: boolean }) {
  const [status, setStatus] = useSyncStatus();
  const [busy, setBusy] = useState(false);
  if (compact && !status?.enabled) return null;
  const syncNow = async () => {
    setBusy(true);
    const result = await sendMessage('syncNow', undefined);
    setBusy(false);
    if (result.ok) setStatus(result.value);
  };
  const when = new Intl.DateTimeFormat(uiLanguage(), compact ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' });
  const syncing = busy || !!status?.syncing;
  return (
    <Card title={t('syncTitle')} description={compact ? undefined : t('syncHelp')} level={2} data-testid="sync" className={compact ? 'sync-status-compact' : undefined}>
      {status?.progress && <Progress label={t('syncFirst', { count: String(status.progress.pulled) })} value={null} showValue={false} data-testid="sync-progress" />}
      <div className="ah-row">
        <span data-testid="sync-status">
          {status?.lastSyncAt ? t('syncLast', { time: when.format(status.lastSyncAt) }) : t('syncNever')} {status?.pending ? t('syncPending', { count: String(status.pending) }) : t('syncUpToDate')}
        </span>
        <span className="ah-spacer" />
        <Button size="sm" data-testid="sync-now" disabled={syncing} onClick={() => void syncNow()}>
          {t(syncing ? 'syncRunning' : 'syncNow')}
        </Button>
      </div>
      {status?.error && (
        <p role="alert" data-testid="sync-error" className="ah-callout sync-status-error" data-tone="danger">
          {t('syncFailed', { message: status.error })}
        </p>
      )}
    </Card>
  );
}
