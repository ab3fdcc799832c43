// The primitives' roles, names and keyboard behaviour, as Ark provides them, in happy-dom.
// The real browsers (focus trapping, painting, both themes) are in tests/e2e/design-gallery.e2e.ts.
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useEffect, type ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Button, IconButton } from './button.tsx';
import { Dialog, DialogClose } from './dialog.tsx';
import { EmptyState, Progress, Spinner, StatusPill } from './display.tsx';
import { Checkbox, Field, SearchInput, Select, Switch, TextArea, TextInput } from './field.tsx';
import { CloseIcon } from './icons.tsx';
import { Menu, MenuItem } from './menu.tsx';
import { DesignRoot } from './root.tsx';
import { Tab, TabList, TabPanel, Tabs } from './tabs.tsx';
import { ToastProvider, useToaster } from './toast.tsx';

afterEach(cleanup);

const inRoot = (ui: ReactNode, locale = 'en') => render(<DesignRoot locale={locale}>{ui}</DesignRoot>);

describe('DesignRoot', () => {
  it('sets direction and language from the locale, and the theme only when asked', () => {
    const { container, rerender } = render(<DesignRoot locale="ar">x</DesignRoot>);
    const root = container.querySelector('.ah-root')!;
    expect([root.getAttribute('dir'), root.getAttribute('lang'), root.hasAttribute('data-theme')]).toEqual(['rtl', 'ar', false]);
    rerender(
      <DesignRoot locale="en" theme="dark">
        x
      </DesignRoot>,
    );
    expect([root.getAttribute('dir'), root.getAttribute('data-theme')]).toEqual(['ltr', 'dark']);
  });
});

describe('Button and IconButton', () => {
  it('are real buttons with their variant, and block clicks while loading', async () => {
    const onClick = vi.fn();
    inRoot(
      <>
        <Button variant="primary" onClick={onClick}>
          Save
        </Button>
        <Button loading onClick={onClick}>
          Sending
        </Button>
      </>,
    );
    const save = screen.getByRole('button', { name: 'Save' });
    expect([save.getAttribute('type'), save.dataset.variant]).toEqual(['button', 'primary']);
    await userEvent.click(save);
    const sending = screen.getByRole('button', { name: 'Sending' });
    expect([sending.hasAttribute('disabled'), sending.getAttribute('aria-busy')]).toEqual([true, 'true']);
    await userEvent.click(sending);
    expect(onClick).toHaveBeenCalledTimes(1);
  });

  it('names an icon button by its label', () => {
    inRoot(<IconButton label="Close panel" icon={<CloseIcon />} />);
    expect(screen.getByRole('button', { name: 'Close panel' }).getAttribute('title')).toBe('Close panel');
  });
});

function ThreeTabs() {
  return (
    <Tabs defaultValue="params">
      <TabList aria-label="Request">
        <Tab value="params">Params</Tab>
        <Tab value="headers">Headers</Tab>
        <Tab value="body">Body</Tab>
      </TabList>
      <TabPanel value="params">Params panel</TabPanel>
      <TabPanel value="headers">Headers panel</TabPanel>
      <TabPanel value="body">Body panel</TabPanel>
    </Tabs>
  );
}

describe('Tabs', () => {
  it('wires tablist, tabs and panels', () => {
    inRoot(<ThreeTabs />);
    const list = screen.getByRole('tablist', { name: 'Request' });
    const tabs = within(list).getAllByRole('tab');
    expect(tabs.map((tab) => tab.getAttribute('aria-selected'))).toEqual(['true', 'false', 'false']);
    const panel = screen.getByRole('tabpanel');
    expect(panel.textContent).toBe('Params panel');
    expect(panel.getAttribute('aria-labelledby')).toBe(tabs[0]!.id);
  });

  it('moves with the arrow keys, Home and End', async () => {
    inRoot(<ThreeTabs />);
    await userEvent.click(screen.getByRole('tab', { name: 'Params' }));
    await userEvent.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Headers' }).getAttribute('aria-selected')).toBe('true');
    // The panel swaps once Ark's presence has run (a frame later).
    await waitFor(() => expect(screen.getByRole('tabpanel').textContent).toBe('Headers panel'));
    await userEvent.keyboard('{End}');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Body' }));
    await userEvent.keyboard('{Home}');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Params' }));
  });

  it('follows the reading direction in right-to-left', async () => {
    inRoot(<ThreeTabs />, 'ar');
    await userEvent.click(screen.getByRole('tab', { name: 'Params' }));
    // In Arabic the next tab is to the left.
    await userEvent.keyboard('{ArrowLeft}');
    expect(screen.getByRole('tab', { name: 'Headers' }).getAttribute('aria-selected')).toBe('true');
  });
});

