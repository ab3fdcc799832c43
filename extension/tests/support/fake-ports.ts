import { fakeBrowser } from 'wxt/testing/fake-browser';

type Listener<T> = (value: T) => void;

interface FakePort {
  name: string;
  sender?: { tab?: { id: number } };
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(l: Listener<unknown>): void; removeListener(l: Listener<unknown>): void };
  onDisconnect: { addListener(l: Listener<FakePort>): void };
}

/**
 * fakeBrowser leaves runtime.connect and runtime.onConnect unimplemented. This wires them in
 * memory like the browser does: connect() makes a pair of ports, hands one to every onConnect
 * listener, and messages posted on one side arrive (structured-cloned, asynchronously) on the
 * other. `dropAll()` disconnects every pair, as a restarting service worker would.
 */
export function installFakePorts() {
  const connectListeners: Listener<FakePort>[] = [];
  const pairs: [FakePort, FakePort][] = [];
  /** Every message a connecting side (the panel) posted, in order. */
  const sent: unknown[] = [];
  const makePort = (name: string): FakePort & { peer?: FakePort; closed: boolean; fire(message: unknown): void; fireDisconnect(): void } => {
    const messageListeners = new Set<Listener<unknown>>();
    const disconnectListeners: Listener<FakePort>[] = [];
    const port = {
      name,
      closed: false,
      peer: undefined as FakePort | undefined,
      postMessage(message: unknown) {
        if (port.closed) throw new Error('Attempting to use a disconnected port object');
        const copy = structuredClone(message);
        setTimeout(() => (port.peer as typeof port | undefined)?.fire(copy), 0);
      },
      disconnect() {
        if (port.closed) return;
        port.closed = true;
        const peer = port.peer as typeof port | undefined;
        if (peer && !peer.closed) {
          peer.closed = true;
          setTimeout(() => peer.fireDisconnect(), 0);
        }
      },
      fire: (message: unknown) => messageListeners.forEach((l) => l(message)),
      fireDisconnect: () => disconnectListeners.forEach((l) => l(port)),
      onMessage: { addListener: (l: Listener<unknown>) => messageListeners.add(l), removeListener: (l: Listener<unknown>) => messageListeners.delete(l) },
      onDisconnect: { addListener: (l: Listener<FakePort>) => disconnectListeners.push(l) },
    };
    return port;
  };
  Object.assign(fakeBrowser.runtime, {
    connect: ({ name = '' }: { name?: string } = {}) => {
      const panelSide = makePort(name);
      const backgroundSide = makePort(name);
      const post = panelSide.postMessage;
      panelSide.postMessage = (message: unknown) => (sent.push(message), post(message));
      panelSide.peer = backgroundSide;
      backgroundSide.peer = panelSide;
      backgroundSide.sender = { tab: { id: 1 } };
      pairs.push([panelSide, backgroundSide]);
      connectListeners.forEach((l) => l(backgroundSide));
      return panelSide;
    },
  });
  Object.assign(fakeBrowser.runtime.onConnect, {
    addListener: (l: Listener<FakePort>) => connectListeners.push(l),
    removeListener: (l: Listener<FakePort>) => connectListeners.splice(connectListeners.indexOf(l) >>> 0, 1),
    hasListener: () => connectListeners.length > 0,
  });
  return {
    /** Open pairs (the panel's side first). */
    pairs,
    sent,
    dropAll: () => pairs.splice(0).forEach(([, background]) => background.disconnect()),
  };
}
