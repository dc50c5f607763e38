import { describe, expect, it } from 'vitest';
import { readEnv } from './env.js';

describe('readEnv', () => {
  it('takes PARLEY_DEMO_ORIGINS as a comma-separated list of origins, and refuses anything else', () => {
    expect(readEnv({}).demoOrigins).toEqual([]);
    expect(
      readEnv({ PARLEY_DEMO_ORIGINS: 'http://localhost:8080, https://shop.example/' }).demoOrigins,
    ).toEqual(['http://localhost:8080', 'https://shop.example']);
    for (const bad of ['localhost:8080', 'https://shop.example/cart', 'not a url', 'file:///tmp/page.html']) {
      expect(() => readEnv({ PARLEY_DEMO_ORIGINS: bad }), bad).toThrow(
        /PARLEY_DEMO_ORIGINS must list origins/,
      );
    }
  });
});
