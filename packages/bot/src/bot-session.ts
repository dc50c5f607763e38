import type {
  Attachment,
  DataValue,
  Feedback,
  RouteOutcome,
  RouteTarget,
  SessionData,
  SessionStatus,
  SessionSummary,
  VisitorInfo,
} from '@parley/protocol';
import {
  type BotMessage,
  type Button,
  type CardInput,
  type InlineFormInput,
  type RichContent,
  type RichContentInput,
  richText,
} from '@parley/protocol';
import type { FileToSend } from './bot-files.js';

/** What `say` takes besides the text. */
export interface SayOptions {
  /** Suggested answers shown under the message; choosing one sends it as the visitor's message. */
  quickReplies?: string[];
  /** Buttons that send a reply (`{ label, reply }`) or open a link (`{ label, url }`). */
  buttons?: Button[];
  /** Shows the typing indicator this long before the message, so it reads like a person. */
  typingMs?: number;
  /** A card, a carousel or an inline form (see `sendCard`, `sendCarousel`, `askForm`). */
  rich?: RichContentInput;
}

/** What the rich helpers take besides their content. */
export interface RichOptions {
  /**
   * The plain text shown where the content cannot be (a desk's preview, a transcript, an email,
   * an older widget). Defaults to the content's titles and texts.
   */
  text?: string;
  typingMs?: number;
}

export interface NewSessionOptions {
  /** What the bot says first in the new session. */
  message?: string | BotMessage;
  data?: SessionData;
}

/** What a session does on the bot's behalf; implemented by `createBot`. */
export interface SessionActions {
  say(sessionId: string, message: BotMessage): Promise<{ seq: number }>;
  typing(sessionId: string, on: boolean): void;
  route(sessionId: string, target: RouteTarget): Promise<RouteOutcome>;
  close(sessionId: string, reason: string | undefined): Promise<void>;
  feedback(sessionId: string, feedback: Feedback): Promise<void>;
  set(sessionId: string, data: SessionData): Promise<SessionData>;
  label(sessionId: string, change: { add?: string[]; remove?: string[] }): Promise<string[]>;
  newSession(sessionId: string, options: NewSessionOptions): Promise<BotSession>;
  upload(sessionId: string, file: FileToSend): Promise<Attachment>;
  read(sessionId: string, seq: number): Promise<{ seq: number }>;
}

/** What `sendFile` takes besides the file: a text to go with it, quick replies, buttons. */
export interface SendFileOptions extends Omit<SayOptions, 'typingMs'> {
  text?: string;
}

export type Route = ((target: RouteTarget) => Promise<RouteOutcome>) & {
  to: {
    queue(code: string, params?: SessionData): Promise<RouteOutcome>;
    team(code: string): Promise<RouteOutcome>;
    agent(code: string): Promise<RouteOutcome>;
    skills(...skills: string[]): Promise<RouteOutcome>;
  };
};

