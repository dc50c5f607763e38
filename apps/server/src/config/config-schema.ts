import proxyAddr from '@fastify/proxy-addr';
import * as v from 'valibot';
import { WEBHOOK_EVENTS } from '../webhooks/webhook-events.js';
import { WebhookSecretSchema, WebhookUrlSchema } from '../webhooks/webhook-schemas.js';
import { CannedResponsesSchema } from './canned-config.js';
import { FilesConfigSchema, SiteFilesSchema } from './files-config.js';
import { SsoConfigSchema } from './sso-config.js';

const origin = v.pipe(
  v.string(),
  v.check((value) => {
    try {
      return new URL(value).origin === value;
    } catch {
      return false;
    }
  }, 'must be an origin like https://shop.example (scheme, host and port only, no path or trailing slash)'),
);

const key = v.pipe(v.string(), v.regex(/^[a-zA-Z0-9_-]{1,64}$/, 'use letters, digits, _ and - (at most 64)'));

const hhmm = v.pipe(
  v.string(),
  v.regex(/^([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'use "HH:MM-HH:MM"'),
);

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * When humans answer, in the site's time zone: per weekday, a list of "HH:MM-HH:MM" ranges (a
 * day not listed is closed), and dates (YYYY-MM-DD) closed all day. Outside them, a route to
 * humans goes to the offline form.
 */
export const BusinessHoursSchema = v.strictObject({
  timezone: v.pipe(
    v.string(),
    v.check((zone) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Europe/Berlin'),
  ),
  days: v.record(v.picklist(WEEKDAYS), v.array(hhmm)),
  closedDates: v.optional(v.array(v.pipe(v.string(), v.isoDate('use YYYY-MM-DD'))), []),
});

/** A field of a form (pre-chat, offline); a `select` lists its `options`. */
export const FormFieldConfigSchema = v.pipe(
  v.strictObject({
    name: v.pipe(v.string(), v.regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/, 'use a short identifier')),
    label: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
    type: v.optional(
      v.picklist(['text', 'email', 'tel', 'textarea', 'select', 'checkbox', 'number']),
      'text',
    ),
    required: v.optional(v.boolean(), false),
    options: v.optional(
      v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(200))), v.minLength(1), v.maxLength(50)),
    ),
  }),
  v.check(
    (field) => (field.type === 'select') === (field.options !== undefined),
    'a select field lists its options, and only a select field has options',
  ),
);

/** A form's fields, names unique; `[]` is no form. */
const FieldsSchema = v.pipe(
  v.array(FormFieldConfigSchema),
  v.check(
    (fields) => new Set(fields.map((f) => f.name)).size === fields.length,
    'field names must be unique',
  ),
);

/** A form's fields: at least one, names unique. */
const FormSchema = v.pipe(FieldsSchema, v.minLength(1, 'list at least one field'));

/**
 * Verified identity (`Parley('identify', { userId, hash })`): `hash` is the HMAC-SHA256 of the
 * user id with `secret`, computed by the site's backend. `required`: an identify without a
 * valid hash is refused; otherwise one without a hash only labels the visitor (name, email).
 */
export const IdentityConfigSchema = v.strictObject({
  secret: v.pipe(v.string(), v.minLength(16, 'use at least 16 characters (32+ random in production)')),
  required: v.optional(v.boolean(), false),
});

/**
 * A session template, started with `Parley('startSession', { template, params })`: the bot or
 * human queue the session goes to, a welcome text with `{param}` placeholders, its own pre-chat
 * form, and default params (the call's params override them). Params are kept as session data.
 */
export const SessionTemplateSchema = v.strictObject({
  bot: v.optional(key),
  queue: v.optional(key),
  welcome: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(2000))),
  /** This template's pre-chat form instead of the site's; `[]` asks none. */
  prechatForm: v.optional(FieldsSchema),
  params: v.optional(v.record(key, v.pipe(v.string(), v.maxLength(500))), {}),
});

