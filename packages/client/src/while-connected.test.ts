import { describe, expect, it } from 'vitest';
import { whileConnected } from './while-connected.js';

describe('whileConnected', () => {
  it('makes the request on a live connection', async () => {
    expect(await whileConnected({ connected: true }, async () => 'acked')).toBe('acked');
  });

  it('rejects at once, without making the request, while offline', async () => {
    let asked = false;
    const request = async () => {
      asked = true;
      return 'acked';
    };
    await expect(whileConnected({ connected: false }, request)).rejects.toThrow('Not connected');
    expect(asked).toBe(false);
  });
});