export type FeedbackRecorder = ((feedback: Feedback) => Promise<void>) & {
  set: {
    score(score: number): Promise<void>;
    tag(tag: string): Promise<void>;
    review(review: string): Promise<void>;
  };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A message from `say`'s arguments, or from `newSession`'s `message` option. */
export function toBotMessage(text: string, options: Omit<SayOptions, 'typingMs'> = {}): BotMessage {
  return {
    text,
    ...(options.quickReplies ? { quickReplies: options.quickReplies } : {}),
    ...(options.buttons ? { buttons: options.buttons } : {}),
    ...(options.rich ? { rich: options.rich } : {}),
  };
}

/**
 * One conversation as a bot sees it. Handlers for one session run one at a time, in the order
 * the events happened, so replies never overtake each other. Every method that reaches the
 * server rejects with a `ParleyError` when the server refuses it.
 */
export class BotSession {
  #summary: SessionSummary;
  readonly #actions: SessionActions;

  /**
   * Hands the session on: to a bot queue (another bot takes it) or to humans (a queue, team,
   * agent or skill set). Resolves with what happened: `bot`, `queued` (with position),
   * `assigned`, or `offline` when no human can take it. The bot then lets go of the session.
   * @example const { outcome } = await session.route.to.team('support');
   */
  readonly route: Route;

  /**
   * Records feedback the bot collected in conversation; `feedback.set.*` sets one field.
   * @example await session.feedback.set.score(5);
   */
  readonly feedback: FeedbackRecorder;

  constructor(summary: SessionSummary, actions: SessionActions) {
    this.#summary = summary;
    this.#actions = actions;
    const route = (target: RouteTarget) => actions.route(this.id, target);
    this.route = Object.assign(route, {
      to: {
        queue: (code: string, params?: SessionData) => route({ queue: code, ...(params ? { params } : {}) }),
        team: (code: string) => route({ team: code }),
        agent: (code: string) => route({ agent: code }),
        skills: (...skills: string[]) => route({ skills }),
      },
    });
    const feedback = (value: Feedback) => actions.feedback(this.id, value);
    this.feedback = Object.assign(feedback, {
      set: {
        score: (score: number) => feedback({ score }),
        tag: (tag: string) => feedback({ tag }),
        review: (review: string) => feedback({ review }),
      },
    });
  }

  get id(): string {
    return this.#summary.id;
  }

  get visitorId(): string {
    return this.#summary.visitorId;
  }

  get siteKey(): string {
    return this.#summary.siteKey;
  }

  get status(): SessionStatus {
    return this.#summary.status;
  }

  /** When the session started (ms since the epoch, server clock). */
  get startedAt(): number {
    return this.#summary.createdAt;
  }

  /** Who spoke last: `visitor`, `bot`, `agent`, or null before anyone did. */
  get lastSpeaker(): SessionSummary['lastSpeaker'] {
    return this.#summary.lastSpeaker;
  }

  /** What the widget told about the visitor (name, email, page, locale, attributes), kept current. */
  get visitor(): VisitorInfo {
    return this.#summary.visitor;
  }

  /**
   * The correlation id the session was started with (REST `POST /api/v1/sessions`, the page's
   * `startSession`), if any: what ties it to a ticket or call elsewhere.
   */
  get correlationId(): string | undefined {
    return this.#summary.correlationId;
  }

  /** What bots keep with this session (`set`), persisted by the server. */
  get data(): Readonly<SessionData> {
    return this.#summary.data;
  }

  /** The session's labels (issue 15), set by bots, agents and the REST API; sorted. */
  get labels(): readonly string[] {
    return this.#summary.labels ?? [];
  }

  /**
   * Says something to the visitor. Resolves once stored (with its seq); a lost connection is
   * retried with the same client id, so the visitor sees it once.
   * @example await session.say('How can I help?', { quickReplies: ['Pricing', 'Talk to a human'] });
   */
  async say(text: string, options: SayOptions = {}): Promise<{ seq: number }> {
    if (options.typingMs && options.typingMs > 0) {
      this.typing(true);
      await sleep(options.typingMs);
    }
    try {
      return await this.#actions.say(this.id, toBotMessage(text, options));
    } finally {
      if (options.typingMs) this.typing(false);
    }
  }

  /**
   * Sends a file or an image (issue 14): uploaded first, then sent in a message that names it,
   * so the visitor never sees half of it. The server sniffs the type from the bytes and applies
   * the site's limits (a `ParleyError` `payload_too_large` or `invalid_payload` otherwise).
   * @example await session.sendFile({ data: await readFile('invoice.pdf'), name: 'invoice.pdf' }, { text: 'Your invoice' });
   */
  async sendFile(
    file: FileToSend,
    options: SendFileOptions = {},
  ): Promise<{ seq: number; attachment: Attachment }> {
    const attachment = await this.#actions.upload(this.id, file);
    const { text, ...rest } = options;
    const message = { ...toBotMessage(text ?? '', rest), attachmentId: attachment.id };
    if (text === undefined) delete message.text;
    const { seq } = await this.#actions.say(this.id, message);
    return { seq, attachment };
  }

  /**
   * Sends a card: an image (https, with alt text), a title, a text and buttons.
   * @example await session.sendCard({ title: 'Pro plan', text: '10 seats', buttons: [{ label: 'Buy', url: 'https://shop.example/pro' }] });
   */
  sendCard(card: CardInput, options: RichOptions = {}): Promise<{ seq: number }> {
    return this.#sendRich({ type: 'card', card }, options);
  }

  /**
   * Sends a carousel of cards, which the visitor scrolls sideways (keyboard and buttons too).
   * @example await session.sendCarousel([{ title: 'Free' }, { title: 'Pro', text: '10 seats' }]);
   */
  sendCarousel(cards: CardInput[], options: RichOptions = {}): Promise<{ seq: number }> {
    return this.#sendRich({ type: 'carousel', cards }, options);
  }

  /**
   * Asks an inline form the visitor answers in place (fields `text`, `email`, `number`,
   * `select`; `required`). The server checks the answer against this definition, keeps it in
   * the session's data as `formId.field`, and the bot hears it as `formAnswer`.
   * @example await session.askForm({ id: 'contact', title: 'How can we reach you?', fields: [{ name: 'email', label: 'Email', type: 'email', required: true }] });
   */
  askForm(form: InlineFormInput, options: RichOptions = {}): Promise<{ seq: number }> {
    return this.#sendRich({ type: 'form', form }, options);
  }

  /**
   * Marks the session read through `seq` (the visitor sees "Seen"). Rarely needed: the server
   * marks what the bot's handlers finished as read.
   */
  markRead(seq: number): Promise<{ seq: number }> {
    return this.#actions.read(this.id, seq);
  }

  #sendRich(rich: RichContentInput, { text, typingMs }: RichOptions): Promise<{ seq: number }> {
    // The schemas' defaults (a field's `required`) are filled in by the server; the fallback
    // text reads the same either way.
    const fallback = text ?? richText(rich as RichContent);
    return this.say(fallback, { rich, ...(typingMs ? { typingMs } : {}) });
  }

  /** Shows (or hides) the bot's typing indicator to the visitor. */
  typing(on: boolean): void {
    this.#actions.typing(this.id, on);
  }

  /** Ends the session; the visitor is then asked for feedback. */
  close(reason?: string): Promise<void> {
    return this.#actions.close(this.id, reason);
  }

  /** The explicit stop: ends the session with reason `stopped`. */
  stop(): Promise<void> {
    return this.#actions.close(this.id, 'stopped');
  }

  /**
   * Keeps a value with the session (null deletes it).
   * @example await session.set('topic', 'billing');
   */
  async set(key: string, value: DataValue): Promise<void> {
    const data = await this.#actions.set(this.id, { [key]: value });
    this.update({ data });
  }

  /**
   * Puts labels on the session (issue 15): agents see them in the desk and search by them,
   * webhooks get `session.labeled`; the visitor never sees them. Kept in lower case.
   * @example await session.label('refund', 'priority');
   */
  async label(...labels: string[]): Promise<void> {
    const now = await this.#actions.label(this.id, { add: labels });
    this.update({ labels: now });
  }

  /**
   * Takes labels off the session.
   * @example await session.unlabel('priority');
   */
  async unlabel(...labels: string[]): Promise<void> {
    const now = await this.#actions.label(this.id, { remove: labels });
    this.update({ labels: now });
  }

  /**
   * Ends this session and starts a fresh one for the same visitor, to reset context.
   * @example const fresh = await session.newSession({ message: 'Welcome back! What can I do for you?' });
   */
  newSession(options: NewSessionOptions = {}): Promise<BotSession> {
    return this.#actions.newSession(this.id, options);
  }

  /** @internal Called by the SDK as the session's log advances. */
  update(patch: Partial<SessionSummary>): void {
    this.#summary = { ...this.#summary, ...patch };
  }
}