/** How the widget looks; the script tag's `data-*` attributes win (docs/embedding.md). */
export const AppearanceSchema = v.strictObject({
  color: v.optional(
    v.pipe(v.string(), v.regex(/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i, 'use a hex colour like #4f46e5')),
  ),
  position: v.optional(v.picklist(['left', 'right'])),
  theme: v.optional(v.picklist(['auto', 'light', 'dark'])),
  launcherLabel: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(40))),
  /** The widget's language (en, de, es, ar; a regional tag such as de-AT means its language). */
  locale: v.optional(
    v.pipe(v.string(), v.regex(/^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*$/i, 'use a tag like de or de-AT')),
  ),
});

/** "Leave a message": the visitor's email and message, unless a site lists its own fields. */
export const DEFAULT_OFFLINE_FORM = [
  { name: 'name', label: 'Name', type: 'text', required: false },
  { name: 'email', label: 'Email', type: 'email', required: true },
  { name: 'message', label: 'Message', type: 'textarea', required: true },
] as const;

/** Where a site's mail goes (issue 13, docs/email.md). */
export const SiteEmailSchema = v.strictObject({
  /** The team's address: offline messages go there, and replies to the desk's answers. */
  team: v.pipe(v.string(), v.trim(), v.email('use an email address such as support@shop.example')),
  /** Whether a visitor may have a chat's transcript emailed at its end (default true). */
  transcripts: v.optional(v.boolean(), true),
  /**
   * The site's address (a page with the widget), linked in the mail that brings a visitor back to
   * a conversation an agent started (issue 15); unset, that mail names the site without a link.
   */
  siteUrl: v.optional(v.pipe(v.string(), v.url(), v.regex(/^https?:\/\//, 'siteUrl must be http(s)'))),
});

// Webhook secrets and URLs are checked as the REST API checks them (`webhook-schemas.ts`).
const webhookSecret = WebhookSecretSchema;
const webhookUrl = WebhookUrlSchema;

/** One secret, or two during a rotation (each signs every request). */
const webhookSecrets = {
  secret: v.optional(webhookSecret),
  secrets: v.optional(v.pipe(v.array(webhookSecret), v.minLength(1), v.maxLength(2, 'at most two secrets'))),
};

/** Exactly one of `secret` and `secrets`. */
const oneSecretSetting = (value: { secret?: string | undefined; secrets?: string[] | undefined }) =>
  (value.secret === undefined) !== (value.secrets === undefined);

/** A site's webhook (docs/webhooks.md). */
export const WebhookConfigSchema = v.pipe(
  v.strictObject({
    id: key,
    url: webhookUrl,
    ...webhookSecrets,
    events: v.pipe(v.array(v.picklist(WEBHOOK_EVENTS)), v.minLength(1, 'list at least one event')),
    /** Lets the URL resolve to a loopback or private address (SSRF guard off for this one). */
    allowPrivate: v.optional(v.boolean(), false),
  }),
  v.check((hook) => oneSecretSetting(hook), 'give one of secret or secrets'),
);

export const SiteConfigSchema = v.strictObject({
  /** The public site key of the script tag (`data-site`). */
  key,
  name: v.optional(v.string(), 'Support'),
  /** Origins of the pages allowed to embed the widget and connect as this site's visitors. */
  allowedOrigins: v.pipe(v.array(origin), v.minLength(1, 'list at least one origin')),
  /** Where a new session goes: for now, a bot by id. */
  entry: v.strictObject({ bot: key }),
  /** A session with no message for this long closes. */
  idleTimeoutSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 30 * 60),
  /** How long a closed session stays readable by its visitor. */
  retentionDays: v.optional(v.pipe(v.number(), v.minValue(0.0001)), 30),
  /** Texts the widget shows (title, greeting); keys are free, values plain text. */
  texts: v.optional(v.record(v.string(), v.pipe(v.string(), v.maxLength(500))), {}),
  /** The widget's colour, position, theme, launcher label and language. */
  appearance: v.optional(AppearanceSchema, {}),
  /** How visitors score a chat: stars 1-5, thumbs 0-1, or 0-10. */
  feedbackScale: v.optional(v.picklist(['stars', 'thumbs', 'nps']), 'stars'),
  /** Tags a visitor may pick when rating ("Fast", "Friendly"); one at most. Unset, none. */
  feedbackTags: v.optional(
    v.pipe(v.array(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(40))), v.maxLength(12)),
    [],
  ),
  /**
   * When the widget asks for a rating as a chat ends: only after a human agent took part
   * (default), after every chat, or never (issue 14).
   */
  feedback: v.optional(v.picklist(['after-human', 'always', 'never']), 'after-human'),
  /** How soon the team usually replies, shown under the widget's title; unset, nothing is said. */
  replyTime: v.optional(v.picklist(['minutes', 'hour', 'day'])),
  /** How long a session waits for its bot to (re)connect before going to the fallback. */
  botGraceSeconds: v.optional(v.pipe(v.number(), v.minValue(0)), 30),
  /** Where a session goes when its bot is away: a human queue; unset, the offline form. */
  fallbackQueue: v.optional(key),
  /** The human queue a route with only a team, agent or skills goes to, and "talk to a person". */
  defaultQueue: v.optional(key),
  /** When humans answer; unset, always (as long as an agent is online). */
  businessHours: v.optional(BusinessHoursSchema),
  /** The offline form's fields. */
  offlineForm: v.optional(FormSchema, () => DEFAULT_OFFLINE_FORM.map((field) => ({ ...field }))),
  /** The pre-chat form asked before a session opens; unset, none. Skipped for identified visitors. */
  prechatForm: v.optional(FormSchema),
  /** Verified identity for `Parley('identify')`; unset, identify only labels visitors. */
  identity: v.optional(IdentityConfigSchema),
  /** Session templates by name, for `Parley('startSession', { template })`. */
  templates: v.optional(v.record(key, SessionTemplateSchema), {}),
  /** The site's mail (needs the top-level `email`); unset, this site sends none. */
  email: v.optional(SiteEmailSchema),
  /** Signed webhooks of this site's events (issue 13, docs/webhooks.md). */
  webhooks: v.optional(v.array(WebhookConfigSchema), []),
  /** Files and images in chats: on or off, the largest size, the accepted types (issue 14). */
  files: v.optional(SiteFilesSchema, {}),
  /** Ready answers offered in the desk's reply box with `/` (issue 15). */
  cannedResponses: v.optional(CannedResponsesSchema, []),
});

/** A named entry point: a bot queue (`bot` set) or a human queue. */
export const QueueConfigSchema = v.strictObject({
  id: key,
  name: v.optional(v.string()),
  /** The bot that handles sessions routed here; unset for a queue of human agents. */
  bot: v.optional(key),
  /** A session waiting longer than this for an agent goes to the offline form. */
  timeoutSeconds: v.optional(v.pipe(v.number(), v.minValue(1)), 10 * 60),
});

export const BotConfigSchema = v.pipe(
  v.strictObject({
    id: key,
    name: v.optional(v.string(), 'Bot'),
    /** The secret a socket bot connects with. Use 32+ random characters in production. */
    token: v.optional(v.pipe(v.string(), v.minLength(16, 'use at least 16 characters'))),
    /** An HTTP bot (issue 13, docs/http-bots.md): its events are POSTed here, signed. */
    url: v.optional(webhookUrl),
    ...webhookSecrets,
    /** Lets the URL resolve to a loopback or private address (SSRF guard off for this bot). */
    allowPrivate: v.optional(v.boolean()),
  }),
  v.check(
    (bot) => (bot.url === undefined ? bot.token !== undefined : oneSecretSetting(bot)),
    'a socket bot has a token; an HTTP bot has a url and one of secret or secrets',
  ),
);

/** How webhooks and HTTP bots are delivered (docs/webhooks.md, "Retries"). */
export const WebhookSettingsSchema = v.strictObject({
  /** Seconds to wait before each retry; the last one repeats until `maxAgeHours`. */
  retrySchedule: v.optional(
    v.pipe(v.array(v.pipe(v.number(), v.minValue(0))), v.minLength(1)),
    [5, 30, 120, 600, 1800, 3600],
  ),
  /** A delivery still failing this long after its event fails for good. */
  maxAgeHours: v.optional(v.pipe(v.number(), v.minValue(0)), 24),
  /** How long a request may take. */
  timeoutSeconds: v.optional(v.pipe(v.number(), v.minValue(0.01), v.maxValue(60)), 10),
  /** Failed attempts in a row that open an endpoint's circuit breaker. */
  circuitFailures: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 10),
  /** How long an open circuit waits before a probe. */
  circuitCooldownSeconds: v.optional(v.pipe(v.number(), v.minValue(0)), 60),
  /** How often each process looks for due deliveries (besides a wake-up when it wrote some). */
  pollMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(10)), 1000),
  /** How long the delivery log keeps a finished delivery and its attempts. */
  logDays: v.optional(v.pipe(v.number(), v.minValue(0.0001)), 30),
  /** Lets every endpoint reach loopback and private addresses (for local development only). */
  allowPrivate: v.optional(v.boolean(), false),
});

