import type { ParleyConfig } from './config-schema.js';
import { parseConfig } from './load-config.js';

/** The example bot's token in the zero-setup demo. Never use the default config in production. */
export const DEMO_BOT_TOKEN = 'demo-welcome-bot-token-change-me';

/**
 * The zero-setup configuration of `npm start`: one site, `demo`, embeddable from the demo host
 * page, entering through the example welcome bot.
 */
export function defaultConfig(demoOrigins: string[]): ParleyConfig {
  return parseConfig(
    {
      sites: [
        {
          key: 'demo',
          name: 'Parley demo',
          allowedOrigins: demoOrigins,
          entry: { bot: 'welcome' },
          texts: { title: 'Chat with us' },
          fallbackQueue: 'support',
          defaultQueue: 'support',
        },
      ],
      bots: [{ id: 'welcome', name: 'Parley bot', token: DEMO_BOT_TOKEN }],
      queues: [
        { id: 'welcome', name: 'Welcome bot', bot: 'welcome' },
        { id: 'support', name: 'Support team' },
      ],
    },
    'default config',
  );
}
