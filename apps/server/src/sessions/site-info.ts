import type { SiteInfo } from '@parley/protocol';
import type { SiteConfig } from '../config/config-schema.js';

/**
 * What the widget may know of its site: never its origins, bots or routing. `files`: whether this
 * server keeps files (a server built without a file store offers none).
 */
export function siteInfo(site: SiteConfig, { files = true }: { files?: boolean } = {}): SiteInfo {
  return {
    name: site.name,
    texts: site.texts,
    appearance: site.appearance,
    feedbackScale: site.feedbackScale,
    feedbackTags: site.feedbackTags,
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
