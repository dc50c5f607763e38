/**
 * What the HTTP bot answers to each event: pure, so its behaviour is tested without a network.
 * The answer is the body Parley reads (docs/http-bots.md): `{ actions: [...] }`.
 */

/** The part of a webhook this bot reads. */
export interface BotEvent {
  type: string;
  data: {
    session?: { visitor?: { name?: string } };
    message?: { text: string; author: { role: string } };
  };
}

export type Action =
  | { type: 'message'; text: string; quickReplies?: string[] }
  | { type: 'route'; queue: string }
  | { type: 'close'; reason?: string };

/** Quick replies offered with the welcome. */
export const MENU = ['Opening hours', 'Shipping', 'Talk to a human'];

const HUMAN = /\b(human|person|agent|someone|operator)\b/i;
const BYE = /^\s*(bye|goodbye|that'?s all)\b/i;
const FAQ: Array<{ keywords: RegExp; answer: string }> = [
  { keywords: /\b(hours?|open|opening)\b/i, answer: 'We are open Monday to Friday, 9:00 to 18:00 (CET).' },
  { keywords: /\b(ship|shipping|deliver|delivery)\b/i, answer: 'Orders ship within 24 hours.' },
];

/**
 * The actions for one event: a welcome for a new session; for a visitor's message an answer, a
 * handover to `queue` on "human" or "agent", or a goodbye that closes; nothing for the rest.
 * @example answer({ type: 'message.created', data: { message: { text: 'agent please', author: { role: 'visitor' } } } }, 'support')
 */
export function answer(event: BotEvent, queue: string): Action[] {
  if (event.type === 'session.created') {
    const name = event.data.session?.visitor?.name?.split(' ')[0];
    const hello = name ? `Hi ${name}!` : 'Hi there!';
    return [
      {
        type: 'message',
        text: `${hello} I'm Parley's HTTP demo bot. Ask me something, or talk to a human.`,
        quickReplies: MENU,
      },
    ];
  }
  const message = event.data.message;
  if (event.type !== 'message.created' || message?.author.role !== 'visitor') return [];
  if (HUMAN.test(message.text)) {
    return [
      { type: 'message', text: 'Let me find someone from our support team for you.' },
      { type: 'route', queue },
    ];
  }
  if (BYE.test(message.text)) {
    return [
      { type: 'message', text: 'Thanks for chatting. Goodbye!' },
      { type: 'close', reason: 'goodbye' },
    ];
  }
  const match = FAQ.find((entry) => entry.keywords.test(message.text));
  return [{ type: 'message', text: match ? match.answer : `You said: “${message.text}”` }];
}
