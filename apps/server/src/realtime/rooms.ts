/** Socket.IO room names; with the Redis adapter, a broadcast to a room reaches every process. */
export const rooms = {
  /**
   * One site's connections, in each namespace its own room: on `/visitor`, its visitors (their
   * team's availability, issue 14); on `/agent`, its agents (a colleague's presence, issue 15).
   */
  site: (siteKey: string) => `site:${siteKey}`,
  /** Every tab of one visitor. */
  visitor: (visitorId: string) => `visitor:${visitorId}`,
  /** Every connection of one bot. */
  bot: (botId: string) => `bot:${botId}`,
  /** Every connection of one agent (several tabs). */
  agent: (agentId: string) => `agent:${agentId}`,
  /** The connections of one desk login, disconnected together on logout. */
  agentLogin: (tokenHash: string) => `agent-login:${tokenHash}`,
  /** The supervisors' desks that monitor one session silently (issue 15); `/agent` only. */
  monitor: (sessionId: string) => `monitor:${sessionId}`,
  /** Every connected agent. */
  agents: 'agents',
} as const;
