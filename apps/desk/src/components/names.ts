import type { Author, FeedbackScale, PresenceStatus, SessionStatus, SessionSummary } from '@parley/protocol';
import type { TranslationKey } from '../i18n/en.js';
import type { Translate } from '../i18n/translate.js';

const ROLE_KEYS: Record<Author['role'], TranslationKey> = {
  visitor: 'role.visitor',
  bot: 'role.bot',
  agent: 'role.agent',
  system: 'role.system',
};

const STATUS_KEYS: Record<SessionStatus, TranslationKey> = {
  created: 'status.created',
  prechat: 'status.prechat',
  bot: 'status.bot',
  queued: 'status.queued',
  assigned: 'status.assigned',
  offline: 'status.offline',
  closed: 'status.closed',
};

const PRESENCE_KEYS: Record<PresenceStatus, TranslationKey> = {
  ready: 'presence.ready',
  notready: 'presence.notready',
  offline: 'presence.offline',
};

/** The reasons Parley's default configuration offers; a site's own reasons show as configured. */
const REASON_KEYS: Record<string, TranslationKey> = {
  'signed-in': 'reason.signed-in',
  break: 'reason.break',
  lunch: 'reason.lunch',
  training: 'reason.training',
  meeting: 'reason.meeting',
};

/** Why a session changed, for the reasons Parley itself gives; a bot's or API's own code is humanized. */
const CHANGE_KEYS: Record<string, TranslationKey> = {
  entry: 'change.entry',
  route: 'change.route',
  handoff: 'change.handoff',
  assign: 'change.assign',
  accept: 'change.accept',
  transfer: 'change.transfer',
  handback: 'change.handback',
  'no-agent': 'change.no-agent',
  'queue-timeout': 'change.queue-timeout',
  'closed-hours': 'change.closed-hours',
  'agent-offline': 'change.agent-offline',
  'new-session': 'change.new-session',
  'agent-start': 'change.agent-start',
  'signed-in': 'change.signed-in',
  'offline-form': 'change.offline-form',
  visitor: 'change.visitor',
  agent: 'change.agent',
  bot: 'change.bot',
  timeout: 'change.timeout',
  idle: 'change.timeout',
};

/** Why a session changed, in words: "Handed to a person", or "resolved in crm" for `resolved-in-crm`. */
export function changeReasonName(reason: string, t: Translate): string {
  const key = CHANGE_KEYS[reason];
  if (key) return t(key);
  const words = reason.replace(/[-_.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The top score of each feedback scale (`thumbs`: 1 is up, 0 down). */
const SCALE_TOPS: Record<FeedbackScale, number> = { stars: 5, thumbs: 1, nps: 10 };

/** A score on its site's scale: "4 of 5", "👍 Good" / "👎 Poor", "9 of 10". */
export function scoreText(score: number, scale: FeedbackScale, t: Translate): string {
  if (scale === 'thumbs') return score >= 1 ? t('feedback.thumbsUp') : t('feedback.thumbsDown');
  return t('feedback.outOf', { score, top: SCALE_TOPS[scale] });
}

/** The visitor's name, or "Visitor" when the site did not tell. */
export function visitorName(session: SessionSummary, t: Translate): string {
  return session.visitor.name?.trim() || t('visitor.anonymous');
}

/** An author's role, as a word. */
export function roleName(role: Author['role'], t: Translate): string {
  return t(ROLE_KEYS[role]);
}

/** An author's own name, or their role's. */
export function authorName(author: Author, t: Translate): string {
  return author.name?.trim() || roleName(author.role, t);
}

export function statusName(status: SessionStatus, t: Translate): string {
  return t(STATUS_KEYS[status]);
}

/** A not-ready reason: translated when it is one of the defaults, else the configured code. */
export function reasonName(reason: string, t: Translate): string {
  const key = REASON_KEYS[reason];
  return key ? t(key) : reason;
}

/** "Ready", "Not ready: Lunch", "Offline". */
export function presenceName(presence: { status: PresenceStatus; reason?: string }, t: Translate): string {
  return t(PRESENCE_KEYS[presence.status], { reason: reasonName(presence.reason ?? '', t) });
}
