import type { ParleyConfig } from '../src/config/config-schema.js';
import { parseConfig } from '../src/config/load-config.js';

/** Who is who in `twoSiteTeam`: an agent, a supervisor and an admin on each of two sites. */
export const TEAM = {
  bob: { email: 'bob@parley.demo', role: 'agent', site: 'demo' },
  sue: { email: 'sue@parley.demo', role: 'supervisor', site: 'demo' },
  alice: { email: 'alice@parley.demo', role: 'admin', site: 'demo' },
  nina: { email: 'nina@north.example', role: 'agent', site: 'north' },
  sam: { email: 'sam@north.example', role: 'supervisor', site: 'north' },
  ada: { email: 'ada@north.example', role: 'admin', site: 'north' },
} as const;

export type Member = keyof typeof TEAM;

const NAMES: Record<Member, string> = {
  bob: 'Bob Okafor',
  sue: 'Sue Lindqvist',
  alice: 'Alice Martin',
  nina: 'Nina Berg',
  sam: 'Sam Ortiz',
  ada: 'Ada Quist',
};

/**
 * The demo configuration with a second site, `north` (same origins and entry bot), and the six
 * members of `TEAM`, each on one site, all in the support team, with room for many chats. Every
 * password is the demo agents' (`DEMO_AGENT_PASSWORD`). Event limits are lifted for the matrix.
 */
export function twoSiteTeam(base: ParleyConfig): ParleyConfig {
  const demo = base.sites[0];
  const password = base.agents[0]?.password;
  if (!demo || !password) throw new Error('the demo config has a site and an agent');
  return parseConfig(
    {
      ...base,
      // The matrix sends hundreds of events and opens a visitor a try, within seconds.
      limits: { ...base.limits, eventsPer10Seconds: 100_000, connectionsPerMinutePerIp: 10_000 },
      sites: [demo, { ...demo, key: 'north', name: 'North shop', templates: {} }],
      agents: (Object.keys(TEAM) as Member[]).map((id) => ({
        id,
        name: NAMES[id],
        email: TEAM[id].email,
        password,
        teams: ['support'],
        skills: ['english'],
        capacity: 20,
        role: TEAM[id].role,
        sites: [TEAM[id].site],
      })),
    },
    'two-site test config',
  );
}