/**
 * A site an agent works on (issue 15, item 4): its key, or the key with the agent's teams and
 * skills on that site, which replace the agent's top-level ones there.
 * @example 'demo' // or { key: 'north', teams: ['billing'], skills: ['de'] }
 */
export const AgentSiteSchema = v.union([
  key,
  v.strictObject({ key, teams: v.optional(v.array(key)), skills: v.optional(v.array(key)) }),
]);

/** A human agent. `password` is a hash from `npm run hash-password` (never plain text). */
export const AgentConfigSchema = v.strictObject({
  id: key,
  name: v.string(),
  /** The name visitors see (issue 15); unset, `name`. Colleagues see it in the log too. */
  displayName: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100))),
  /** A picture visitors see beside the agent's messages: an https URL. */
  avatarUrl: v.optional(
    v.pipe(v.string(), v.maxLength(2000), v.url(), v.regex(/^https:\/\//, 'avatarUrl must be https')),
  ),
  email: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email()),
  /** Unset: the agent signs in with single sign-on only (`sso`). */
  password: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/,
        'must be a hash from `npm run hash-password`',
      ),
    ),
  ),
  teams: v.optional(v.array(key), []),
  skills: v.optional(v.array(key), []),
  /** How many chats the agent takes at once. */
  capacity: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50)), 3),
  /**
   * `admin`: also reads every conversation of the records, exports and erases visitors (GDPR)
   * and reads the audit log, and may do all a supervisor may. `supervisor` (issue 15): the team
   * view of their sites, silent monitoring, whispers, take-over, reassignment, and others'
   * presence. `agent` (the default): their own chats and their teams'.
   */
  role: v.optional(v.picklist(['agent', 'supervisor', 'admin']), 'agent'),
  /**
   * The sites the agent works on, each a key or `{ key, teams, skills }` (their teams and skills
   * on that site); unset, every site with the top-level teams and skills.
   */
  sites: v.optional(v.pipe(v.array(AgentSiteSchema), v.minLength(1))),
});

