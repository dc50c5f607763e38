import * as real from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { Decoder, Encoder, type Packet, PacketType } from './json-parser.js';

const decodeWith = (
  decoder: { add(text: string): void; on(ev: 'decoded', fn: (p: Packet) => void): unknown },
  text: string,
) => {
  let decoded: Packet | undefined;
  decoder.on('decoded', (packet) => {
    decoded = packet;
  });
  decoder.add(text);
  return decoded;
};

const PACKETS: Packet[] = [
  { type: PacketType.CONNECT, nsp: '/visitor', data: { token: 't', site: 'demo' } },
  { type: PacketType.CONNECT, nsp: '/' },
  { type: PacketType.DISCONNECT, nsp: '/visitor' },
  {
    type: PacketType.EVENT,
    nsp: '/visitor',
    data: ['message.send', { clientId: 'c-1', text: 'Hé, "quotes" & ✓' }],
    id: 12,
  },
  { type: PacketType.EVENT, nsp: '/', data: ['ping'] },
  { type: PacketType.EVENT, nsp: '/visitor', data: ['event', { seq: 3, text: '2,5 / 10' }] },
  { type: PacketType.ACK, nsp: '/visitor', data: [{ ok: true, seq: 4 }], id: 0 },
  {
    type: PacketType.ACK,
    nsp: '/visitor',
    data: [{ ok: false, error: { code: 'invalid_payload', message: 'x' } }],
    id: 987654,
  },
  {
    type: PacketType.CONNECT_ERROR,
    nsp: '/visitor',
    data: { message: 'unavailable', data: { code: 'unavailable' } },
  },
];

describe('the widget’s JSON-only Socket.IO parser', () => {
  it('encodes every packet as socket.io-parser does, byte for byte', () => {
    for (const packet of PACKETS) {
      expect(new Encoder().encode(packet)).toEqual(new real.Encoder().encode(packet as real.Packet));
    }
  });

  it('decodes what socket.io-parser encodes into the same packet', () => {
    for (const packet of PACKETS) {
      const [text] = new real.Encoder().encode(packet as real.Packet) as string[];
      expect(decodeWith(new Decoder(), text ?? '')).toEqual(decodeWith(new real.Decoder(), text ?? ''));
    }
  });

  it('refuses what socket.io-parser refuses, and binary packets (never sent to the widget)', () => {
    for (const text of [
      '9',
      'x',
      '2/visitor,["no" ',
      '2{"not":"an array"}',
      '3/visitor,1"not an array"',
      '1/visitor,{}',
    ]) {
      expect(() => new real.Decoder().add(text)).toThrow();
      expect(() => new Decoder().add(text)).toThrow();
    }
    expect(() => new Decoder().add('51-["file",{"_placeholder":true,"num":0}]')).toThrow();
    expect(() => new Decoder().add(new Uint8Array([1, 2]) as unknown as string)).toThrow(/binary/);
  });
});
