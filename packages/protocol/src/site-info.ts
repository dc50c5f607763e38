import type { FeedbackScale } from './bot-events.js';

/** One field of a form the widget shows (the offline form); the site's config lists them. */
export interface FormField {
  /** The key of the answer in the submitted `fields`. */
  name: string;
  /** What the visitor reads next to the field. */
  label: string;
  type: 'text' | 'email' | 'textarea';
  required: boolean;
}

/** What the widget needs to know of its site, sent with `identity` on every connect. */
export interface SiteInfo {
  name: string;
  /** The site's own texts (title, greeting...), overriding the widget's defaults. */
  texts: Record<string, string>;
  feedbackScale: FeedbackScale;
  /** The fields of the offline form ("leave a message") shown when nobody can chat. */
  offlineForm: FormField[];
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
