/**
 * Sample wire entries for the widget's unit tests (imported by tests only, never by the app).
 */
import type {
  Author,
  FeedbackEvent,
  FormEvent,
  MessageEvent,
  SessionSummary,
  SiteInfo,
  StatusEvent,
} from '@parley/protocol';

const AUTHORS: Record<'visitor' | 'bot' | 'agent', Author> = {
  visitor: { role: 'visitor', id: 'v1' },
  bot: { role: 'bot', id: 'bot-1', name: 'Parley bot' },
  agent: { role: 'agent', id: 'ada', name: 'Ada' },
};

export const message = (
  sessionId: string,
  seq: number,
  text: string,
  role: 'visitor' | 'bot' | 'agent' = 'bot',
  clientId = `c-${sessionId}-${seq}`,
): MessageEvent => ({
  type: 'message',
  sessionId,
  seq,
  at: 1000 + seq,
  clientId,
  author: AUTHORS[role],
  text,
});

export const changed = (
  sessionId: string,
  seq: number,
  from: StatusEvent['from'],
  to: StatusEvent['to'],
  at = 1000,
  by?: Author,
): StatusEvent => ({
  type: 'session.changed',
  sessionId,
  seq,
  at: at + seq,
  from,
  to,
  reason: 'test',
  ...(by ? { by } : {}),
});

export const agent = AUTHORS.agent;

export const feedback = (
  sessionId: string,
  seq: number,
  role: 'visitor' | 'bot' = 'visitor',
): FeedbackEvent => ({
  type: 'feedback',
  sessionId,
  seq,
  at: 1000 + seq,
  clientId: `f-${sessionId}-${seq}`,
  author: AUTHORS[role],
  feedback: { score: 5 },
});

export const offlineForm = (sessionId: string, seq: number): FormEvent => ({
  type: 'form',
  form: 'offline',
  sessionId,
  seq,
  at: 1000 + seq,
  clientId: `o-${sessionId}-${seq}`,
  author: AUTHORS.visitor,
  fields: { email: 'ada@example.com', message: 'Call me' },
});

export const summary = (
  id: string,
  status: SessionSummary['status'],
  lastSeq: number,
  createdAt: number,
): SessionSummary => ({
  id,
  siteKey: 'demo',
  visitorId: 'v1',
  status,
  handler: null,
  lastSpeaker: null,
  lastSeq,
  createdAt,
  updatedAt: createdAt,
  visitor: {},
  data: {},
});

export const site: SiteInfo = {
  name: 'Acme',
  texts: { title: 'Chat with Acme' },
  feedbackScale: 'thumbs',
  feedbackTags: [],
  offlineForm: [
    { name: 'email', label: 'Email', type: 'email', required: true },
    { name: 'message', label: 'Message', type: 'textarea', required: true },
  ],
  prechatForm: [
    { name: 'name', label: 'Name', type: 'text', required: true },
    { name: 'consent', label: 'I agree', type: 'checkbox', required: true },
  ],
  templates: { order: { prechatForm: [] } },
};
