import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import { z } from 'zod';

/**
 * The providers, one settings shape for the server (AI_* variables) and the extension (its
 * options page). `openai-compatible` covers Ollama, LM Studio, vLLM and any OpenAI-wire server.
 */
export const AI_PROVIDERS = ['openai', 'anthropic', 'openai-compatible'] as const;
export const aiSettingsSchema = z
  .object({
    provider: z.enum(AI_PROVIDERS),
    model: z.string().trim().min(1).max(200),
    baseUrl: z.url({ protocol: /^https?$/ }).max(2000).optional(),
    apiKey: z.string().max(500).optional(),
  })
  .refine((s) => s.provider !== 'openai-compatible' || s.baseUrl, { message: 'an OpenAI-compatible provider needs a base URL', path: ['baseUrl'] });
export type AiSettings = z.infer<typeof aiSettingsSchema>;

/** Where a provider's API lives when no base URL is given (the extension asks for access to it). */
export const DEFAULT_BASE_URLS: Record<Exclude<AiSettings['provider'], 'openai-compatible'>, string> = { openai: 'https://api.openai.com/v1', anthropic: 'https://api.anthropic.com/v1' };

/** `inBrowser`: the extension's background calls the provider itself (Anthropic wants that said in a header). */
export function createLanguageModel(settings: AiSettings, { fetch, inBrowser = false }: { fetch?: typeof globalThis.fetch; inBrowser?: boolean } = {}): LanguageModel {
  const common = { ...(settings.baseUrl ? { baseURL: settings.baseUrl.replace(/\/$/, '') } : {}), ...(fetch ? { fetch } : {}) };
  switch (settings.provider) {
    case 'openai':
      // Chat completions: the wire every OpenAI-like server speaks (the default is the Responses API).
      return createOpenAI({ ...common, apiKey: settings.apiKey ?? '' }).chat(settings.model);
    case 'anthropic':
      return createAnthropic({ ...common, apiKey: settings.apiKey ?? '', ...(inBrowser ? { headers: { 'anthropic-dangerous-direct-browser-access': 'true' } } : {}) })(settings.model);
    case 'openai-compatible':
      return createOpenAICompatible({ name: 'compatible', baseURL: common.baseURL!, supportsStructuredOutputs: true, ...(settings.apiKey ? { apiKey: settings.apiKey } : {}), ...(fetch ? { fetch } : {}) }).chatModel(settings.model);
  }
}
