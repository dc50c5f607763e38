/**
 * The desk as a whole: login and logout over REST, one `DeskConnection` per login, and the
 * commands components use. Tabs of one browser share the login through storage: a login or
 * logout in one tab is followed by the others.
 */
import type { AlertSound } from '../alerts/alert-sound.js';
import type { LoginApi } from '../auth/login-api.js';
import type { DeskStorage, StoredLogin } from '../storage/desk-storage.js';
import {
  type ConnectionCommands,
  createDeskConnection,
  type DeskConnection,
  type DeskConnectionOptions,
} from './desk-connection.js';
import type { DeskError, DeskView } from './desk-state.js';
import type { DeskStore } from './desk-store.js';

/** Everything components may ask of the desk. */
export interface DeskCommands extends ConnectionCommands {
  login(email: string, password: string): void;
  /** Finishes a single sign-on: the ticket it came back with, for a login. */
  loginWithTicket(ticket: string): void;
  /** A single sign-on came back without an agent (`/desk/#sso-error=<code>`). */
  ssoFailed(code: string): void;
  /** Asks which single sign-on buttons to show (for the login screen). */
  loadSsoProviders(): void;
  logout(): void;
  show(view: DeskView): void;
  /** Lists only one site's chats (null: every site's); routing is not affected (issue 15). */
  filterSite(siteKey: string | null): void;
  closePreview(): void;
  closeTranscript(): void;
  dismissError(): void;
  /** Lets the alert sound play (browsers allow it only after the agent interacted with the page). */
  enableSound(): void;
  /** Who the agent is, as the file routes ask (issue 14: uploads and links, files/desk-files.ts). */
  fileHeaders(): Record<string, string>;
}

export interface DeskControllerOptions {
  origin: string;
  store: DeskStore;
  /** The team tools' state (issue 15). */
  tools: DeskConnectionOptions['tools'];
  storage: DeskStorage;
  api: LoginApi;
  sound: AlertSound;
  /** Offers a file to the agent to save (an export): a download in the browser. */
  saveFile: DeskConnectionOptions['saveFile'];
  connect?: DeskConnectionOptions['connect'];
}

export interface DeskController {
  commands: DeskCommands;
  /** A `storage` event's key: another tab logged in or out, saw or dismissed a chat. */
  storageChanged(key: string): void;
  /** Connects with the stored login, if there is one. */
  start(): void;
  dispose(): void;
}

const notConnected = { ok: false, error: { code: 'not_connected', message: 'Not logged in' } } as const;

/**
 * Creates the desk; nothing happens until `start`.
 * @example
 * const desk = createDeskController({ origin: location.origin, store, storage, api, sound });
 * desk.start();
 */
