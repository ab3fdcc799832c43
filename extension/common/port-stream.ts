// A page's side of a streamed background call (Ask AI, Explain with AI): one input posted on a
// named runtime port, events back until the last one (`result` or `failed`), the port's closing
// before it reported. Runs in extension pages and in the overlay's content-script world.
import { browser } from 'wxt/browser';

/** Streams the events for `input` to `onEvent`; `onGone` when the port closes before a last event; the returned function cancels. */
export function streamOverPort<I, E extends { type: string }>(name: string, input: I, onEvent: (event: E) => void, onGone: () => void): () => void {
  const port = browser.runtime.connect({ name });
  let done = false;
  port.onMessage.addListener((event: E) => {
    if (event.type === 'result' || event.type === 'failed') done = true;
    onEvent(event);
  });
  port.onDisconnect.addListener(() => {
    if (!done) onGone();
  });
  port.postMessage(input);
  return () => {
    done = true;
    port.disconnect();
  };
}
