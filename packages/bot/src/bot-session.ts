import type { SessionStatus, SessionSummary, VisitorInfo } from '@parley/protocol';

/** What a session does on the bot's behalf; implemented by `createBot`. */
export interface SessionActions {
  say(sessionId: string, text: string): Promise<{ seq: number }>;
  typing(sessionId: string, on: boolean): void;
}

/**
 * One conversation as a bot sees it. Handlers for one session run one at a time, in the order
 * the events happened, so replies never overtake each other.
 */
export class BotSession {
  #summary: SessionSummary;
  readonly #actions: SessionActions;

  constructor(summary: SessionSummary, actions: SessionActions) {
    this.#summary = summary;
    this.#actions = actions;
  }

  get id(): string {
    return this.#summary.id;
  }

  get status(): SessionStatus {
    return this.#summary.status;
  }

  get siteKey(): string {
    return this.#summary.siteKey;
  }

  /** What the widget told about the visitor: page, locale, name, email, attributes. */
  get visitor(): VisitorInfo {
    return this.#summary.visitor;
  }

  get lastSpeaker(): SessionSummary['lastSpeaker'] {
    return this.#summary.lastSpeaker;
  }

  /**
   * Says something to the visitor. Resolves once stored (with its seq); a lost connection is
   * retried with the same client id, so the visitor sees it once.
   * @example await session.say(`Hi ${session.visitor.name ?? 'there'}!`);
   */
  say(text: string): Promise<{ seq: number }> {
    return this.#actions.say(this.id, text);
  }

  /** Shows (or hides) the bot's typing indicator to the visitor. */
  typing(on: boolean): void {
    this.#actions.typing(this.id, on);
  }

  /** @internal Called by the SDK as the session's log advances. */
  update(patch: Partial<SessionSummary>): void {
    this.#summary = { ...this.#summary, ...patch };
  }
}
