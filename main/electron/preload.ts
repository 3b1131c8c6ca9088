/**
 * The preload of the app window (sandboxed, bundled to dist/electron/preload.cjs). It exposes
 * exactly two functions as `window.barometer` — `invoke(method, input)` and `on(event, listener)` —
 * never `ipcRenderer` itself. Inputs are only shape-checked here; the router validates them.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_CHANNEL, API_EVENT_CHANNEL, BRIDGE_NAME, EVENT_NAMES } from '../../shared/ipc-channels.js';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

// One IPC subscription for the page's lifetime, fanned out to the UI's listeners.
ipcRenderer.on(API_EVENT_CHANNEL, (_event: IpcRendererEvent, message: { event?: unknown; payload?: unknown }) => {
  if (typeof message?.event !== 'string') return;
  for (const listener of listeners.get(message.event) ?? []) {
    try {
      listener(message.payload);
    } catch (error) {
      console.error(error);
    }
  }
});

contextBridge.exposeInMainWorld(BRIDGE_NAME, {
  invoke(method: unknown, input?: unknown): Promise<unknown> {
    if (typeof method !== 'string') return Promise.reject(new TypeError('method must be a string'));
    return ipcRenderer.invoke(API_CHANNEL, method, input);
  },
  on(event: unknown, listener: unknown): () => void {
    if (typeof event !== 'string' || !(EVENT_NAMES as readonly string[]).includes(event) || typeof listener !== 'function') {
      throw new TypeError('unknown event or listener');
    }
    const set = listeners.get(event) ?? new Set<Listener>();
    set.add(listener as Listener);
    listeners.set(event, set);
    return () => {
      set.delete(listener as Listener);
    };
  },
});
