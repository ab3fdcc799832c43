// The popup's "Enable on this site": Chrome closes the popup as its permission prompt takes focus,
// and Firefox refuses a request made after an await, so the request must leave in the click itself.
import { act, fireEvent, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { t } from '../../common/i18n.ts';
import { installFakeGrants } from '../../tests/support/fake-grants.ts';
import { SiteAccess } from './popup-app.tsx';

describe('the popup enables a site', () => {
  beforeEach(() => fakeBrowser.reset());

  it('asks for the permission synchronously inside the click, with nothing awaited before it', async () => {
    installFakeGrants({ tabs: [{ id: 7, url: 'https://n8n.acme.dev/workflow/1' }] });
    Object.assign(fakeBrowser.tabs, { query: async () => [{ id: 7, url: 'https://n8n.acme.dev/workflow/1' }] });
    let inClick = false;
    const asked: { origins?: string[]; duringClick: boolean }[] = [];
    // Denied, so the popup's own follow-up (none is needed after a grant) shows the refusal.
    Object.assign(fakeBrowser.permissions, {
      request: (permissions: { origins?: string[] }) => {
        asked.push({ ...permissions, duringClick: inClick });
        return Promise.resolve(false);
      },
    });
    render(<SiteAccess />);
    const button = await screen.findByRole('button', { name: t('popupEnable') });
    inClick = true;
    fireEvent.click(button);
    inClick = false;
    expect(asked).toEqual([{ origins: ['https://n8n.acme.dev/*'], duringClick: true }]);
    await act(() => Promise.resolve());
    expect((await screen.findByRole('alert')).textContent).toBe(t('popupPermissionDenied', { site: 'n8n.acme.dev' }));
  });
});
