// The "Research this API" view in happy-dom over a scripted transport (the server's answers as the
// background passes them on): the messages for no account and no Manus key, progress lines as
// they come, Cancel, and the templates made, each with its source URL. The real server, webhooks
// and Manus double are in server/tests/research.test.ts and the e2e (tests/e2e/research.e2e.ts).
import type { ResearchView } from '@ai-http/shared/api/ai';
import type { Template } from '@ai-http/shared/templates/schema';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DesignRoot } from '../../../design/index.ts';
import { createResearch, type ResearchTransport } from './research.ts';
import { ResearchPanel } from './research-panel.tsx';

afterEach(cleanup);

const refusal = (code: string, message: string) => Object.assign(new Error(message), { code });
const view = (status: ResearchView['status'], progress: string | null, templates: Template[] = []): ResearchView => ({ v: 1, taskId: 'task1', taskUrl: 'https://manus.im/app/task1', status, progress, problem: null, templates });
const template = (name: string, url: string, docsUrl: string): Template =>
  ({ v: 2, id: `t-${name}`, builtinId: null, isPublic: false, service: 'Acme', name, description: '', tags: ['researched'], docsUrl, updatedAt: null, request: { v: 1, name, method: 'GET', url, query: [], headers: [], body: { mode: 'none' }, auth: { type: 'none' }, description: '' } }) as unknown as Template;

function renderPanel(transport: ResearchTransport) {
  const research = createResearch(transport, { intervalMs: 20 });
  const onUse = vi.fn<(template: Template) => void>();
  render(
    <DesignRoot locale="en">
      <ResearchPanel research={research} initialApi="Acme widgets API" onUse={onUse} />
    </DesignRoot>,
  );
  return { research, onUse };
}

describe('Research this API', () => {
  it('says to sign in when there is no account, and that the server has no Manus key when it has none', async () => {
    const start = vi.fn<ResearchTransport['start']>().mockRejectedValueOnce(refusal('UNAUTHENTICATED', 'sign in')).mockRejectedValueOnce(refusal('AI_UNAVAILABLE', 'no MANUS_API_KEY'));
    renderPanel({ start, read: vi.fn(), cancel: vi.fn() });
    await userEvent.click(screen.getByTestId('research-start'));
    expect((await screen.findByTestId('research-unavailable')).textContent).toMatch(/sign in to one in the options page/);
    await userEvent.click(screen.getByTestId('research-start'));
    await waitFor(() => expect(screen.getByTestId('research-unavailable').textContent).toMatch(/no Manus key/));
    expect(start).toHaveBeenCalledWith({ api: 'Acme widgets API' });
  });

  it('shows each progress line once as it comes, and cancels', async () => {
    const read = vi.fn<ResearchTransport['read']>().mockResolvedValueOnce(view('running', 'Reading the Acme docs')).mockResolvedValueOnce(view('running', 'Reading the Acme docs')).mockResolvedValue(view('running', 'Listing the widget endpoints'));
    const cancel = vi.fn<ResearchTransport['cancel']>().mockResolvedValue(view('canceled', null));
    renderPanel({ start: async () => view('running', null), read, cancel });
    await userEvent.click(screen.getByTestId('research-start'));
    await waitFor(() => expect(screen.getByTestId('research-progress').querySelectorAll('li')).toHaveLength(2));
    expect(screen.getByTestId('research-progress').textContent).toMatch(/Reading the Acme docs.*Listing the widget endpoints/);
    expect(screen.getByTestId('research-task-url').getAttribute('href')).toBe('https://manus.im/app/task1');
    await userEvent.click(screen.getByTestId('research-cancel'));
    expect((await screen.findByTestId('research-canceled')).textContent).toMatch(/nothing was added/);
    expect(cancel).toHaveBeenCalledWith('task1');
    // Following stops: no read after the cancel.
    const reads = read.mock.calls.length;
    await act(() => new Promise((r) => setTimeout(r, 80)));
    expect(read.mock.calls.length).toBe(reads);
  });

  it('lists the templates the answer became, each with its source URL, and opens one in the builder', async () => {
    const made = [template('List widgets', 'https://api.acme.test/v1/widgets', 'https://docs.acme.test/widgets#list'), template('Get a widget', 'https://api.acme.test/v1/widgets/{{id}}', 'https://docs.acme.test/widgets#get')];
    const { onUse } = renderPanel({ start: async () => view('running', null), read: async () => view('stopped', 'Done.', made), cancel: vi.fn() });
    await userEvent.click(screen.getByTestId('research-start'));
    await waitFor(() => expect(screen.getAllByTestId('research-source')).toHaveLength(2));
    expect(screen.getAllByTestId('research-source').map((a) => a.getAttribute('href'))).toEqual(['https://docs.acme.test/widgets#list', 'https://docs.acme.test/widgets#get']);
    expect(screen.getByText('Done: 2 requests became your templates.').tagName).toBe('P');
    await userEvent.click(screen.getAllByTestId('research-use')[1]!);
    expect(onUse).toHaveBeenCalledWith(made[1]);
  });

  it('says a failed task\'s reason', async () => {
    renderPanel({ start: async () => view('running', null), read: async () => ({ ...view('error', null), problem: 'Manus\'s answer was not a list of requests' }), cancel: vi.fn() });
    await userEvent.click(screen.getByTestId('research-start'));
    expect((await screen.findByTestId('research-problem')).textContent).toMatch(/not a list of requests/);
  });
});
