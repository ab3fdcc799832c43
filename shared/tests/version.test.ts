import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../src/errors.ts';
import { AIHTTP_VERSION, clientId, clientVersionProblem, compatibilityLine } from '../src/version.ts';

describe('the one version', () => {
  it('is the root package.json version', () => {
    const root = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(AIHTTP_VERSION).toBe(root.version);
    expect(clientId('extension')).toBe(`extension/${root.version}`);
  });

  it('is the only version: no workspace package declares one of its own', () => {
    for (const pkg of ['shared', 'server', 'extension']) {
      const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, `../../${pkg}/package.json`), 'utf8')) as { version?: string };
      expect(manifest.version, `${pkg}/package.json`).toBeUndefined();
    }
  });

  it('shares the major, or the minor while the major is 0', () => {
    expect(compatibilityLine('2.7.1')).toBe('2');
    expect(compatibilityLine('0.4.9')).toBe('0.4');
  });
});

describe('clientVersionProblem', () => {
  it('accepts a client of the same line, and requests that name no client', () => {
    expect(clientVersionProblem('extension/2.0.0', '2.9.3')).toBeNull();
    expect(clientVersionProblem('extension/2.9.9-beta.1', '2.0.0')).toBeNull();
    expect(clientVersionProblem('extension/0.4.0', '0.4.7')).toBeNull();
    expect(clientVersionProblem(undefined, '2.0.0')).toBeNull();
    expect(clientVersionProblem('', '2.0.0')).toBeNull();
  });

  it('refuses another major with CLIENT_UNSUPPORTED (426), saying which side to update', () => {
    const old = clientVersionProblem('extension/1.8.0', '2.1.0');
    expect(old).toMatchObject({ code: 'CLIENT_UNSUPPORTED', status: 426, details: { serverVersion: '2.1.0', clientVersion: '1.8.0', speaks: '2.x' } });
    expect(old!.message).toBe('This AI-HTTP server is version 2.1.0 and speaks extension 2.x; this extension is 1.8.0. Update the extension to 2.x.');
    expect(clientVersionProblem('extension/3.0.0', '2.1.0')!.message).toMatch(/Update the server to 3\.x\.$/);
    expect(ERROR_CODES.CLIENT_UNSUPPORTED.status).toBe(426);
  });

  it('refuses another minor while the major is 0', () => {
    expect(clientVersionProblem('extension/0.1.0', '0.2.0')!.message).toMatch(/speaks extension 0\.2\.x; this extension is 0\.1\.0\. Update the extension to 0\.2\.x\.$/);
    expect(clientVersionProblem('extension/1.0.0', '0.9.0')!.message).toMatch(/Update the server to 1\.x\.$/);
  });

  it('refuses a client name it cannot read', () => {
    expect(clientVersionProblem('extension/latest', '2.0.0')).toMatchObject({ code: 'CLIENT_UNSUPPORTED', details: { speaks: '2.x' } });
    expect(clientVersionProblem('x'.repeat(500), '2.0.0')!.message.length).toBeLessThan(200);
  });
});
