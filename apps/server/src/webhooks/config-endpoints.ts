import type { ParleyConfig } from '../config/config-schema.js';
import { botEndpointId } from '../http-bots/http-bots.js';
import type { NewEndpoint } from './webhook-store.js';

const secretsOf = (entry: { secret?: string | undefined; secrets?: string[] | undefined }) =>
  entry.secrets ?? (entry.secret === undefined ? [] : [entry.secret]);

/**
 * The endpoints the config names: every site's `webhooks`, and every HTTP bot (`bots[].url`,
 * endpoint id `bot:<id>`). Upserted into the records at start (`WebhookStore.syncConfig`).
 * @example await records.webhooks.syncConfig(configEndpoints(config), Date.now());
 */
export function configEndpoints(config: ParleyConfig): NewEndpoint[] {
  const hooks = config.sites.flatMap((site) =>
    site.webhooks.map(
      (hook): NewEndpoint => ({
        id: hook.id,
        kind: 'webhook',
        siteKey: site.key,
        url: hook.url,
        secrets: secretsOf(hook),
        events: hook.events,
        allowPrivate: hook.allowPrivate,
        source: 'config',
      }),
    ),
  );
  const bots = config.bots.flatMap((bot): NewEndpoint[] =>
    bot.url === undefined
      ? []
      : [
          {
            id: botEndpointId(bot.id),
            kind: 'bot',
            botId: bot.id,
            url: bot.url,
            secrets: secretsOf(bot),
            events: [],
            allowPrivate: bot.allowPrivate ?? false,
            source: 'config',
          },
        ],
  );
  return [...hooks, ...bots];
}
