import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { OverlayContext, OverlayFeature, OverlayFeatureHandle } from '../features/feature.ts';
import { FEATURES } from '../features/registry.ts';
import { directionOf, t, uiLanguage } from '../common/i18n-shell.ts';
import { sendMessage, type OverlayStatus } from '../common/messages.ts';
import { isDarkTheme, isN8nDocument, isNodeViewOpen, NODE_VIEW_MIN_WIDTH, reserveRightStrip, workflowIdFromPath } from './n8n-page.ts';
import { OVERLAY_CSS } from './overlay-styles.ts';

export const OVERLAY_TAG = 'ai-http-overlay';
/** Asks the mounted overlay to open or close its panel (the keyboard shortcut). */
const TOGGLE_EVENT = 'ai-http:toggle';
/** The launcher rail's width: what n8n gives up while the panel is closed. */
const LAUNCHER_WIDTH = 36;
/** Whether the panel is open, per site (storage.local: the content script may read it, the page may not). */
const openKey = (origin: string) => `ai-http:panel-open:${origin}`;
/** n8n ignores paste and key events from elements with this class (see the team brief). */
export const CANVAS_IGNORE_CLASS = 'ignore-key-press-canvas';

function report(status: OverlayStatus): Promise<void> {
  return sendMessage('reportOverlayStatus', { status, url: location.href }).catch(() => undefined);
}

/** A feature reports the open workflow's failure count (the launcher's badge). */
const FAILURES_EVENT = 'ai-http:failures';

/** Where n8n lives: the origin plus any base path in front of `/workflow/`. */
export function n8nBaseOf(url: Pick<Location, 'origin' | 'pathname'>): string {
  const at = url.pathname.indexOf('/workflow/');
  return `${url.origin}${at > 0 ? url.pathname.slice(0, at) : ''}`;
}


/**
 * The content script's whole life on one tab: confirm the page is n8n, then mount the overlay
 * on `/workflow/:id` and remove it elsewhere, following the SPA's navigation. Each workflow
 * gets its features started with a signal that aborts on navigation and on extension reload.
 */
export async function runOverlay(ctx: ContentScriptContext, features: readonly OverlayFeature[] = FEATURES): Promise<void> {
  if (!isN8nDocument(document)) {
    await report('not-n8n');
    return;
  }
  let ui: ShadowRootContentScriptUi<HTMLElement> | undefined;
  let running: { workflowId: string; controller: AbortController } | undefined;
  let pending = Promise.resolve();
  const update = () =>
    (pending = pending.then(async () => {
      const workflowId = workflowIdFromPath(location.pathname);
      if (running && running.workflowId !== workflowId) {
        running.controller.abort();
        running = undefined;
      }
      if (workflowId && !ui && !ctx.isInvalid) {
        ui = await mountOverlay(ctx);
        await report('mounted');
      } else if (!workflowId && ui) {
        ui.remove();
        ui = undefined;
        await report('idle');
      }
      if (workflowId && ui?.mounted && !running) {
        const controller = new AbortController();
        ctx.onInvalidated(() => controller.abort());
        running = { workflowId, controller };
        const mounted = ui.mounted;
        const setFailures = (count: number) => mounted.dispatchEvent(new CustomEvent(FAILURES_EVENT, { detail: count }));
        startFeatures(mounted, features.filter((f) => f.include(location)), { workflowId, n8nBase: n8nBaseOf(location), setFailures }, controller.signal);
      }
    }));
  ctx.addEventListener(window, 'wxt:locationchange', update);
  // The browser command (Alt+Shift+H by default) arrives from the background.
  const onToggle = (message: unknown) => {
    if ((message as { type?: string })?.type === 'ai-http:toggle-overlay') ui?.mounted?.dispatchEvent(new Event(TOGGLE_EVENT));
  };
  browser.runtime.onMessage.addListener(onToggle);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onToggle));
  await update();
}

/**
 * One tab per feature (the debugger first): each feature gets its own panel, and hears when its
 * tab is shown, so a feature nobody opens loads nothing. The tab bar shows when there are two.
 */
