import { describe, expect, it } from 'vitest';
import { parseCall, parseToFrame, parseToHost } from './host-message.js';

describe('host <-> iframe messages', () => {
  it('accepts what the loader sends, rebuilt without extra keys', () => {
    const context = {
      source: 'parley',
      type: 'context',
      page: 'https://a.test/x',
      title: 'X',
      referrer: '',
      locale: 'en',
    };
    expect(parseToFrame({ ...context, evil: '<script>' })).toEqual(context);
    expect(parseToFrame({ source: 'parley', type: 'layout', compact: true })).toEqual({
      source: 'parley',
      type: 'layout',
      compact: true,
    });
    expect(parseToFrame({ source: 'parley', type: 'command', command: 'toggle' })).toMatchObject({
      command: 'toggle',
    });
  });

  it.each([
    ['null', null],
    ['a string', 'open'],
    ['another source', { source: 'other', type: 'command', command: 'open' }],
    ['an unknown command', { source: 'parley', type: 'command', command: 'identify' }],
    [
      'a context without a page',
      { source: 'parley', type: 'context', title: '', referrer: '', locale: 'en' },
    ],
    [
      'a huge title',
      { source: 'parley', type: 'context', page: '', title: 'x'.repeat(5000), referrer: '', locale: '' },
    ],
    ['a layout without a boolean', { source: 'parley', type: 'layout', compact: 'yes' }],
  ])('refuses %s from the host', (_, data) => {
    expect(parseToFrame(data)).toBeNull();
  });

  it('accepts ready and state from the iframe, nothing else', () => {
    expect(parseToHost({ source: 'parley', type: 'ready' })).toEqual({ source: 'parley', type: 'ready' });
    expect(parseToHost({ source: 'parley', type: 'state', open: false })).toEqual({
      source: 'parley',
      type: 'state',
      open: false,
    });
    expect(parseToHost({ source: 'parley', type: 'state', open: 1 })).toBeNull();
    expect(parseToHost({ source: 'parley', type: 'command', command: 'open' })).toBeNull();
    expect(parseToHost(undefined)).toBeNull();
  });

  it('accepts the side and the closed width in a state, and refuses a state with bad ones', () => {
    const state = { source: 'parley', type: 'state', open: false };
    expect(parseToHost({ ...state, position: 'left', closedWidth: 212, evil: 1 })).toEqual({
      ...state,
      position: 'left',
      closedWidth: 212,
    });
    expect(parseToHost({ ...state, position: 'top' })).toBeNull();
    expect(parseToHost({ ...state, closedWidth: '212px' })).toBeNull();
    expect(parseToHost({ ...state, closedWidth: 100_000 })).toBeNull();
  });

  it('passes the page’s calls with well-shaped arguments, rebuilt without extra keys', () => {
    expect(parseCall('identify', { userId: 'u1', name: 'Ada', hash: 'ab', extra: 1 })).toEqual({
      name: 'identify',
      value: { userId: 'u1', name: 'Ada', hash: 'ab' },
    });
    expect(parseCall('setAttributes', { plan: 'pro', seats: 3, vip: true, old: null })).toEqual({
      name: 'setAttributes',
      value: { plan: 'pro', seats: 3, vip: true, old: null },
    });
    expect(parseCall('setLocale', 'de')).toEqual({ name: 'setLocale', value: 'de' });
    expect(parseCall('startSession', { template: 'order', params: { id: 'A-1' } })).toEqual({
      name: 'startSession',
      value: { template: 'order', params: { id: 'A-1' } },
    });
    expect(parseCall('startSession', { template: 'order', correlationId: 'crm-7' })).toEqual({
      name: 'startSession',
      value: { template: 'order', correlationId: 'crm-7' },
    });
    expect(parseCall('stopSession', { anything: 1 })).toEqual({ name: 'stopSession', value: null });
    const call = { source: 'parley', type: 'call', call: { name: 'setLocale', value: 'ar' } };
    expect(parseToFrame(call)).toEqual(call);
  });

  it.each([
    ['identify without a user id', 'identify', { name: 'Ada' }],
    ['identify with a numeric hash', 'identify', { userId: 'u', hash: 42 }],
    ['nested attributes', 'setAttributes', { plan: { tier: 1 } }],
    ['an attribute that is not a number', 'setAttributes', { n: Number.NaN }],
    [
      'too many attributes',
      'setAttributes',
      Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`a${i}`, i])),
    ],
    ['a locale object', 'setLocale', { locale: 'de' }],
    ['a template without a name', 'startSession', { params: {} }],
    ['numeric params', 'startSession', { template: 't', params: { id: 1 } }],
    ['a numeric correlation id', 'startSession', { template: 't', correlationId: 7 }],
    ['an unknown call', 'reset', {}],
  ])('refuses %s', (_, name, value) => {
    expect(parseCall(name, value)).toBeNull();
  });

  it('passes known events with plain data to the host', () => {
    const event = { source: 'parley', type: 'event', name: 'unread', data: { count: 2 } };
    expect(parseToHost(event)).toEqual(event);
    expect(parseToHost({ ...event, name: 'nope' })).toBeNull();
    const started = { ...event, name: 'session.started', data: { sessionId: 's1' } };
    expect(parseToHost(started)).toEqual(started);
    expect(parseToHost({ ...event, data: 'x' })).toBeNull();
  });
});
