/** Socket.IO room names; with the Redis adapter, a broadcast to a room reaches every process. */
export const rooms = {
  /** Every tab of one visitor. */
  visitor: (visitorId: string) => `visitor:${visitorId}`,
  /** Every connection of one bot. */
  bot: (botId: string) => `bot:${botId}`,
} as const;
