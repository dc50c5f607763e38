/** How many of a queue's latest waits are kept to estimate the next ones. */
export const RECENT_WAITS = 20;
