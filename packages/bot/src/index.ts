export type {
  BotAppConfig,
  Button,
  Feedback,
  FeedbackEvent,
  MessageEvent,
  RouteOutcome,
  RouteTarget,
  SessionData,
  SessionStatus,
  StatusEvent,
  VisitorInfo,
} from '@parley/protocol';
export {
  BotSession,
  type FeedbackRecorder,
  type NewSessionOptions,
  type Route,
  type SayOptions,
} from './bot-session.js';
export { type Bot, type BotHandlers, type BotOptions, createBot } from './create-bot.js';
export type { MessageContext, Middleware } from './middleware.js';
export { ParleyError } from './parley-error.js';
