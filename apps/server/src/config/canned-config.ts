import type { CannedResponse } from '@parley/protocol';
import * as v from 'valibot';

const code = v.pipe(
  v.string(),
  v.regex(/^[a-zA-Z0-9_-]{1,64}$/, 'use letters, digits, _ and - (at most 64)'),
);

/**
 * A site's canned responses (issue 15): `teams` limits one to agents of those teams; unset, every
 * agent of the site gets it. `text` may hold `{visitor.name}`, `{visitor.email}`, `{agent.name}`
 * and `{site.name}`, filled in the desk.
 */
export const CannedResponsesSchema = v.pipe(
  v.array(
    v.strictObject({
      id: code,
      title: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100)),
      text: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(4000)),
      teams: v.optional(v.pipe(v.array(code), v.minLength(1))),
    }),
  ),
  v.maxLength(500, 'at most 500 canned responses a site'),
  v.check(
    (list) => new Set(list.map((c) => c.id)).size === list.length,
    'canned response ids must be unique',
  ),
);

export type CannedResponseConfig = v.InferOutput<typeof CannedResponsesSchema>[number];

/**
 * The canned responses an agent gets: of each site `teamsOn` gives their teams on (undefined: not
 * a site of theirs, issue 15), those for everyone or for one of those teams.
 */
export function cannedFor(
  sites: ReadonlyArray<{ key: string; cannedResponses: CannedResponseConfig[] }>,
  teamsOn: (siteKey: string) => readonly string[] | undefined,
): CannedResponse[] {
  return sites.flatMap((site) => {
    const teams = teamsOn(site.key);
    if (teams === undefined) return [];
    return site.cannedResponses
      .filter((canned) => !canned.teams || canned.teams.some((team) => teams.includes(team)))
      .map(({ id, title, text }) => ({ id, siteKey: site.key, title, text }));
  });
}
