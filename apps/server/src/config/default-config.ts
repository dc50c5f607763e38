import type { ParleyConfig } from './config-schema.js';
import { parseConfig } from './load-config.js';

/** The example bot's token in the zero-setup demo. Never use the default config in production. */
export const DEMO_BOT_TOKEN = 'demo-welcome-bot-token-change-me';

/** The demo agents' password (hashed below with `npm run hash-password`; public on purpose). */
export const DEMO_AGENT_PASSWORD = 'parley-demo';

/** The desk logins of the zero-setup demo. */
export const DEMO_AGENTS = [
  {
    id: 'alice',
    name: 'Alice Martin',
    email: 'alice@parley.demo',
    password: 'scrypt$16384$8$1$oaLI0Bl3ELfzWt9_joBwAQ$7nxEgJA0_UaaQnqsAULII53e2tG2gwJTknKdDGeGG98',
    teams: ['support'],
    skills: ['english', 'german'],
    capacity: 3,
  },
  {
    id: 'bob',
    name: 'Bob Okafor',
    email: 'bob@parley.demo',
    password: 'scrypt$16384$8$1$v8znk8h-c3IFOM6hSx_cBA$sgCeom1c295plP8mj9p7skKDkWmFL48XpH0JhsDBLbQ',
    teams: ['support', 'billing'],
    skills: ['english'],
    capacity: 2,
  },
];

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
        { id: 'support', name: 'Support team', timeoutSeconds: 120 },
      ],
      agents: DEMO_AGENTS,
    },
    'default config',
  );
}
