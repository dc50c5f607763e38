export type { MessageEvent, SessionStatus, StatusEvent, VisitorInfo } from '@parley/protocol';
export { BotSession } from './bot-session.js';
export { type Bot, type BotHandlers, type BotOptions, createBot } from './create-bot.js';
export { ParleyError } from './parley-error.js';