function startFeatures(root: HTMLElement, features: readonly OverlayFeature[], context: Omit<OverlayContext, 'panel'>, signal: AbortSignal): void {
  const body = root.querySelector<HTMLElement>('.body')!;
  const bar = root.querySelector<HTMLElement>('.tabs')!;
  body.replaceChildren();
  bar.replaceChildren();
  bar.hidden = features.length < 2;
  const entries = features.map((feature) => {
    const panel = document.createElement('section');
    panel.className = 'feature';
    panel.dataset.feature = feature.id;
    panel.setAttribute('role', 'tabpanel');
    const tab = document.createElement('button');
    tab.type = 'button';
    tab.className = 'tab';
    tab.setAttribute('role', 'tab');
    tab.dataset.testid = `overlay-tab-${feature.id}`;
    tab.textContent = feature.title();
    body.append(panel);
    bar.append(tab);
    return { feature, panel, tab, handle: null as OverlayFeatureHandle | null, shown: false };
  });
  const select = (index: number) =>
    entries.forEach((entry, i) => {
      const selected = i === index;
      entry.panel.hidden = !selected;
      entry.tab.setAttribute('aria-selected', String(selected));
      entry.tab.tabIndex = selected ? 0 : -1;
      entry.shown = selected;
      if (selected) entry.handle?.onShown?.();
    });
  entries.forEach((entry, index) => {
    entry.tab.addEventListener('click', () => select(index));
    // Arrow keys move between tabs, following the reading direction.
    entry.tab.addEventListener('keydown', (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      const next = (index + (root.querySelector('.panel')?.getAttribute('dir') === 'rtl' ? -step : step) + entries.length) % entries.length;
      select(next);
      entries[next]!.tab.focus();
    });
  });
  select(0);
  for (const entry of entries) {
    void Promise.resolve(entry.feature.init({ panel: entry.panel, ...context }, signal))
      .then((handle) => {
        entry.handle = handle ?? null;
        if (entry.shown) entry.handle?.onShown?.();
      })
      .catch((error) => console.error(`[ai-http] ${entry.feature.id} failed`, error));
  }
}

