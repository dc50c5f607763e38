import type { SiteInfo } from '@parley/protocol';
import type { SiteConfig } from '../config/config-schema.js';

/**
 * What the widget may know of its site: never its origins, bots or routing. `available` is
 * whether a person could answer now (business hours, an agent online), as the visitor connects;
 * `files`, whether this server keeps files (a server built without a file store offers none).
 */
export function siteInfo(
  site: SiteConfig,
  { available, files = true }: { available?: boolean | undefined; files?: boolean } = {},
): SiteInfo {
  return {
    name: site.name,
    texts: site.texts,
    appearance: site.appearance,
    feedbackScale: site.feedbackScale,
    feedbackTags: site.feedbackTags,
    feedback: site.feedback,
    ...(available === undefined ? {} : { available }),
    ...(site.replyTime ? { replyTime: site.replyTime } : {}),
    offlineForm: site.offlineForm,
    prechatForm: site.prechatForm ?? [],
    templates: Object.fromEntries(
      Object.entries(site.templates).map(([name, { prechatForm }]) => [
        name,
        prechatForm ? { prechatForm } : {},
      ]),
    ),
    files: files && site.files.enabled ? { maxBytes: site.files.maxBytes, types: site.files.types } : null,
    // A site has `email` only when the server sends mail (the config checks it).
    ...(site.email?.transcripts ? { transcripts: true as const } : {}),
  };
}