export function createDeskController(options: DeskControllerOptions): DeskController {
  const { store, storage, api, sound } = options;
  const { dispatch, getState } = store;
  let current: { login: StoredLogin; connection: DeskConnection } | undefined;

  const stop = () => {
    current?.connection.dispose();
    current = undefined;
  };

  const begin = (login: StoredLogin) => {
    stop();
    dispatch({ type: 'logged.in', agent: login.agent });
    const connection = createDeskConnection({
      origin: options.origin,
      login,
      store,
      tools: options.tools,
      storage,
      saveFile: options.saveFile,
      ...(options.connect ? { connect: options.connect } : {}),
      // Only this login's token is dropped: another tab may have stored a newer one meanwhile.
      onUnauthorized: (error) => end(error, login.token),
    });
    current = { login, connection };
    connection.start();
  };

  /** Back to the login screen; forgets the stored login when it is still `token`'s. */
  const end = (error: DeskError | undefined, token: string | undefined) => {
    stop();
    if (token !== undefined && storage.login()?.token === token) storage.clearLogin();
    dispatch({ type: 'logged.out', ...(error ? { error } : {}) });
  };

  const chat = (): ConnectionCommands | undefined => current?.connection.commands;

  /** A login under way (password or single sign-on): its token stored and connected, or its error shown. */
  const loggingIn = (answer: ReturnType<LoginApi['login']>) => {
    dispatch({ type: 'login.started' });
    answer.then(
      (result) => {
        if (!result.ok) {
          dispatch({ type: 'auth.failed', error: { ...result.error, task: 'login' } });
          return;
        }
        const login = { token: result.value.token, agent: result.value.agent };
        storage.setLogin(login);
        begin(login);
      },
      (error: unknown) => {
        // The API resolves every failure; reaching here is a bug, shown rather than lost.
        const message = error instanceof Error ? error.message : String(error);
        dispatch({ type: 'auth.failed', error: { code: 'internal', message, task: 'login' } });
      },
    );
  };

  const commands: DeskCommands = {
    login(email, password) {
      loggingIn(api.login(email, password));
    },
    loginWithTicket(ticket) {
      loggingIn(api.exchangeSso(ticket));
    },
    ssoFailed(code) {
      const error = {
        code: `sso_${code}`,
        message: `Single sign-on failed: ${code}`,
        task: 'login',
      } as const;
      dispatch({ type: 'auth.failed', error });
    },
    loadSsoProviders() {
      void api.ssoProviders().then((result) => {
        // Without the list the password form still works: no button is the safe answer.
        if (result.ok) dispatch({ type: 'sso.providers', providers: result.value });
      });
    },
    logout() {
      const token = current?.login.token;
      end(undefined, token);
      if (token === undefined) return;
      void api.logout(token).then((result) => {
        if (!result.ok) dispatch({ type: 'auth.failed', error: { ...result.error, task: 'logout' } });
      });
    },
    show: (view) => dispatch({ type: 'show', view }),
    closePreview: () => dispatch({ type: 'preview' }),
    closeTranscript: () => dispatch({ type: 'transcript' }),
    dismissError: () => dispatch({ type: 'error' }),
    enableSound() {
      sound.unlock();
      if (getState().soundBlocked) dispatch({ type: 'sound', blocked: false });
    },
    setPresence: (input) => chat()?.setPresence(input),
    switchSite: (siteKey) => chat()?.switchSite(siteKey),
    filterSite: (siteKey) => dispatch({ type: 'site.filter', siteKey }),
    accept: (sessionId) => chat()?.accept(sessionId),
    preview: (sessionId) => chat()?.preview(sessionId),
    send: (sessionId, text, attachmentId) => chat()?.send(sessionId, text, attachmentId),
    fileHeaders: () => ({ authorization: `Bearer ${current?.login.token ?? ''}`, 'x-parley-role': 'agent' }),
    retry: (clientId) => chat()?.retry(clientId),
    noteTyping: (sessionId) => chat()?.noteTyping(sessionId),
    transfer: (input) => chat()?.transfer(input) ?? Promise.resolve(notConnected),
    handBack: (sessionId) => chat()?.handBack(sessionId),
    replyOffline: (sessionId, text) => chat()?.replyOffline(sessionId, text) ?? Promise.resolve(notConnected),
    startConversation: (visitor, message) =>
      chat()?.startConversation(visitor, message) ?? Promise.resolve(notConnected),
    closeChat: (sessionId) => chat()?.closeChat(sessionId),
    dismiss: (sessionId) => chat()?.dismiss(sessionId),
    markSeen: (sessionId, seq) => chat()?.markSeen(sessionId, seq),
    reconnect: () => chat()?.reconnect(),
    search: (input) => chat()?.search(input),
    openTranscript: (sessionId, visitor) => chat()?.openTranscript(sessionId, visitor),
    loadHistory: (visitor, more) => chat()?.loadHistory(visitor, more),
    exportVisitor: (visitor) => chat()?.exportVisitor(visitor) ?? Promise.resolve(notConnected),
    eraseVisitor: (visitor) => chat()?.eraseVisitor(visitor) ?? Promise.resolve(notConnected),
    loadAudit: (more) => chat()?.loadAudit(more),
    loadReport: (query) => chat()?.loadReport(query) ?? Promise.resolve(notConnected),
    saveCsv: (name, text) => chat()?.saveCsv(name, text),
    loadTeam: () => chat()?.loadTeam(),
    monitor: (sessionId) => chat()?.monitor(sessionId),
    stopMonitoring: () => chat()?.stopMonitoring(),
    whisper: (sessionId, text) => chat()?.whisper(sessionId, text) ?? Promise.resolve(notConnected),
    takeOver: (sessionId) => chat()?.takeOver(sessionId),
    reassign: (sessionId, agent) => chat()?.reassign(sessionId, agent),
    assignPresence: (input) => chat()?.assignPresence(input),
    loadNotes: (sessionId) => chat()?.loadNotes(sessionId) ?? Promise.resolve(notConnected),
    updateOffline: (input) => chat()?.updateOffline(input) ?? Promise.resolve(notConnected),
    label: (sessionId, change) => chat()?.label(sessionId, change) ?? Promise.resolve(notConnected),
    addNote: (sessionId, text) => chat()?.addNote(sessionId, text) ?? Promise.resolve(notConnected),
  };

  return {
    commands,
    storageChanged(key) {
      const kind = storage.keyKind(key);
      if (!kind) return;
      if (kind.kind !== 'login') {
        current?.connection.storageChanged(kind);
        return;
      }
      const login = storage.login();
      if (!login) {
        // Logged out in another tab (which revoked the token): follow, without a second logout.
        if (current) end(undefined, undefined);
      } else if (login.token !== current?.login.token) {
        begin(login);
      }
    },
    start() {
      const login = storage.login();
      if (login) begin(login);
    },
    dispose: stop,
  };
}
