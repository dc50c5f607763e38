import type { FeedbackScale } from './bot-events.js';

/** The kinds of form field; a `checkbox` (consent) answers 'true', or '' when unticked. */
export type FormFieldType = 'text' | 'email' | 'tel' | 'textarea' | 'select' | 'checkbox' | 'number';

/** One field of a form the widget shows (pre-chat, offline); the site's config lists them. */
export interface FormField {
  /** The key of the answer in the submitted `fields`. */
  name: string;
  /** What the visitor reads next to the field. */
  label: string;
  type: FormFieldType;
  required: boolean;
  /** The choices of a `select`. */
  options?: string[];
}

/** What the widget needs of a session template: its own pre-chat form, when it has one. */
export interface TemplateInfo {
  prechatForm?: FormField[];
}

/** When the widget asks for a rating as a chat ends (issue 14): after a human took part, always, never. */
export type FeedbackPolicy = 'after-human' | 'always' | 'never';

/** How soon the team usually replies, as the widget's header says it. */
export type ReplyTime = 'minutes' | 'hour' | 'day';

/** The widget's colour scheme: `auto` follows the visitor's system setting. */
export type WidgetTheme = 'auto' | 'light' | 'dark';

/**
 * How a site's widget looks, from its config. The script tag's `data-color`, `data-position`,
 * `data-theme`, `data-launcher-label` and `data-locale` win over these (docs/embedding.md).
 */
export interface SiteAppearance {
  /** The brand colour, `#rgb` or `#rrggbb`. */
  color?: string;
  position?: 'left' | 'right';
  theme?: WidgetTheme;
  /** A text beside the launcher's icon, such as "Chat with us". */
  launcherLabel?: string;
  /** The widget's language (`de`, `de-AT`): after the page's own choice, before the browser's. */
  locale?: string;
}

/** What the widget needs to know of its site, sent with `identity` on every connect. */
export interface SiteInfo {
  name: string;
  /** The site's own texts (title, greeting...), overriding the widget's defaults. */
  texts: Record<string, string>;
  /** Colour, position, theme, launcher label and language, when the site's config sets them. */
  appearance?: SiteAppearance;
  feedbackScale: FeedbackScale;
  /** When the rating is asked for; absent from an older server: `after-human`. */
  feedback?: FeedbackPolicy;
  /** Whether a person could answer as the visitor connected: within business hours and an agent online. */
  available?: boolean;
  /** How soon the team usually replies, when the site says. */
  replyTime?: ReplyTime;
  /** Tags the visitor may pick when rating, one at most; empty when the site has none. */
  feedbackTags: string[];
  /** The fields of the offline form ("leave a message") shown when nobody can chat. */
  offlineForm: FormField[];
  /** The pre-chat form asked before a visitor's session opens; empty when the site has none. */
  prechatForm: FormField[];
  /** The site's session templates (`Parley('startSession', { template })`), by name. */
  templates: Record<string, TemplateInfo>;
  /** Set when the server emails this site's transcripts: the widget offers "Email me the transcript". */
  transcripts?: true;
  /**
   * Files and images (issue 14): the largest size in bytes and the accepted (sniffed) media
   * types, so the widget refuses early; null when the site takes none. Absent on older servers.
   */
  files?: { maxBytes: number; types: string[] } | null;
}

/** The site's user a verified `identify` made this visitor; sent with `identity`. */
export interface IdentifiedUser {
  id: string;
  name?: string;
  email?: string;
}

/**
 * A queued session's place in line, sent to its visitor whenever it changes. Ephemeral, like
 * typing: a reconnecting widget gets a fresh one.
 */
export interface QueueNotice {
  sessionId: string;
  /** 1 is next. */
  position: number;
  /** Estimated wait from recent wait times in this queue; null until there are any. */
  etaSeconds: number | null;
}
