/**
 * What ties the chat to the page around it, beyond the panel's size: the page's API calls, the
 * events its listeners hear, the memory kept in the browser (pre-chat answers, read marks shared
 * by the site's tabs) and the optional sound on a new message.
 */
import { storageOrNull } from '@parley/client';
import { type HostCall, parseCall } from '../shared/host-message.js';
import type { ChatConnection } from './chat-connection.js';
import type { ChatMemoryStore } from './chat-memory.js';
import { parseReadMarks } from './chat-memory.js';
import { activeSession, type ChatState } from './chat-reducer.js';
import type { HostBridge } from './host-bridge.js';
import { widgetEvents } from './host-events.js';
import { syncReadMarks } from './read-sync.js';
import type { KeyValueStorage } from './token-store.js';

export interface PageLinkOptions {
  connection: Pick<ChatConnection, 'store' | 'commands'>;
  bridge: Pick<HostBridge, 'post'>;
  memory: ChatMemoryStore;
  /** Switches the widget's language (dictionary, direction). */
  applyLocale(locale: string): void;
  /** Chime on a new message while the panel is closed or the page hidden (`data-notify="sound"`). */
  sound: boolean;
  /** The state to tell changes from: the widget's first, when linked late. */
  since?: ChatState;
  /** What the browser keeps for this site starts with this (`logout` removes it all). */
  storagePrefix: string;
}

/**
 * `Parley('logout')`: the browser forgets this site's visitor (token, pre-chat answers, read
 * marks, panel state) and the frame starts over as a new, anonymous one. The conversations stay
 * on the server with the visitor they belong to.
 */
function forgetVisitor(prefix: string): void {
  for (const storage of [storageOrNull(() => localStorage), storageOrNull(() => sessionStorage)]) {
    if (!storage) continue;
    const keys = Array.from({ length: storage.length }, (_, i) => storage.key(i) ?? '');
    for (const key of keys) if (key.startsWith(prefix)) storage.removeItem(key);
  }
  location.reload();
}

/**
 * The API calls kept across the frame's reload after a verified identify (`onVisitorChanged`),
 * taken out of `storage` and checked again like any call from the page.
 */
export function replayedCalls(storage: KeyValueStorage | null, key: string): HostCall[] {
  const text = storage?.getItem(key);
  storage?.removeItem(key);
  try {
    const calls: unknown = JSON.parse(text ?? '[]');
    if (!Array.isArray(calls)) return [];
    return calls.flatMap(
      (call: { name?: unknown; value?: unknown }) => parseCall(call?.name, call?.value) ?? [],
    );
  } catch {
    return [];
  }
}

/** A short, quiet two-tone chime; silently nothing where audio is not allowed yet. */
function chime(): void {
  try {
    const audio = new AudioContext();
    const gain = audio.createGain();
    gain.gain.setValueAtTime(0.08, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.35);
    gain.connect(audio.destination);
    for (const [frequency, at] of [
      [880, 0],
      [1320, 0.12],
    ] as const) {
      const tone = audio.createOscillator();
      tone.frequency.value = frequency;
      tone.connect(gain);
      tone.start(audio.currentTime + at);
      tone.stop(audio.currentTime + at + 0.2);
    }
    setTimeout(() => void audio.close(), 600);
  } catch {
    // No audio (no user gesture yet, or no Web Audio): the badge still shows.
  }
}

/**
 * Wires it all; returns the handler for the page's calls (give it to the host bridge).
 * @example const onCall = linkPage({ connection, bridge, memory, applyLocale, sound: false });
 */
export function linkPage({
  connection,
  bridge,
  memory,
  applyLocale,
  sound,
  since,
  storagePrefix,
}: PageLinkOptions) {
  const { store, commands } = connection;
  let prev: ChatState = since ?? store.getState();
  /** A `startSession` waits for its session: the page hears `session.started` once it is open. */
  let starting = false;
  const follow = (next: ChatState) => {
    const before = prev;
    prev = next;
    const open = starting && !next.template ? activeSession(next) : undefined;
    if (open) {
      starting = false;
      bridge.post({ source: 'parley', type: 'event', name: 'session.started', data: { sessionId: open.id } });
    }
    if (next.prechat !== before.prechat) memory.savePrechat(next.prechat);
    if (next.readUpTo !== before.readUpTo) memory.saveReadUpTo(next.readUpTo);
    const events = widgetEvents(before, next);
    for (const { name, data } of events) bridge.post({ source: 'parley', type: 'event', name, data });
    const news = events.some(
      (e) => e.name === 'message' && (e.data.author as { role: string }).role !== 'visitor',
    );
    if (sound && news && (!next.open || document.hidden)) chime();
  };
  store.subscribe(follow);
  store.subscribe(syncReadMarks(connection));
  // Linked late: what changed meanwhile (the first sync, say) is told now.
  if (since) follow(store.getState());
  // Another tab of the site read something: this one's badge follows.
  addEventListener('storage', (event) => {
    if (event.key === memory.readKey) store.dispatch({ type: 'read', marks: parseReadMarks(event.newValue) });
  });

  return (call: HostCall): void => {
    if (call.name === 'logout') forgetVisitor(storagePrefix);
    else if (call.name === 'identify') commands.identify(call.value);
    else if (call.name === 'setAttributes') commands.setAttributes(call.value);
    else if (call.name === 'setLocale') {
      commands.setLocale(call.value);
      applyLocale(call.value);
    } else if (call.name === 'stopSession') commands.endChat();
    else {
      const { template, params, correlationId } = call.value;
      commands.startSession(template, params, correlationId);
      starting = true;
      follow(store.getState());
    }
  };
}
