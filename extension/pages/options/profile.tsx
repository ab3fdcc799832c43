// The signed-in account's profile in the options page: name and email, the password (with the
// current one), and the sessions where the account is signed in, each revocable. Forms check
// their input with the shared zod schemas first; what the server refuses is shown in place, on
// the field it names (an email in use, a wrong current password), or above the form.
import { passwordChangeInput, profileInput, type AccountSessionView, type UserView } from '@ai-http/shared/api/resources';
import { describeZodIssues } from '@ai-http/shared/errors';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { t, uiLanguage } from '../../common/i18n.ts';
import { errorText } from '../../common/messages.ts';
import { sendProfileMessage } from '../../common/profile-messages.ts';
import { Badge, Button, Card, Field, TextInput } from '../../design/index.ts';

type Issues = Record<string, string>;
type Failure = { message: string; details?: unknown };

/** A failure's messages by the field they name, and what names no field (shown above the form). */
function issuesOf(error: Failure, fields: readonly string[]): { byField: Issues; general: string | null } {
  const issues = (error.details as { issues?: { path: string; message: string }[] } | null | undefined)?.issues ?? [];
  const byField: Issues = {};
  for (const issue of issues) if (fields.includes(issue.path)) byField[issue.path] ??= issue.message;
  return { byField, general: issues.length && issues.every((issue) => fields.includes(issue.path)) ? null : errorText(error) };
}

/** A zod check of a form's input, as the same failure shape the server answers with. */
function check<T>(schema: { safeParse(input: unknown): { success: true; data: T } | { success: false; error: Parameters<typeof describeZodIssues>[0] } }, input: unknown): { ok: true; value: T } | { ok: false; error: Failure } {
  const parsed = schema.safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: { message: t('profileInvalid'), details: { issues: describeZodIssues(parsed.error) } } };
}

export function Profile() {
  const [user, setUser] = useState<UserView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    void sendProfileMessage('profile', undefined).then((result) => (result.ok ? setUser(result.value) : setProblem(errorText(result.error))));
  }, []);
  if (problem)
    return (
      <p role="alert" className="ah-callout" data-tone="danger">
        {problem}
      </p>
    );
  if (!user) return null;
  return (
    <>
      <Details user={user} onSaved={setUser} />
      <Password />
      <Sessions />
    </>
  );
}

function Details({ user, onSaved }: { user: UserView; onSaved(user: UserView): void }) {
  const [name, setName] = useState(user.name);
  const [email, setEmail] = useState(user.email);
  const [issues, setIssues] = useState<{ byField: Issues; general: string | null }>({ byField: {}, general: null });
  const [saved, setSaved] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const input = check(profileInput, { ...(name !== user.name ? { name } : {}), ...(email !== user.email ? { email } : {}) });
    if (!input.ok) return setIssues(issuesOf(input.error, ['name', 'email']));
    const result = await sendProfileMessage('updateProfile', input.value);
    if (!result.ok) return setIssues(issuesOf(result.error, ['name', 'email']));
    setIssues({ byField: {}, general: null });
    setSaved(true);
    onSaved(result.value);
  };
  return (
    <Card title={t('profileTitle')} level={2} data-testid="profile">
      <form onSubmit={submit} className="options-form" data-testid="profile-form" noValidate>
        <div className="options-pair">
          <Field label={t('optionsName')} error={issues.byField.name}>
            <TextInput data-testid="profile-name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
          </Field>
          <Field label={t('optionsEmail')} error={issues.byField.email}>
            <TextInput data-testid="profile-email" type="email" dir="ltr" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
          </Field>
        </div>
        <FormFooter submit={t('profileSave')} testId="profile-save" general={issues.general} done={saved ? t('profileSaved') : null} />
      </form>
    </Card>
  );
}

function Password() {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [issues, setIssues] = useState<{ byField: Issues; general: string | null }>({ byField: {}, general: null });
  const [done, setDone] = useState<string | null>(null);
  const fields = ['currentPassword', 'newPassword'] as const;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const input = check(passwordChangeInput, { currentPassword, newPassword });
    if (!input.ok) return setIssues(issuesOf(input.error, fields));
    const result = await sendProfileMessage('changePassword', input.value);
    if (!result.ok) return setIssues(issuesOf(result.error, fields));
    setIssues({ byField: {}, general: null });
    setCurrent('');
    setNew('');
    setDone(t('profilePasswordChanged', { count: new Intl.NumberFormat(uiLanguage()).format(result.value.sessionsEnded) }));
  };
  return (
    <Card title={t('profilePasswordTitle')} level={2} data-testid="profile-password">
      <form onSubmit={submit} className="options-form" noValidate>
        <div className="options-pair">
          <Field label={t('profileCurrentPassword')} error={issues.byField.currentPassword}>
            <TextInput data-testid="profile-current-password" type="password" autoComplete="current-password" value={currentPassword} onChange={(e) => setCurrent(e.target.value)} />
          </Field>
          <Field label={t('profileNewPassword')} error={issues.byField.newPassword}>
            <TextInput data-testid="profile-new-password" type="password" autoComplete="new-password" value={newPassword} onChange={(e) => setNew(e.target.value)} />
          </Field>
        </div>
        <FormFooter submit={t('profilePasswordChange')} testId="profile-password-change" general={issues.general} done={done} />
      </form>
    </Card>
  );
}

function FormFooter({ submit, testId, general, done }: { submit: string; testId: string; general: string | null; done: string | null }) {
  return (
    <>
      {general && (
        <p role="alert" className="ah-callout options-message" data-tone="danger">
          {general}
        </p>
      )}
      {done && (
        <p role="status" className="ah-callout options-message" data-tone="success" data-testid={`${testId}-done`}>
          {done}
        </p>
      )}
      <div className="ah-row">
        <Button type="submit" variant="primary" data-testid={testId}>
          {submit}
        </Button>
      </div>
    </>
  );
}

function Sessions() {
  const [sessions, setSessions] = useState<AccountSessionView[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(async () => {
    const result = await sendProfileMessage('listSessions', undefined);
    if (result.ok) setSessions(result.value);
    setProblem(result.ok ? null : errorText(result.error));
  }, []);
  useEffect(() => void load(), [load]);
  const revoke = async (id: string) => {
    const result = await sendProfileMessage('revokeSession', { id });
    if (!result.ok) return setProblem(errorText(result.error));
    await load();
  };
  const when = new Intl.DateTimeFormat(uiLanguage(), { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <Card title={t('profileSessionsTitle')} description={t('profileSessionsHelp')} level={2} data-testid="profile-sessions">
      {problem && (
        <p role="alert" className="ah-callout options-message" data-tone="danger">
          {problem}
        </p>
      )}
      <ul className="ah-list options-list">
        {sessions?.map((session) => (
          <li key={session.id} data-session-id={session.id} data-current={session.current}>
            <span>{t('profileSessionTimes', { started: when.format(new Date(session.createdAt)), last: when.format(new Date(session.lastUsedAt)) })}</span>
            <span className="ah-spacer" />
            {session.current ? (
              <Badge tone="info">{t('profileSessionCurrent')}</Badge>
            ) : (
              <Button size="sm" variant="danger" data-testid="profile-session-revoke" onClick={() => void revoke(session.id)}>
                {t('profileSessionRevoke')}
              </Button>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
