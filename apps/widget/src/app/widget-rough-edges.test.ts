/**
 * The widget's rough edges a new visitor found (issue 14, item 5), each as a pure rule: when a
 * rating is asked for, the team's status in the header, one hand-off button, the queue estimate.
 */
import { createTranslate } from '@parley/client';
import type { FormField, SessionEvent, SiteInfo } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { changed, message, site } from './chat-fixtures.js';
import { type ChatAction, type ChatState, chatReducer, initialChatState } from './chat-reducer.js';
import { offersReplies } from './components/offers-replies.js';
import { offlinePrefill } from './components/offline-prefill.js';
import { queueText } from './components/queue-text.js';
import { teamStatus } from './components/team-status.js';
import { dockView } from './dock-view.js';
import { en } from './i18n/en.js';

const withSite = (info: Partial<SiteInfo>, ...list: SessionEvent[]): ChatState =>
  [
    { type: 'site', site: { ...site, ...info } } as ChatAction,
    ...list.map((event): ChatAction => ({ type: 'event', event })),
  ].reduce(chatReducer, initialChatState());

const botOnly = [
  changed('s1', 1, 'created', 'bot'),
  message('s1', 2, 'hi', 'visitor'),
  message('s1', 3, 'Hello!', 'bot'),
  changed('s1', 4, 'bot', 'closed'),
];
const withAgent = [
  changed('s1', 1, 'created', 'bot'),
  changed('s1', 2, 'bot', 'queued'),
  changed('s1', 3, 'queued', 'assigned'),
  changed('s1', 4, 'assigned', 'closed'),
];

describe('the rating after a chat', () => {
  it('is asked by default only when a human agent took part', () => {
    expect(dockView(withSite({}, ...botOnly))).toMatchObject({ kind: 'closed', after: 'none' });
    expect(dockView(withSite({}, ...withAgent))).toMatchObject({ kind: 'closed', after: 'ask' });
    expect(dockView(withSite({ feedback: 'after-human' }, ...botOnly))).toMatchObject({ after: 'none' });
  });

  it("follows the site's setting", () => {
    expect(dockView(withSite({ feedback: 'always' }, ...botOnly))).toMatchObject({ after: 'ask' });
    expect(dockView(withSite({ feedback: 'never' }, ...withAgent))).toMatchObject({ after: 'none' });
  });
});

describe('teamStatus', () => {
  it('says what the server said as the visitor connected', () => {
    expect(teamStatus(withSite({ available: true }))).toBe('availability.online');
    expect(teamStatus(withSite({ available: false }))).toBe('availability.away');
    expect(teamStatus(withSite({}))).toBeUndefined();
  });

  it("believes the visitor's own session over it", () => {
    const offline = [changed('s1', 1, 'created', 'bot'), changed('s1', 2, 'bot', 'offline')];
    expect(teamStatus(withSite({ available: true }, ...offline))).toBe('availability.away');
    const queued = [changed('s1', 1, 'created', 'bot'), changed('s1', 2, 'bot', 'queued')];
    expect(teamStatus(withSite({ available: false }, ...queued))).toBe('availability.online');
  });
});

describe('offersReplies (one hand-off button at a time)', () => {
  const ask = { ...message('s1', 3, 'Did that help?'), quickReplies: ['Yes', 'Talk to a human'] };
  const start = [changed('s1', 1, 'created', 'bot'), message('s1', 2, 'hi', 'visitor')];

  it("is true while the bot's newest message offers replies", () => {
    expect(offersReplies(withSite({}, ...start, ask), 's1')).toBe(true);
    const buttons = { ...message('s1', 3, 'Pick one'), buttons: [{ label: 'A human', reply: 'human' }] };
    expect(offersReplies(withSite({}, ...start, buttons), 's1')).toBe(true);
  });

  it('is false without replies, with link buttons only, and once the visitor wrote', () => {
    expect(offersReplies(withSite({}, ...start, message('s1', 3, 'Hello')), 's1')).toBe(false);
    const link = { ...message('s1', 3, 'Docs'), buttons: [{ label: 'Docs', url: 'https://a.example' }] };
    expect(offersReplies(withSite({}, ...start, link), 's1')).toBe(false);
    expect(offersReplies(withSite({}, ...start, ask, message('s1', 4, 'no', 'visitor')), 's1')).toBe(false);
  });
});

describe('queueText', () => {
  const t = createTranslate(en);
  it('varies with the place in line instead of saying "about 1 min" to the first three', () => {
    // The server's estimate is the mean recent wait times the place in line (wait-estimate.ts).
    const texts = [1, 2, 3, 4].map((position) =>
      queueText({ sessionId: 's1', position, etaSeconds: 25 * position }, t),
    );
    expect(texts).toEqual([
      'You are number 1 in line · less than a minute',
      'You are number 2 in line · less than a minute',
      'You are number 3 in line · about 1 min',
      'You are number 4 in line · about 2 min',
    ]);
    expect(queueText({ sessionId: 's1', position: 2, etaSeconds: null }, t)).toBe('You are number 2 in line');
  });
});

describe('offlinePrefill', () => {
  const fields = [
    { name: 'name', label: 'Name', type: 'text', required: false },
    { name: 'contact', label: 'Email', type: 'email', required: true },
    { name: 'message', label: 'Message', type: 'textarea', required: true },
    { name: 'consent', label: 'I agree', type: 'checkbox', required: true },
  ] satisfies FormField[];

  it('fills in what the pre-chat form or identify told, never a checkbox', () => {
    expect(
      offlinePrefill(fields, { name: 'Ada', email: 'ada@example.com', consent: 'true' }, undefined),
    ).toEqual({
      name: 'Ada',
      contact: 'ada@example.com',
    });
    expect(offlinePrefill(fields, undefined, { id: 'u1', name: 'Bo', email: 'bo@example.com' })).toEqual({
      name: 'Bo',
      contact: 'bo@example.com',
    });
    // The pre-chat answer, the visitor's own, wins over what the page said.
    expect(offlinePrefill(fields, { name: 'Ada' }, { id: 'u1', name: 'Bo' })).toEqual({ name: 'Ada' });
    expect(offlinePrefill(fields, undefined, undefined)).toEqual({});
  });
});
