// "Explain with AI" in the panel's store: the preview (nothing sent, secrets gone), the streamed
// answer (partial text grows, the offline explanation untouched, a cut stream ends in a reason),
// and applying a fix's parameter change (node-edit.ts, pure), with a scripted stream and editor.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ExplainEvent } from '@ai-http/shared/ai/run';
import { summarizeExecution } from '@ai-http/shared/n8n/digest';
import type { ExecutionDigest } from '@ai-http/shared/n8n/digest-schema';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ExplainInput } from '../request-builder/protocol.ts';
import { applyExplainEvent, previewExplain } from './ai-explain.ts';
import { getNodeParameter, parseParameterPath, setNodeParameter } from './node-edit.ts';
import { createDebuggerPanel, type DebuggerPanel } from './panel-store.ts';
import { rowFromDigest } from './protocol.ts';

const fixture = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../shared/tests/fixtures/executions/closed-port.json'), 'utf8'));
const SECRET = 'sk_live_51Hsecretvalue0123456789';
const PASSWORD = 'hunter2-very-secret';
function failedDigest(): ExecutionDigest {
  const digest = { ...summarizeExecution(fixture), executionId: '15', workflowId: 'wf1' };
  // Secrets where the digest's own redaction does not look: an item echoing a header and a URL with a key.
  return {
    ...digest,
    failingNode: { ...digest.failingNode!, parameters: { ...digest.failingNode!.parameters, url: `https://api.example.com/orders?api_key=${SECRET}`, headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${SECRET}` }] }, password: PASSWORD } },
    inputItems: { items: [{ json: { note: `token ${SECRET}`, auth: { password: PASSWORD } } }], total: 1, truncated: false },
  };
}

interface Scripted {
  inputs: ExplainInput[];
  emit(event: ExplainEvent): void;
  gone(): void;
  cancelled: number;
}

function scriptedPanel(): { panel: DebuggerPanel; stream: Scripted; edits: { nodeName: string; parameter: string; value: unknown }[]; failEdit: { message: string | null } } {
  const stream: Scripted = { inputs: [], emit: () => {}, gone: () => {}, cancelled: 0 };
  const edits: { nodeName: string; parameter: string; value: unknown }[] = [];
  const failEdit = { message: null as string | null };
  const panel = createDebuggerPanel({ n8nBase: 'http://n8n.invalid', workflowId: 'wf1' }, () => ({ post() {}, close() {} }), {
    aiRoute: async () => ({ kind: 'own', model: 'llama3.1' }),
    explainConnect: (input, onEvent, onGone) => {
      stream.inputs.push(input);
      stream.emit = onEvent;
      stream.gone = onGone;
      return () => void stream.cancelled++;
    },
    applyEdit: async (edit) => {
      if (failEdit.message) throw new Error(failEdit.message);
      edits.push(edit);
    },
  });
  const digest = failedDigest();
  panel.store.setState({ phase: 'ready', executions: [rowFromDigest(digest)], selectedId: digest.executionId });
  return { panel, stream, edits, failEdit };
}

const usage = { inputTokens: 100, outputTokens: 20 };

describe('Explain with AI: preview, stream, fixes', () => {
  beforeEach(() => fakeBrowser.reset());

  it('previews exactly what will be sent, with no key, token or password, and sends nothing before the user confirms', async () => {
    const { panel, stream } = scriptedPanel();
    panel.previewExplain();
    const explain = panel.store.getState().explain!;
    expect(explain.phase).toBe('preview');
    const shown = JSON.stringify(explain.payload);
    expect(shown).not.toContain(SECRET);
    expect(shown).not.toContain(PASSWORD);
    expect(shown).toContain('[redacted]');
    expect(explain.payload.node?.name).toBe('Call API');
    expect(explain.payload.error?.message).toBe(failedDigest().error!.message);
    expect(stream.inputs).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 0));
    expect(panel.store.getState().aiRoute).toEqual({ kind: 'own', model: 'llama3.1' });
  });

  it('streams the explanation as it grows, then the fixes; the offline explanation in the digest stays as it was', () => {
    const { panel, stream } = scriptedPanel();
    const offline = failedDigest().explanation;
    panel.previewExplain();
    panel.sendExplain();
    expect(stream.inputs).toHaveLength(1);
    expect(stream.inputs[0]!.language).toBe('en');
    expect(panel.store.getState().explain!.phase).toBe('streaming');
    stream.emit({ type: 'sent', payload: panel.store.getState().explain!.payload });
    stream.emit({ type: 'partial', explanation: 'Nothing listens' });
    expect(panel.store.getState().explain!.partial).toBe('Nothing listens');
    stream.emit({ type: 'partial', explanation: 'Nothing listens on 127.0.0.1' });
    // A shorter partial (a re-sent chunk) never shrinks what is shown.
    stream.emit({ type: 'partial', explanation: 'Nothing' });
    expect(panel.store.getState().explain!.partial).toBe('Nothing listens on 127.0.0.1');
    stream.emit({ type: 'result', explanation: { explanation: 'Nothing listens on 127.0.0.1:39261.', fixes: [{ text: 'Start the API.', edit: null }, { text: 'Point the node at the right port.', edit: { parameter: 'url', value: 'http://127.0.0.1:8080/orders' } }] }, usage });
    const done = panel.store.getState().explain!;
    expect(done.phase).toBe('done');
    expect(done.partial).toBe('Nothing listens on 127.0.0.1:39261.');
    expect(done.result!.fixes).toHaveLength(2);
    expect(panel.store.getState().executions[0]!.digest!.explanation).toBe(offline);
    // Anything after the end is ignored.
    stream.emit({ type: 'failed', message: 'late', offline: { explanation: null, fixes: [] }, usage });
    expect(panel.store.getState().explain!.phase).toBe('done');
  });

  it('a provider failure or a stream that stops early ends in a reason, keeping what was shown', () => {
    const { panel, stream } = scriptedPanel();
    panel.previewExplain();
    panel.sendExplain();
    stream.emit({ type: 'partial', explanation: 'Half an' });
    stream.gone();
    expect(panel.store.getState().explain).toMatchObject({ phase: 'failed', partial: 'Half an', message: 'The AI call stopped before it finished.' });

    panel.previewExplain();
    panel.sendExplain();
    stream.emit({ type: 'failed', message: 'The AI provider is limiting requests (HTTP 429)', offline: { explanation: null, fixes: [] }, usage });
    expect(panel.store.getState().explain).toMatchObject({ phase: 'failed', message: expect.stringContaining('429') });
  });

  it('closing while it streams cancels the call', () => {
    const { panel, stream } = scriptedPanel();
    panel.previewExplain();
    panel.sendExplain();
    panel.closeExplain();
    expect(stream.cancelled).toBe(1);
    expect(panel.store.getState().explain).toBeNull();
  });

  it('applies a fix\'s parameter change to the failing node by name, and says when the editor refused', async () => {
    const { panel, stream, edits, failEdit } = scriptedPanel();
    panel.previewExplain();
    panel.sendExplain();
    stream.emit({ type: 'result', explanation: { explanation: 'x', fixes: [{ text: 'Raise the timeout.', edit: { parameter: 'options.timeout', value: 30000 } }, { text: 'Bad path.', edit: { parameter: '__proto__.x', value: 1 } }, { text: 'Port.', edit: { parameter: 'url', value: 'http://127.0.0.1:8080/orders' } }] }, usage });
    await panel.applyFix(0);
    expect(edits).toEqual([{ nodeName: 'Call API', parameter: 'options.timeout', value: 30000 }]);
    expect(panel.store.getState().explain!.edits[0]).toEqual({ state: 'applied' });
    // A path that reaches a prototype is never offered, nor sent.
    await panel.applyFix(1);
    expect(edits).toHaveLength(1);
    failEdit.message = 'The open workflow has no node named "Call API"';
    await panel.applyFix(2);
    expect(panel.store.getState().explain!.edits[2]).toEqual({ state: 'failed', message: failEdit.message });
  });

  it('asks for an Arabic answer when the UI is Arabic', () => {
    const original = navigator.language;
    Object.defineProperty(navigator, 'language', { value: 'ar', configurable: true });
    Object.defineProperty(navigator, 'languages', { value: ['ar'], configurable: true });
    try {
      const { panel, stream } = scriptedPanel();
      panel.previewExplain();
      panel.sendExplain();
      expect(stream.inputs[0]!.language).toBe('ar');
    } finally {
      Object.defineProperty(navigator, 'language', { value: original, configurable: true });
      Object.defineProperty(navigator, 'languages', { value: [original], configurable: true });
    }
  });

  it('ignores events until sent (the preview is not a call)', () => {
    const preview = previewExplain(failedDigest());
    expect(applyExplainEvent(preview, { type: 'partial', explanation: 'x' })).toBe(preview);
  });
});

describe('a fix\'s parameter path', () => {
  const parameters = { url: 'http://a', options: { timeout: 1000 }, headerParameters: { parameters: [{ name: 'A', value: '1' }] } };

  it('sets nested values without changing the input, making missing objects and lists on the way', () => {
    const next = setNodeParameter(parameters, 'options.timeout', 30000);
    expect(next.options).toEqual({ timeout: 30000 });
    expect(parameters.options.timeout).toBe(1000);
    expect(getNodeParameter(setNodeParameter(parameters, 'headerParameters.parameters[0].value', '2'), 'headerParameters.parameters[0].value')).toBe('2');
    expect(setNodeParameter(parameters, 'queryParameters.parameters[0]', { name: 'q', value: 'x' }).queryParameters).toEqual({ parameters: [{ name: 'q', value: 'x' }] });
    expect(setNodeParameter(parameters, 'options.redirect.redirect.followRedirects', false).options).toEqual({ timeout: 1000, redirect: { redirect: { followRedirects: false } } });
    // A path written from the node's view (`parameters.url`) names the same parameter.
    expect(setNodeParameter(parameters, 'parameters.url', 'http://b')).toEqual({ ...parameters, url: 'http://b' });
  });

  it('refuses a prototype, a malformed path, a path through a value, and a value n8n cannot hold', () => {
    for (const path of ['__proto__.polluted', 'constructor.prototype', 'a..b', '', 'a[x]', 'url/../x']) expect(parseParameterPath(path), path).toBeNull();
    expect(() => setNodeParameter(parameters, '__proto__.polluted', 1)).toThrow(/not a parameter/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(() => setNodeParameter(parameters, 'url.host', 'x')).toThrow(/does not fit/);
    expect(() => setNodeParameter(parameters, 'options.timeout', Number.NaN)).toThrow(/not a value/);
    expect(() => setNodeParameter(parameters, 'options.timeout', () => 1)).toThrow(/not a value/);
  });
});
