/**
 * Test helper (not a test): a recording stand-in for the `electron` module, with just the surface
 * main/electron/main.ts uses. The Electron binary cannot be downloaded here, so the real bundled
 * main process (dist/electron/main.cjs) is run against this object instead: every registration
 * (IPC handlers, protocol, permission handlers, menus, window options, listeners) is recorded so a
 * test can inspect it and call the recorded callbacks the way Electron would.
 */

export type Listener = (...args: unknown[]) => unknown;

/** An Electron-like event whose `preventDefault` is recorded. */
export interface PreventableEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function preventableEvent(): PreventableEvent {
  const event = {
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

/** Minimal EventEmitter keeping its listeners inspectable (main.ts registers, the test fires). */
export class RecordingEmitter {
  readonly listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  // Recorded like `on`: a test fires an event at most once where it matters.
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }

  /** Calls every listener of `event` with `args`; returns what they returned. */
  emit(event: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(event) ?? []).map((listener) => listener(...args));
  }

  count(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

export interface SentMessage {
  channel: string;
  args: unknown[];
}

export class FakeWebContents extends RecordingEmitter {
  readonly sent: SentMessage[] = [];
  windowOpenHandler: Listener | null = null;
  private readonly sendWatchers = new Set<(message: SentMessage) => void>();

  send(channel: string, ...args: unknown[]): void {
    const message = { channel, args };
    this.sent.push(message);
    for (const watcher of [...this.sendWatchers]) watcher(message);
  }

  setWindowOpenHandler(handler: Listener): void {
    this.windowOpenHandler = handler;
  }

  /** Resolves with the first message (already sent or future) matching `predicate`. */
  waitForSent(predicate: (message: SentMessage) => boolean): Promise<SentMessage> {
    const past = this.sent.find(predicate);
    if (past) return Promise.resolve(past);
    return new Promise((resolve) => {
      const watcher = (message: SentMessage): void => {
        if (!predicate(message)) return;
        this.sendWatchers.delete(watcher);
        resolve(message);
      };
      this.sendWatchers.add(watcher);
    });
  }
}

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DialogCall {
  parent: unknown;
  options: Record<string, unknown>;
}

export interface OpenDialogResult {
  canceled: boolean;
  filePaths: string[];
}

export interface SaveDialogResult {
  canceled: boolean;
  filePath?: string;
}

export type ElectronStandIn = ReturnType<typeof createElectronStandIn>;

/**
 * A fresh stand-in (its own windows, handlers and recordings). `appPath` is what
 * `app.getAppPath()` answers: main.ts serves `<appPath>/dist/renderer` and looks for
 * `<appPath>/resources`.
 */
export function createElectronStandIn(options: { appPath: string; version?: string }) {
  let markReady: () => void = () => undefined;
  const readyPromise = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  let ready = false;

  const windows: FakeBrowserWindow[] = [];

  class FakeBrowserWindow extends RecordingEmitter {
    readonly webContents = new FakeWebContents();
    readonly loadedUrls: string[] = [];
    normalBounds: Bounds = { x: 0, y: 0, width: 800, height: 600 };
    maximized = false;
    minimized = false;
    destroyed = false;
    restored = 0;
    focused = 0;
    shown = 0;

    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
    }

    static getAllWindows(): FakeBrowserWindow[] {
      return [...windows];
    }

    loadURL(url: string): Promise<void> {
      this.loadedUrls.push(url);
      return Promise.resolve();
    }

    getNormalBounds(): Bounds {
      return { ...this.normalBounds };
    }

    isMaximized(): boolean {
      return this.maximized;
    }

    maximize(): void {
      this.maximized = true;
    }

    isDestroyed(): boolean {
      return this.destroyed;
    }

    isMinimized(): boolean {
      return this.minimized;
    }

    restore(): void {
      this.minimized = false;
      this.restored += 1;
    }

    focus(): void {
      this.focused += 1;
    }

    show(): void {
      this.shown += 1;
    }
  }

  const recorded = {
    privilegedSchemes: [] as Array<{ schemes: unknown; whileReady: boolean }>,
    protocolHandlers: new Map<string, Listener>(),
    ipcHandlers: new Map<string, Listener>(),
    applicationMenus: [] as unknown[],
    permissionRequestHandler: null as Listener | null,
    permissionCheckHandler: null as Listener | null,
    errorBoxes: [] as Array<{ title: string; content: string }>,
    openDialogCalls: [] as DialogCall[],
    saveDialogCalls: [] as DialogCall[],
    openedPaths: [] as string[],
    paths: new Map<string, string>(),
    quitCalls: 0,
    /** The `before-quit` event each `app.quit()` emitted, in order. */
    quitEvents: [] as PreventableEvent[],
  };

  /** Called synchronously inside `app.quit()`, before `before-quit`: lets a test see the state then. */
  const quitHooks: Array<() => void> = [];

  /** What the next native dialogs answer (a test sets these before calling the API). */
  const dialogAnswers: { open: OpenDialogResult; save: SaveDialogResult } = {
    open: { canceled: true, filePaths: [] },
    save: { canceled: true },
  };

  const quitWatchers = new Set<() => void>();

  const app = new (class FakeApp extends RecordingEmitter {
    readonly isPackaged = false;

    getAppPath(): string {
      return options.appPath;
    }

    getVersion(): string {
      return options.version ?? '0.0.0-test';
    }

    setPath(name: string, value: string): void {
      recorded.paths.set(name, value);
    }

    isReady(): boolean {
      return ready;
    }

    whenReady(): Promise<void> {
      return readyPromise;
    }

    requestSingleInstanceLock(): boolean {
      return true;
    }

    // Like Electron: quitting emits `before-quit`, which a listener may prevent.
    quit(): void {
      recorded.quitCalls += 1;
      for (const hook of quitHooks) hook();
      const event = preventableEvent();
      recorded.quitEvents.push(event);
      this.emit('before-quit', event);
      for (const watcher of [...quitWatchers]) watcher();
    }
  })();

  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    dialog: {
      showOpenDialog(parent: unknown, dialogOptions: Record<string, unknown>): Promise<OpenDialogResult> {
        recorded.openDialogCalls.push({ parent, options: dialogOptions });
        return Promise.resolve(dialogAnswers.open);
      },
      showSaveDialog(parent: unknown, dialogOptions: Record<string, unknown>): Promise<SaveDialogResult> {
        recorded.saveDialogCalls.push({ parent, options: dialogOptions });
        return Promise.resolve(dialogAnswers.save);
      },
      showErrorBox(title: string, content: string): void {
        recorded.errorBoxes.push({ title, content });
      },
    },
    ipcMain: {
      handle(channel: string, handler: Listener): void {
        recorded.ipcHandlers.set(channel, handler);
      },
    },
    Menu: {
      buildFromTemplate(template: unknown): unknown {
        return template;
      },
      setApplicationMenu(menu: unknown): void {
        recorded.applicationMenus.push(menu);
      },
    },
    protocol: {
      registerSchemesAsPrivileged(schemes: unknown): void {
        recorded.privilegedSchemes.push({ schemes, whileReady: ready });
      },
      handle(scheme: string, handler: Listener): void {
        recorded.protocolHandlers.set(scheme, handler);
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler(handler: Listener): void {
          recorded.permissionRequestHandler = handler;
        },
        setPermissionCheckHandler(handler: Listener): void {
          recorded.permissionCheckHandler = handler;
        },
      },
    },
    shell: {
      openPath(file: string): Promise<string> {
        recorded.openedPaths.push(file);
        return Promise.resolve('');
      },
    },
  };

  return {
    /** The object `require('electron')` returns to the bundle. */
    electron,
    app,
    windows,
    recorded,
    dialogAnswers,
    quitHooks,
    FakeBrowserWindow,
    /** Fires `ready`: `app.whenReady()` resolves. */
    becomeReady(): void {
      ready = true;
      markReady();
    },
    /** Resolves once `app.quit()` has been called `count` times in all. */
    waitForQuit(count = 1): Promise<void> {
      if (recorded.quitCalls >= count) return Promise.resolve();
      return new Promise((resolve) => {
        const watcher = (): void => {
          if (recorded.quitCalls < count) return;
          quitWatchers.delete(watcher);
          resolve();
        };
        quitWatchers.add(watcher);
      });
    },
  };
}
