import { describe, expect, it } from 'vitest';
import { createStore } from './store.js';

const counter = (state: { n: number }, action: 'add' | 'same') =>
  action === 'add' ? { n: state.n + 1 } : state;

describe('createStore', () => {
  it('runs the reducer and tells listeners of each change, until they unsubscribe', () => {
    const store = createStore(counter, { n: 0 });
    const seen: number[] = [];
    const stop = store.subscribe((state) => seen.push(state.n));
    store.dispatch('add');
    store.dispatch('same');
    stop();
    store.dispatch('add');
    expect(seen).toEqual([1]);
    expect(store.getState()).toEqual({ n: 2 });
  });
});
