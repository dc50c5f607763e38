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
        },
      ],
      bots: [{ id: 'welcome', name: 'Parley bot', token: DEMO_BOT_TOKEN }],
    },
    'default config',
  );
}
