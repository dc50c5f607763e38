import type { ParleyConfig } from './config-schema.js';
import { parseConfig } from './load-config.js';

/** The example bot's token in the zero-setup demo. Never use the default config in production. */
export const DEMO_BOT_TOKEN = 'demo-welcome-bot-token-change-me';

/** The example HTTP bot's signing secret in the zero-setup demo (examples/http-bot uses it too). */
export const DEMO_HTTP_BOT_SECRET = 'whsec_cGFybGV5LWRlbW8taHR0cC1ib3Qtc2VjcmV0LWNoYW5nZS1tZQ==';

/** The demo site's identity secret (public on purpose: the demo host page signs "Grace" with it). */
export const DEMO_IDENTITY_SECRET = 'demo-identity-secret-change-me';

/** The pre-chat form `npm start` shows (`defaultConfig(…, { prechat: true })`). */
export const DEMO_PRECHAT_FORM = [
  { name: 'name', label: 'Your name', type: 'text', required: true },
  { name: 'email', label: 'Email', type: 'email', required: true },
  {
    name: 'topic',
    label: 'Topic',
    type: 'select',
    required: false,
    options: ['Orders', 'Shipping', 'Returns'],
  },
  {
    name: 'consent',
    label: 'I agree that Acme keeps this chat for 30 days',
    type: 'checkbox',
    required: true,
  },
] as const;

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
    // The demo's admin: exports and erases visitors, reads the audit log.
    role: 'admin' as const,
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
 * page, entering through the example welcome bot, with verified identity and an "order" session
 * template; `prechat` adds a pre-chat form (npm start shows it; most tests do without).
 */
export function defaultConfig(
  demoOrigins: string[],
  { prechat = false, httpBotUrl }: { prechat?: boolean; httpBotUrl?: string } = {},
): ParleyConfig {
  // The example HTTP bot (examples/http-bot, started by `npm start`) on its own queue and the
  // `helper` template; it runs on this machine, so its loopback URL is allowed.
  const httpBot = httpBotUrl
    ? {
        bots: [
          {
            id: 'helper',
            name: 'HTTP helper bot',
            url: httpBotUrl,
            secret: DEMO_HTTP_BOT_SECRET,
            allowPrivate: true,
          },
        ],
        queues: [{ id: 'helper', name: 'HTTP helper bot', bot: 'helper' }],
        templates: { helper: { bot: 'helper', prechatForm: [] } },
      }
    : { bots: [], queues: [], templates: {} };
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
          identity: { secret: DEMO_IDENTITY_SECRET },
          templates: {
            order: {
              welcome: 'You asked about order {order}. Tell us what is wrong and we will sort it out.',
              params: { order: 'your order' },
              prechatForm: [],
            },
            ...httpBot.templates,
          },
          ...(prechat ? { prechatForm: DEMO_PRECHAT_FORM.map((field) => ({ ...field })) } : {}),
        },
      ],
      bots: [{ id: 'welcome', name: 'Parley bot', token: DEMO_BOT_TOKEN }, ...httpBot.bots],
      queues: [
        { id: 'welcome', name: 'Welcome bot', bot: 'welcome' },
        { id: 'support', name: 'Support team', timeoutSeconds: 120 },
        ...httpBot.queues,
      ],
      agents: DEMO_AGENTS,
    },
    'default config',
  );
}
