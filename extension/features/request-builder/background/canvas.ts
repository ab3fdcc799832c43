// The builder's way onto the n8n canvas: functions run in the n8n tab's own world (MAIN), because
// n8n reads pastes and writes copies there. Each is self-contained (executeScript serialises it)
// and carries no secret: the node it pastes references a credential, it never holds one.
import { browser } from 'wxt/browser';

/**
 * Pastes n8n clipboard JSON onto the canvas the way a user's Ctrl+V does: n8n listens for `paste`
 * on the document and reads `text/plain`. Firefox ignores `clipboardData` in the event's
 * constructor, so the property is defined on the event. Focus leaves the overlay first: n8n
 * ignores pastes inside `.ignore-key-press-canvas`, which the overlay carries.
 */
function pasteInPage(text: string): boolean {
  (document.activeElement as HTMLElement | null)?.blur?.();
  const data = new DataTransfer();
  data.setData('text/plain', text);
  const event = new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: data });
  if (!event.clipboardData || event.clipboardData.getData('text/plain') !== text) Object.defineProperty(event, 'clipboardData', { value: data });
  document.dispatchEvent(event);
  return true;
}

/**
 * What n8n itself copies for the selected nodes (its Ctrl+C), caught on its way to the clipboard:
 * the node exactly as the canvas holds it, unsaved edits included. Null when nothing is selected.
 */
async function copySelectionInPage(): Promise<string | null> {
  const clipboard = navigator.clipboard;
  const original = clipboard.writeText.bind(clipboard);
  let copied: string | null = null;
  clipboard.writeText = async (text: string) => {
    copied = text;
  };
  try {
    (document.activeElement as HTMLElement | null)?.blur?.();
    const mac = /Mac/.test(navigator.platform);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'c', code: 'KeyC', ctrlKey: !mac, metaKey: mac, bubbles: true, cancelable: true }));
    for (let i = 0; i < 20 && copied === null; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    return copied;
  } finally {
    clipboard.writeText = original;
  }
}

export async function pasteOnCanvas(tabId: number, frameId: number, text: string): Promise<boolean> {
  const [result] = await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, world: 'MAIN', func: pasteInPage, args: [text] });
  return result?.result === true;
}

export async function copyCanvasSelection(tabId: number, frameId: number): Promise<string | null> {
  const [result] = await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, world: 'MAIN', func: copySelectionInPage });
  return (result?.result as string | null | undefined) ?? null;
}