async function mountOverlay(ctx: ContentScriptContext): Promise<ShadowRootContentScriptUi<HTMLElement>> {
  let stopFollowingPage = () => {};
  const key = openKey(location.origin);
  const startOpen = (await browser.storage.local.get(key).catch(() => ({})) as Record<string, unknown>)[key] !== false;
  const ui = await createShadowRootUi(ctx, {
    name: OVERLAY_TAG,
    position: 'overlay',
    // Beside n8n's body, not in it: n8n's body is narrowed to leave the panel its strip (reserveRightStrip).
    anchor: 'html',
    onMount(container, shadow, host) {
      host.classList.add(CANVAS_IGNORE_CLASS);
      container.classList.add(CANVAS_IGNORE_CLASS);
      container.dataset.role = 'overlay-root';
      const style = document.createElement('style');
      style.textContent = OVERLAY_CSS;
      shadow.append(style);
      const panel = document.createElement('div');
      panel.className = 'panel';
      panel.dataset.testid = 'overlay-panel';
      // Follow n8n's theme as it changes (its settings switch it without a reload), and the system's.
      const systemDark = matchMedia('(prefers-color-scheme: dark)');
      // On the container too, so the launcher beside the panel takes the theme.
      const applyTheme = () => (container.dataset.theme = panel.dataset.theme = isDarkTheme(document, systemDark.matches) ? 'dark' : 'light');
      applyTheme();
      const themeObserver = new MutationObserver(applyTheme);
      themeObserver.observe(document.body, { attributes: true, attributeFilter: ['data-theme'] });
      systemDark.addEventListener('change', applyTheme);
      const stopFollowingTheme = () => {
        themeObserver.disconnect();
        systemDark.removeEventListener('change', applyTheme);
      };
      // The panel follows the extension's UI language, not the page's.
      panel.dir = directionOf(uiLanguage());
      const header = document.createElement('header');
      const mark = document.createElement('span');
      mark.className = 'mark';
      mark.setAttribute('aria-hidden', 'true');
      mark.textContent = 'AI';
      const toggle = document.createElement('button');
      toggle.type = 'button';
      toggle.className = 'close';
      toggle.title = t('panelToggle');
      toggle.setAttribute('aria-label', t('panelToggle'));
      toggle.append(closeIcon());
      header.append(mark, 'AI-HTTP', toggle);
      // After ×, a small tab stays at the edge to bring the panel back, with the failure count.
      const launcher = document.createElement('button');
      launcher.type = 'button';
      launcher.className = 'launcher';
      launcher.dataset.testid = 'overlay-launcher';
      const launcherMark = mark.cloneNode(true);
      const badge = document.createElement('span');
      badge.className = 'launcher-badge';
      badge.dataset.testid = 'launcher-badge';
      badge.hidden = true;
      launcher.append(launcherMark, badge);
      const describeLauncher = (failures: number) => {
        const label = failures ? `${t('launcherOpen')}: ${t('launcherFailures', { count: failures })}` : t('launcherOpen');
        launcher.title = label;
        launcher.setAttribute('aria-label', label);
      };
      describeLauncher(0);
      container.addEventListener(FAILURES_EVENT, (event) => {
        const failures = (event as CustomEvent<number>).detail;
        badge.textContent = String(failures);
        badge.hidden = failures === 0;
        describeLauncher(failures);
      });
      // The panel's place: a strip at the right edge that n8n gives up (reserveRightStrip), the
      // panel's width while it is open, the launcher rail's while it is closed and while n8n's
      // node view is open (the node view keeps its room; the panel comes back when it closes).
      // Where the node view would not fit beside the rail, the rail steps aside until it closes.
      let open = startOpen;
      let width: number | null = null;
      let giveBack = () => {};
      const layout = () => {
        const nodeView = isNodeViewOpen(document);
        const shown = open && !nodeView;
        const railFits = !nodeView || innerWidth - LAUNCHER_WIDTH >= NODE_VIEW_MIN_WIDTH;
        panel.hidden = !shown;
        launcher.hidden = shown || !railFits;
        container.dataset.open = String(shown);
        const panelWidth = width ?? Math.round(Math.min(420, Math.max(300, innerWidth * 0.28)));
        panel.style.setProperty('--ai-http-width', `${panelWidth}px`);
        const strip = shown ? panelWidth : railFits ? LAUNCHER_WIDTH : 0;
        if (container.dataset.strip !== String(strip)) {
          container.dataset.strip = String(strip);
          if (strip) giveBack = reserveRightStrip(document, strip);
          else giveBack();
        }
      };
      const setOpen = (next: boolean, remember: boolean) => {
        open = next;
        layout();
        if (remember) void browser.storage.local.set({ [key]: next }).catch(() => undefined);
      };
      // n8n's node view opens and closes without a navigation: follow it.
      let nodeViewOpen = isNodeViewOpen(document);
      const nodeViewObserver = new MutationObserver(() => {
        if (isNodeViewOpen(document) === nodeViewOpen) return;
        nodeViewOpen = !nodeViewOpen;
        layout();
      });
      nodeViewObserver.observe(document.body, { childList: true, subtree: true });
      const onResize = (event: Event) => {
        if (event.isTrusted) layout();
      };
      window.addEventListener('resize', onResize);
      stopFollowingPage = () => {
        stopFollowingTheme();
        nodeViewObserver.disconnect();
        window.removeEventListener('resize', onResize);
        giveBack();
      };
      toggle.addEventListener('click', () => {
        setOpen(false, true);
        launcher.focus();
      });
      launcher.addEventListener('click', () => {
        setOpen(true, true);
        toggle.focus();
      });
      container.addEventListener(TOGGLE_EVENT, () => setOpen(panel.hidden === true, true));
      const tabs = document.createElement('nav');
      tabs.className = 'tabs';
      tabs.setAttribute('role', 'tablist');
      tabs.setAttribute('aria-label', 'AI-HTTP');
      tabs.hidden = true;
      const body = document.createElement('div');
      body.className = 'body';
      const resize = document.createElement('div');
      resize.className = 'resize';
      resize.addEventListener('pointerdown', (down) => {
        const startX = down.clientX;
        const startWidth = panel.getBoundingClientRect().width;
        // The panel is docked on the right (overlay-styles.ts): dragging its left edge leftwards widens it.
        const move = (event: PointerEvent) => {
          width = Math.round(Math.min(innerWidth * 0.6, Math.max(280, startWidth + startX - event.clientX)));
          layout();
        };
        const up = () => {
          window.removeEventListener('pointermove', move);
          window.removeEventListener('pointerup', up);
        };
        window.addEventListener('pointermove', move);
        window.addEventListener('pointerup', up);
      });
      panel.append(resize, header, tabs, body);
      launcher.dir = panel.dir;
      container.append(panel, launcher);
      setOpen(startOpen, false);
      return container;
    },
    onRemove() {
      stopFollowingPage();
    },
  });
  ui.mount();
  return ui;
}

/** The design system's close icon (design/icons.tsx), drawn without React: the shell stays small. */
function closeIcon(): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('aria-hidden', 'true');
  for (const d of ['M4 4l8 8', 'M12 4l-8 8']) {
    const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('d', d);
    path.setAttribute('stroke', 'currentColor');
    path.setAttribute('stroke-width', '1.6');
    path.setAttribute('stroke-linecap', 'round');
    svg.append(path);
  }
  return svg;
}
