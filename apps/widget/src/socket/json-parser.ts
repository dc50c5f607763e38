/**
 * Socket.IO's packet codec for the widget, JSON only (issue 14: room in the 35 KB start-up
 * budget). The build puts it in place of `socket.io-parser` (build.mjs), whose binary machinery
 * (attachments, placeholders, the reconstructor) Parley never uses: every event it sends or
 * receives is JSON. The text is the same protocol (version 5) byte for byte, so the server's own
 * parser reads it as ever; `json-parser.test.ts` checks it against the real one.
 * https://github.com/socketio/socket.io/tree/main/packages/socket.io-parser#readme
 */
import { Emitter } from '@socket.io/component-emitter';

export const protocol = 5;

export const PacketType = {
  CONNECT: 0,
  DISCONNECT: 1,
  EVENT: 2,
  ACK: 3,
  CONNECT_ERROR: 4,
  BINARY_EVENT: 5,
  BINARY_ACK: 6,
} as const;

export interface Packet {
  type: number;
  nsp: string;
  data?: unknown;
  id?: number;
}

/** `<type>[<namespace>,][<ack id>][<JSON data>]`: the namespace only when not `/`. */
export class Encoder {
  encode(packet: Packet): string[] {
    let text = `${packet.type}`;
    if (packet.nsp && packet.nsp !== '/') text += `${packet.nsp},`;
    if (packet.id != null) text += packet.id;
    if (packet.data != null) text += JSON.stringify(packet.data);
    return [text];
  }
}

/** Whether a decoded packet's data has the shape its type needs (as socket.io-parser checks). */
function validData(type: number, data: unknown): boolean {
  switch (type) {
    case PacketType.CONNECT:
      return typeof data === 'object' && data !== null;
    case PacketType.DISCONNECT:
      return data === undefined;
    case PacketType.CONNECT_ERROR:
      return typeof data === 'string' || (typeof data === 'object' && data !== null);
    case PacketType.EVENT:
      return Array.isArray(data) && (typeof data[0] === 'string' || typeof data[0] === 'number');
    default:
      return Array.isArray(data);
  }
}

/** Decodes text packets; emits `decoded` with each. A binary packet is an error (none is sent). */
export class Decoder extends Emitter<
  Record<string, never>,
  Record<string, never>,
  { decoded: (packet: Packet) => void }
> {
  add(text: unknown): void {
    if (typeof text !== 'string') throw new Error('Parley: binary packets are not supported');
    const type = Number(text.charAt(0));
    if (!(type >= 0 && type <= 4)) throw new Error(`unknown packet type ${text.charAt(0)}`);
    let at = 1;
    let nsp = '/';
    if (text.charAt(at) === '/') {
      const comma = text.indexOf(',', at);
      const end = comma === -1 ? text.length : comma;
      nsp = text.slice(at, end);
      at = end + 1;
    }
    const digits = /^\d*/.exec(text.slice(at))?.[0] ?? '';
    const packet: Packet = { type, nsp };
    if (digits) packet.id = Number(digits);
    at += digits.length;
    if (at < text.length) {
      let data: unknown;
      try {
        data = JSON.parse(text.slice(at));
      } catch {
        throw new Error('invalid payload');
      }
      if (!validData(type, data)) throw new Error('invalid payload');
      packet.data = data;
    }
    this.emitReserved('decoded', packet);
  }

  destroy(): void {}
}
