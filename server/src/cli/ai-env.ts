import { aiSettingsSchema, createLanguageModel } from '@ai-http/shared/ai/providers';

export type CliModel = { model: ReturnType<typeof createLanguageModel>; label: string; secrets: string[] } | { error: string } | null;

/**
 * The model the `ask` and `explain` commands use: the same AI_* variables as the server. Unset
 * AI_PROVIDER: null (the commands answer offline); a bad value: the variable and the reason.
 */
export function modelFromEnv(env: NodeJS.ProcessEnv = process.env): CliModel {
  const value = (name: string) => (env[name] === '' ? undefined : env[name]);
  if (!value('AI_PROVIDER')) return null;
  const parsed = aiSettingsSchema.safeParse({ provider: value('AI_PROVIDER'), model: value('AI_MODEL'), baseUrl: value('AI_BASE_URL'), apiKey: value('AI_API_KEY') });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = ({ provider: 'AI_PROVIDER', model: 'AI_MODEL', baseUrl: 'AI_BASE_URL', apiKey: 'AI_API_KEY' } as Record<string, string>)[String(issue.path[0])] ?? 'AI_PROVIDER';
    return { error: `${variable}: ${issue.path[0] === 'model' ? `is needed with AI_PROVIDER=${value('AI_PROVIDER')}` : issue.message}` };
  }
  const settings = parsed.data;
  return { model: createLanguageModel(settings), label: `${settings.provider} ${settings.model}`, secrets: settings.apiKey ? [settings.apiKey] : [] };
}

/** AI_TIMEOUT_SECONDS, as the server reads it (default 60). */
export const timeoutFromEnv = (env: NodeJS.ProcessEnv = process.env) => (Number(env.AI_TIMEOUT_SECONDS) > 0 ? Number(env.AI_TIMEOUT_SECONDS) * 1000 : 60_000);
