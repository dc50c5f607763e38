import { describe, expect, it } from 'vitest';
import { createDeskStorage, memoryStorage } from './desk-storage.js';

const agent = {
  id: 'alice',
  name: 'Alice',
  email: 'alice@parley.demo',
  teams: [],
  skills: [],
  capacity: 3,
  role: 'agent' as const,
};

describe('createDeskStorage', () => {
  it('keeps the login, and treats anything unreadable as no login', () => {
    const raw = memoryStorage();
    const storage = createDeskStorage(raw);
    expect(storage.login()).toBeUndefined();
    storage.setLogin({ token: 't1', agent });
    expect(storage.login()).toEqual({ token: 't1', agent });
    raw.setItem('parley-desk:login', '{not json');
    expect(storage.login()).toBeUndefined();
    raw.setItem('parley-desk:login', JSON.stringify({ token: 't1', agent: { id: 'alice' } }));
    expect(storage.login()).toBeUndefined();
    storage.setLogin({ token: 't2', agent });
    storage.clearLogin();
    expect(storage.login()).toBeUndefined();
  });

  it('keeps seen seqs and listed chats per agent', () => {
    const storage = createDeskStorage(memoryStorage());
    storage.setSeen('alice', 's1', 7);
    storage.setChats('alice', ['s1', 's2']);
    expect(storage.seen('alice', 's1')).toBe(7);
    expect(storage.seen('bob', 's1')).toBe(0);
    expect(storage.chats('alice')).toEqual(['s1', 's2']);
    expect(storage.chats('bob')).toEqual([]);
  });

  it('tells what a changed key is about (for other tabs)', () => {
    const storage = createDeskStorage(memoryStorage());
    expect(storage.keyKind('parley-desk:login')).toEqual({ kind: 'login' });
    expect(storage.keyKind('parley-desk:seen:alice:s:1')).toEqual({
      kind: 'seen',
      agentId: 'alice',
      sessionId: 's:1',
    });
    expect(storage.keyKind('parley-desk:chats:alice')).toEqual({ kind: 'chats', agentId: 'alice' });
    expect(storage.keyKind('parley:demo:token')).toBeUndefined();
  });
});
