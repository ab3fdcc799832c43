// The specs panel in happy-dom with the real store (fake-indexeddb) and the service run in-process
// (happy-dom has no module workers; the worker itself runs in the bench and the e2e): paste a spec,
// see it listed, search, pick a server, use an operation, delete the spec, and a bad paste.
import 'fake-indexeddb/auto';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DesignRoot, ToastProvider } from '../../../design/index.ts';
import { createInProcessSpecsClient } from './client.ts';
import { progressValue, SpecsPanel, type PickedOperation } from './specs-panel.tsx';
import { SpecStore, SpecsDatabase } from './store.ts';

const PETS = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'Pet Store', version: '1.2' },
  servers: [{ url: 'https://pets.example.com/v1' }, { url: 'https://sandbox.pets.example.com/v1' }],
  components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } } },
  security: [{ key: [] }],
  paths: {
    '/pets': {
      post: { operationId: 'createPet', summary: 'Create a pet', requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['name'], properties: { name: { type: 'string', description: 'The pet name' } } } } } } },
      get: { operationId: 'listPets', summary: 'List pets' },
    },
    '/pets/{petId}': { get: { operationId: 'getPet', summary: 'Get a pet', parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'integer' }, description: 'Which pet' }] } },
  },
});

const databases: SpecsDatabase[] = [];
afterEach(async () => {
  cleanup();
  for (const db of databases.splice(0)) await db.delete();
});

function renderPanel() {
  const db = new SpecsDatabase(`ai-http-specs-panel-${databases.length}-${Date.now()}`);
  databases.push(db);
  const client = createInProcessSpecsClient(new SpecStore(db));
  const onPick = vi.fn<(picked: PickedOperation) => void>();
  render(
    <DesignRoot locale="en">
      <ToastProvider>
        <SpecsPanel onPick={onPick} client={client} />
      </ToastProvider>
    </DesignRoot>,
  );
  return { onPick, client };
}

describe('SpecsPanel', () => {
  it('imports a pasted spec, searches it, and hands the chosen operation on the chosen server to the editor', async () => {
    const user = userEvent.setup();
    const { onPick } = renderPanel();
    await screen.findByTestId('spec-none');
    await user.click(screen.getByTestId('spec-paste'));
    await user.paste(PETS);
    await user.click(screen.getByTestId('spec-import-pasted'));
    const item = await screen.findByTestId('spec-item');
    expect(item.textContent).toContain('Pet Store');
    expect(item.textContent).toContain('3 operations');
    await user.selectOptions(within(item).getByTestId('spec-server'), 'https://sandbox.pets.example.com/v1');
    await user.type(screen.getByTestId('spec-search'), 'get a pet');
    const row = await waitFor(() => {
      const found = screen.getByTestId('spec-results').querySelector<HTMLElement>('li[data-operation-id=getPet]');
      expect(found).not.toBeNull();
      return found!;
    });
    await user.click(within(row).getByTestId('spec-use'));
    await waitFor(() => expect(onPick).toHaveBeenCalledOnce());
    const picked = onPick.mock.calls[0]![0];
    expect(picked.title).toBe('Pet Store');
    expect(picked.request).toMatchObject({ method: 'GET', url: 'https://sandbox.pets.example.com/v1/pets/{{petId}}', auth: { type: 'apiKeyHeader', name: 'X-Api-Key' } });
    expect(picked.fieldInfo.petId).toMatchObject({ type: 'integer', required: true, description: 'Which pet' });
    expect(picked.credentialHint).toMatchObject({ type: 'httpHeaderAuth', name: 'Pet Store (Header Auth)' });
  });

  it('shows what was wrong with a bad paste, keeps the text, and deletes a spec', async () => {
    const user = userEvent.setup();
    const { client } = renderPanel();
    await screen.findByTestId('spec-none');
    await user.click(screen.getByTestId('spec-paste'));
    await user.paste('{"name": "not a spec"}');
    await user.click(screen.getByTestId('spec-import-pasted'));
    expect((await screen.findByTestId('spec-error')).textContent).toMatch(/expected swagger "2\.0" or openapi/);
    expect((screen.getByTestId('spec-paste') as HTMLTextAreaElement).value).toBe('{"name": "not a spec"}');
    await client.importSpec({ text: PETS });
    // A fresh panel lists what an earlier session imported.
    cleanup();
    render(
      <DesignRoot locale="en">
        <ToastProvider>
          <SpecsPanel onPick={() => {}} client={client} />
        </ToastProvider>
      </DesignRoot>,
    );
    await user.click(await screen.findByTestId('spec-delete'));
    await screen.findByTestId('spec-none');
    expect(await client.store.list()).toEqual([]);
  });

  it('the bar is determinate once the size is known, and moves forward through the phases', () => {
    expect(progressValue({ phase: 'download', loaded: 10, total: 0 })).toBeNull();
    const values = [
      progressValue({ phase: 'download', loaded: 0, total: 100 }),
      progressValue({ phase: 'download', loaded: 100, total: 100 }),
      progressValue({ phase: 'parse', loaded: 1, total: 1 }),
      progressValue({ phase: 'index', loaded: 417, total: 417 }),
    ];
    expect(values).toEqual([0, 50, 80, 100]);
  });
});