export const AgentSettingsSchema = v.strictObject({
  /** Reasons an agent may give for being not ready. */
  notReadyReasons: v.optional(
    v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(64))), v.minLength(1)),
    ['break', 'lunch', 'training', 'meeting'],
  ),
  /** An agent whose last connection dropped goes offline after this long (a reload must not). */
  graceSeconds: v.optional(v.pipe(v.number(), v.minValue(0)), 15),
  /** How long a desk login lasts. */
  tokenHours: v.optional(v.pipe(v.number(), v.minValue(0.01)), 12),
});

export const LimitsConfigSchema = v.strictObject({
  /** Events one visitor socket may send per 10 seconds. */
  eventsPer10Seconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 50),
  /** Events one bot socket may send per 10 seconds: a bot speaks in every session it handles. */
  botEventsPer10Seconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 5000),
  /**
   * Handshakes on `/visitor` one address may attempt per minute (it counted every namespace
   * before issue 11). Visitors behind one address share it: a refused widget retries with backoff.
   */
  connectionsPerMinutePerIp: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 120),
  /** Handshakes one bot may make per minute with its valid token, from any address. */
  botConnectionsPerMinute: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 600),
  /** Handshakes one agent may make per minute with a live login (each desk tab is one). */
  agentConnectionsPerMinute: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 300),
  /**
   * Failed handshakes (a wrong bot token, an unknown or expired desk login) one address may make
   * per minute on `/bot`, and as many on `/agent`; past that, the namespace refuses the address
   * for the rest of the minute without looking at what it sends (brute-force protection).
   */
  failedAuthsPerMinutePerIp: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 30),
  /** Desk login attempts one IP address may make per minute. */
  loginsPerMinutePerIp: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 10),
  /** REST API requests one API key may make per minute (`/api/v1`); past that, 429 `rate_limited`. */
  apiRequestsPerMinute: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 600),
});

