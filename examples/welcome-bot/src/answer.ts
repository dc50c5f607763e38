/**
 * What the FAQ bot says and does. Pure functions, so its behaviour is tested without a network;
 * `index.ts` connects them to Parley.
 */

export interface VisitorFacts {
  name?: string | undefined;
}

/** Quick replies offered with the welcome and after each answer. */
export const MENU = ['Opening hours', 'Shipping', 'Talk to a human'];

/** The first thing a visitor reads: by name when the site told us who they are. */
export function welcome(visitor: VisitorFacts): string {
  const greeting = visitor.name ? `Hi ${visitor.name.split(' ')[0]}!` : 'Hi there!';
  return `${greeting} I'm Parley's demo bot. Ask me about opening hours or shipping, or talk to a human.`;
}

const FAQ: Array<{ keywords: RegExp; answer: string }> = [
  {
    keywords: /\b(hours?|open|opening|closed|when)\b/i,
    answer:
      'We are open Monday to Friday, 9:00 to 18:00 (CET). Outside those hours, leave a message and we reply by email.',
  },
  {
    keywords: /\b(ship|shipping|deliver|delivery|parcel)\b/i,
    answer: 'Orders ship within 24 hours. Delivery takes 2–4 working days in the EU and is free over €50.',
  },
  {
    keywords: /\b(price|pricing|cost|plan)\b/i,
    answer: 'Parley is open source and free to run yourself.',
  },
];

/** What to do with one visitor message. */
export type Reply =
  | { kind: 'answer'; text: string }
  | { kind: 'file'; text: string }
  | { kind: 'handoff'; text: string }
  | { kind: 'goodbye'; text: string }
  | { kind: 'echo'; text: string };

/** A message asking for a person, in the words visitors use. */
const HUMAN = /\b(human|person|agent|someone|somebody|operator|support team)\b/i;
const BYE = /^\s*(bye|goodbye|bye bye|thanks,? bye|that'?s all)\b/i;

/**
 * Decides the reply to one visitor message; `attachment`: it came with a file (its text may be
 * empty), which this bot cannot read.
 */
export function reply(text: string, attachment?: { name: string }): Reply {
  if (attachment && text.trim() === '') {
    return {
      kind: 'file',
      text: `Thanks, I got ${attachment.name}. I cannot open files myself: type "human" and someone from our team will look at it.`,
    };
  }
  if (HUMAN.test(text))
    return { kind: 'handoff', text: 'Let me find someone from our support team for you.' };
  if (BYE.test(text)) return { kind: 'goodbye', text: 'Thanks for chatting. Goodbye!' };
  const match = FAQ.find((entry) => entry.keywords.test(text));
  return match ? { kind: 'answer', text: match.answer } : { kind: 'echo', text: `You said: “${text}”` };
}

/** After this long without a message, the bot starts a fresh session (a new context). */
export const RESTART_AFTER_MS = 30 * 60 * 1000;
