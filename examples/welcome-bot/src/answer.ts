/**
 * What the welcome bot says. Pure functions, so the bot's behaviour is tested without a network;
 * `index.ts` connects them to Parley.
 */

export interface VisitorFacts {
  name?: string | undefined;
  page?: string | undefined;
}

/** The first thing a visitor reads: by name when the site told us who they are. */
export function welcome(visitor: VisitorFacts): string {
  const greeting = visitor.name ? `Hi ${visitor.name.split(' ')[0]}!` : 'Hi there!';
  return `${greeting} I'm Parley's demo bot. Ask me about opening hours or shipping, or say anything and I'll echo it.`;
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

/** The reply to one visitor message: a FAQ answer when one matches, otherwise an echo. */
export function answer(text: string): string {
  const match = FAQ.find((entry) => entry.keywords.test(text));
  return match ? match.answer : `You said: “${text}”`;
}