/** An SMTP server, as nodemailer takes it. */
const SmtpSchema = v.strictObject({
  host: v.pipe(v.string(), v.minLength(1)),
  port: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535)),
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure: v.optional(v.boolean(), false),
  auth: v.optional(v.strictObject({ user: v.string(), pass: v.string() })),
});

/**
 * Email over SMTP (issue 13, docs/email.md): `smtp` or an `smtp://` / `smtps://` URL, and the
 * address mail is sent from. Unset, Parley sends no mail and offers none.
 */
export const EmailConfigSchema = v.pipe(
  v.strictObject({
    smtp: v.optional(SmtpSchema),
    url: v.optional(v.pipe(v.string(), v.regex(/^smtps?:\/\//, 'use smtp://… or smtps://…'))),
    /** The sender, e.g. `Shop support <support@shop.example>`. */
    from: v.pipe(v.string(), v.minLength(3)),
  }),
  v.check((email) => (email.smtp === undefined) !== (email.url === undefined), 'give either smtp or url'),
);

export const MetricsConfigSchema = v.strictObject({
  token: v.optional(v.pipe(v.string(), v.minLength(16, 'use at least 16 characters (32+ random)'))),
});

/** An address, CIDR range or netmask range (`10.0.0.0/8`, `10.0.0.0/255.0.0.0`), or a named set. */
const trustedProxy = v.pipe(
  v.string(),
  v.check((value) => {
    try {
      proxyAddr.compile(value);
      return true;
    } catch {
      return false;
    }
  }, 'must be an IP address, a CIDR range like 10.0.0.0/8, or loopback, linklocal or uniquelocal'),
);

export const ParleyConfigSchema = v.pipe(
  v.strictObject({
    sites: v.pipe(v.array(SiteConfigSchema), v.minLength(1, 'configure at least one site')),
    bots: v.optional(v.array(BotConfigSchema), []),
    queues: v.optional(v.array(QueueConfigSchema), []),
    agents: v.optional(v.array(AgentConfigSchema), []),
    agentSettings: v.optional(AgentSettingsSchema, {}),
    /** Single sign-on for agents (OpenID Connect), beside passwords. */
    sso: v.optional(SsoConfigSchema, {}),
    limits: v.optional(LimitsConfigSchema, {}),
    /**
     * The proxies (load balancers) in front of Parley, whose `X-Forwarded-For` is believed when a
     * request comes straight from one of them; none by default: a client's address is its
     * connection's. Rate limits per address use it, on HTTP and sockets alike.
     */
    trustedProxies: v.optional(v.array(trustedProxy), []),
    /**
     * `/metrics` (Prometheus, docs/metrics.md): with a token, a scrape must send
     * `Authorization: Bearer <token>`. Unset, it is open: set one in production.
     */
    metrics: v.optional(MetricsConfigSchema, {}),
    /** Email over SMTP; unset, none is sent (docs/email.md). */
    email: v.optional(EmailConfigSchema),
    /** Delivery of webhooks and HTTP bots: retries, timeout, circuit breaker, SSRF guard. */
    webhookSettings: v.optional(WebhookSettingsSchema, {}),
    /** Where files are stored (a folder under the data directory, or S3) and their links (issue 14). */
    files: v.optional(FilesConfigSchema, {}),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const { sites, bots, queues, agents } = dataset.value;
    const seen = (values: string[]) => values.find((value, i) => values.indexOf(value) !== i);
    const dupSite = seen(sites.map((s) => s.key));
    if (dupSite) addIssue({ message: `site key "${dupSite}" is used twice` });
    const dupBot = seen(bots.map((b) => b.id));
    if (dupBot) addIssue({ message: `bot id "${dupBot}" is used twice` });
    if (seen(bots.flatMap((b) => (b.token === undefined ? [] : [b.token])))) {
      addIssue({ message: 'two bots share a token' });
    }
    const dupHook = seen(sites.flatMap((s) => s.webhooks.map((w) => w.id)));
    if (dupHook) addIssue({ message: `webhook id "${dupHook}" is used twice` });
    const dupAgent = seen(agents.map((a) => a.id));
    if (dupAgent) addIssue({ message: `agent id "${dupAgent}" is used twice` });
    const dupEmail = seen(agents.map((a) => a.email));
    if (dupEmail) addIssue({ message: `agent email "${dupEmail}" is used twice` });
    for (const agent of agents) {
      const named = agent.sites?.map((site) => (typeof site === 'string' ? site : site.key)) ?? [];
      const unknown = named.find((site) => !sites.some((s) => s.key === site));
      if (unknown)
        addIssue({ message: `agent "${agent.id}" works on site "${unknown}", which is not in sites` });
      const twice = seen(named);
      if (twice) addIssue({ message: `agent "${agent.id}" lists site "${twice}" twice` });
    }
    const dupQueue = seen(queues.map((q) => q.id));
    if (dupQueue) addIssue({ message: `queue id "${dupQueue}" is used twice` });
    for (const queue of queues) {
      if (queue.bot && !bots.some((b) => b.id === queue.bot)) {
        addIssue({ message: `queue "${queue.id}" is handled by bot "${queue.bot}", which is not in bots` });
      }
    }
    for (const site of sites) {
      if (site.email && !dataset.value.email) {
        addIssue({ message: `site "${site.key}" has email, but the server has no email (SMTP) configured` });
      }
    }
    const humanQueue = (id: string) => queues.some((q) => q.id === id && !q.bot);
    for (const site of sites) {
      if (!bots.some((b) => b.id === site.entry.bot)) {
        addIssue({
          message: `site "${site.key}" enters through bot "${site.entry.bot}", which is not in bots`,
        });
      }
      for (const [name, template] of Object.entries(site.templates)) {
        if (template.bot && template.queue) {
          addIssue({ message: `template "${name}" of site "${site.key}" names both a bot and a queue` });
        }
        if (template.bot && !bots.some((b) => b.id === template.bot)) {
          addIssue({
            message: `template "${name}" of site "${site.key}" uses bot "${template.bot}", not in bots`,
          });
        }
        if (template.queue && !humanQueue(template.queue)) {
          addIssue({
            message: `template "${name}" of site "${site.key}" uses queue "${template.queue}", not a human queue`,
          });
        }
      }
      for (const field of ['fallbackQueue', 'defaultQueue'] as const) {
        const id = site[field];
        if (id && !humanQueue(id)) {
          addIssue({
            message: `site "${site.key}" has ${field} "${id}", which is not a human queue in queues`,
          });
        }
      }
    }
  }),
);

export type ParleyConfig = v.InferOutput<typeof ParleyConfigSchema>;
export type ParleyConfigInput = v.InferInput<typeof ParleyConfigSchema>;
export type SiteConfig = v.InferOutput<typeof SiteConfigSchema>;
export type BusinessHours = v.InferOutput<typeof BusinessHoursSchema>;
export type SessionTemplate = v.InferOutput<typeof SessionTemplateSchema>;
export type BotConfig = v.InferOutput<typeof BotConfigSchema>;
export type QueueConfig = v.InferOutput<typeof QueueConfigSchema>;
export type AgentConfig = v.InferOutput<typeof AgentConfigSchema>;
export type AgentSiteConfig = v.InferOutput<typeof AgentSiteSchema>;
export type EmailConfig = v.InferOutput<typeof EmailConfigSchema>;
export type WebhookConfig = v.InferOutput<typeof WebhookConfigSchema>;
export type { FilesConfig, FilesS3Config, SiteFiles } from './files-config.js';
export type WebhookSettings = v.InferOutput<typeof WebhookSettingsSchema>;
