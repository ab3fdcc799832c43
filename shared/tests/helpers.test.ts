// The small helpers every package uses instead of its own one-liner.
import { describe, expect, it } from 'vitest';
import { isUuid } from '../src/ids.ts';
import { EXECUTION_STATUSES, isFailedStatus, isFinishedStatus, isOpenStatus } from '../src/n8n/digest-schema.ts';
import { normalizeBaseUrl, toWebSocketUrl } from '../src/url.ts';

describe('base URLs', () => {
  it('compare equal with and without trailing slashes, base path kept', () => {
    expect(normalizeBaseUrl('https://n8n.example.com/')).toBe('https://n8n.example.com');
    expect(normalizeBaseUrl('https://x.test/n8n//')).toBe('https://x.test/n8n');
    expect(normalizeBaseUrl('http://127.0.0.1:5678')).toBe('http://127.0.0.1:5678');
  });

  it('turn into WebSocket URLs', () => {
    expect(toWebSocketUrl('https://ai.example.com/', '/ws')).toBe('wss://ai.example.com/ws');
    expect(toWebSocketUrl('http://127.0.0.1:8787', '/ws')).toBe('ws://127.0.0.1:8787/ws');
  });
});

describe('ids', () => {
  it('accepts the uuids Postgres gives and nothing shaped loosely like them', () => {
    expect(isUuid(crypto.randomUUID())).toBe(true);
    for (const bad of ['', '-'.repeat(36), 'f'.repeat(36), `${crypto.randomUUID()}x`, 42, null]) expect(isUuid(bad)).toBe(false);
  });
});

describe('execution statuses', () => {
  it('split every status into finished or open, and failures among the finished', () => {
    expect(EXECUTION_STATUSES.filter(isFinishedStatus)).toEqual(['success', 'error', 'crashed', 'canceled']);
    expect(EXECUTION_STATUSES.filter(isOpenStatus)).toEqual(['running', 'waiting', 'new', 'unknown']);
    expect(EXECUTION_STATUSES.filter(isFailedStatus)).toEqual(['error', 'crashed']);
  });
});