describe('Dialog', () => {
  const dialog = (onOpenChange = vi.fn()) => (
    <Dialog
      title="Remove instance"
      description="Its API key is deleted too."
      closeLabel="Close"
      onOpenChange={onOpenChange}
      trigger={<Button>Remove…</Button>}
      footer={
        <DialogClose>
          <Button>Cancel</Button>
        </DialogClose>
      }
    >
      <TextInput aria-label="Type the name" />
    </Dialog>
  );

  it('opens labelled and described, with focus inside, and closes on Escape back to its trigger', async () => {
    const onOpenChange = vi.fn();
    inRoot(dialog(onOpenChange));
    const trigger = screen.getByRole('button', { name: 'Remove…' });
    await userEvent.click(trigger);
    const open = await screen.findByRole('dialog', { name: 'Remove instance' });
    expect(screen.getByText('Its API key is deleted too.').id).toBe(open.getAttribute('aria-describedby'));
    expect(open.getAttribute('aria-modal')).toBe('true');
    await waitFor(() => expect(open.contains(document.activeElement)).toBe(true));
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(onOpenChange).toHaveBeenLastCalledWith(false);
    await waitFor(() => expect(document.activeElement).toBe(trigger));
  });

  it('closes from a footer button', async () => {
    inRoot(dialog());
    await userEvent.click(screen.getByRole('button', { name: 'Remove…' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('portals into its root inside a shadow root, not into the page', async () => {
    const host = document.body.appendChild(document.createElement('div'));
    const shadow = host.attachShadow({ mode: 'open' });
    const container = shadow.appendChild(document.createElement('div'));
    render(<DesignRoot rootNode={shadow}>{dialog()}</DesignRoot>, { container });
    await userEvent.click(within(container).getByRole('button', { name: 'Remove…' }));
    const open = await within(container).findByRole('dialog');
    expect(open.getRootNode()).toBe(shadow);
    expect(open.closest('.ah-root')).not.toBeNull();
    expect(document.querySelector('[role=dialog]')).toBeNull();
    host.remove();
  });
});

describe('Menu', () => {
  it('opens from its button, moves with the arrows and selects with Enter', async () => {
    const copy = vi.fn();
    const remove = vi.fn();
    inRoot(
      <Menu trigger={<IconButton label="More actions" icon={<CloseIcon />} />}>
        <MenuItem value="copy" onSelect={copy}>
          Copy as cURL
        </MenuItem>
        <MenuItem value="remove" tone="danger" onSelect={remove}>
          Remove
        </MenuItem>
      </Menu>,
    );
    const trigger = screen.getByRole('button', { name: 'More actions' });
    expect(trigger.getAttribute('aria-haspopup')).toBe('menu');
    await userEvent.click(trigger);
    const menu = await screen.findByRole('menu');
    const items = within(menu).getAllByRole('menuitem');
    expect(items.map((item) => item.textContent)).toEqual(['Copy as cURL', 'Remove']);
    await userEvent.keyboard('{ArrowDown}');
    await waitFor(() => expect(items.find((item) => item.hasAttribute('data-highlighted'))?.textContent).toBeDefined());
    const highlighted = () => items.find((item) => item.hasAttribute('data-highlighted'))?.textContent;
    const before = highlighted();
    await userEvent.keyboard('{ArrowDown}');
    expect(highlighted()).not.toBe(before);
    await userEvent.keyboard('{Enter}');
    expect(copy.mock.calls.length + remove.mock.calls.length).toBe(1);
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());
  });
});

describe('toasts', () => {
  function Raise({ title }: { title: string }) {
    const toaster = useToaster();
    useEffect(() => {
      toaster.create({ title, description: 'Copied to the clipboard', type: 'success' });
    }, [toaster, title]);
    return null;
  }

  it('announce in a live region without taking focus', async () => {
    inRoot(
      <ToastProvider>
        <Raise title="Node ready" />
      </ToastProvider>,
    );
    const title = await screen.findByText('Node ready');
    const toast = title.closest('.ah-toast')!;
    expect(toast.getAttribute('role')).toBe('status');
    expect(screen.getByRole('region', { name: /Notifications/ }).getAttribute('aria-live')).toBe('polite');
    expect(toast.getAttribute('data-type')).toBe('success');
    expect(toast.contains(document.activeElement)).toBe(false);
    await userEvent.click(within(toast as HTMLElement).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(screen.queryByText('Node ready')).toBeNull(), { timeout: 3000 });
  });
});

describe('form fields', () => {
  it('tie the label, hint and error to the control', async () => {
    const { rerender } = inRoot(
      <Field label="n8n address" hint="Where your n8n runs" required>
        <TextInput data-testid="url" type="url" />
      </Field>,
    );
    const input = screen.getByLabelText(/n8n address/);
    expect(input).toBe(screen.getByTestId('url'));
    expect(input.hasAttribute('required')).toBe(true);
    const described = () => (input.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(described()).toContain('Where your n8n runs');
    expect(input.getAttribute('aria-invalid')).toBeNull();

    rerender(
      <DesignRoot>
        <Field label="n8n address" hint="Where your n8n runs" error="Not a URL" required>
          <TextInput data-testid="url" type="url" />
        </Field>
      </DesignRoot>,
    );
    expect(input.getAttribute('aria-invalid')).toBe('true');
    // Ark notices the error text appear through a MutationObserver.
    await waitFor(() => expect(described()).toContain('Not a URL'));
  });

  it('labels text areas and native selects the same way', async () => {
    const onChange = vi.fn();
    inRoot(
      <>
        <Field label="cURL">
          <TextArea mono />
        </Field>
        <Field label="Method">
          <Select onChange={(e) => onChange(e.target.value)}>
            <option>GET</option>
            <option>POST</option>
          </Select>
        </Field>
      </>,
    );
    expect(screen.getByLabelText('cURL').tagName).toBe('TEXTAREA');
    await userEvent.selectOptions(screen.getByLabelText('Method'), 'POST');
    expect(onChange).toHaveBeenCalledWith('POST');
  });

  it('names a search box by its placeholder', () => {
    inRoot(<SearchInput label="Search templates" />);
    const box = screen.getByRole('searchbox', { name: 'Search templates' });
    expect(box.getAttribute('placeholder')).toBe('Search templates');
  });

  it('toggles a checkbox and a switch by click and by Space', async () => {
    const onCheckbox = vi.fn();
    const onSwitch = vi.fn();
    inRoot(
      <>
        <Checkbox label="Keep secrets inline" onCheckedChange={onCheckbox} data-testid="inline" />
        <Switch label="Follow n8n's theme" defaultChecked onCheckedChange={onSwitch} />
      </>,
    );
    const checkbox = screen.getByRole('checkbox', { name: 'Keep secrets inline' });
    await userEvent.click(screen.getByText('Keep secrets inline'));
    expect(onCheckbox).toHaveBeenLastCalledWith(true);
    expect((checkbox as HTMLInputElement).checked).toBe(true);
    checkbox.focus();
    await userEvent.keyboard(' ');
    expect(onCheckbox).toHaveBeenLastCalledWith(false);

    const toggle = screen.getByRole('switch', { name: "Follow n8n's theme" });
    expect((toggle as HTMLInputElement).checked).toBe(true);
    await userEvent.click(screen.getByText("Follow n8n's theme"));
    expect(onSwitch).toHaveBeenLastCalledWith(false);
  });
});

describe('display', () => {
  it('gives progress its role and values, and none while indeterminate', () => {
    const { rerender } = inRoot(<Progress label="Importing spec" value={40} />);
    const bar = screen.getByRole('progressbar');
    expect([bar.getAttribute('aria-valuenow'), bar.getAttribute('aria-valuemax')]).toEqual(['40', '100']);
    expect(screen.getByText('Importing spec')).toBeDefined();
    rerender(
      <DesignRoot>
        <Progress label="Importing spec" value={null} />
      </DesignRoot>,
    );
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBeNull();
  });

  it('announces a labelled spinner and hides a decorative one', () => {
    inRoot(
      <>
        <Spinner label="Loading executions" />
        <Spinner label="" data-testid="quiet" />
      </>,
    );
    expect(screen.getByRole('status', { name: 'Loading executions' })).toBeDefined();
    expect(screen.getByTestId('quiet').getAttribute('aria-hidden')).toBe('true');
  });

  it('colours a status pill by status and keeps the words', () => {
    inRoot(
      <>
        <StatusPill status="error">failed</StatusPill>
        <StatusPill status="running">running</StatusPill>
        <StatusPill status="something-new">?</StatusPill>
      </>,
    );
    expect(screen.getByText('failed').dataset.tone).toBe('danger');
    expect(screen.getByText('running').hasAttribute('data-pulse')).toBe(true);
    expect(screen.getByText('?').dataset.tone).toBe('neutral');
  });

  it('shows an empty state with its action', async () => {
    const onAdd = vi.fn();
    inRoot(<EmptyState title="No executions yet" description="Run the workflow." action={<Button onClick={onAdd}>Run</Button>} />);
    expect(screen.getByText('No executions yet')).toBeDefined();
    await act(() => userEvent.click(screen.getByRole('button', { name: 'Run' })));
    expect(onAdd).toHaveBeenCalled();
  });
});
