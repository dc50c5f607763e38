export type {
  Attachment,
  BotAppConfig,
  FileLink,
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
export { type BotFiles, type FileToSend } from './bot-files.js';
export {
  BotSession,
  type SendFileOptions,
  type FeedbackRecorder,
  type NewSessionOptions,
  type Route,
  type SayOptions,
} from './bot-session.js';
export { type Bot, type BotHandlers, type BotOptions, createBot } from './create-bot.js';
export type { MessageContext, Middleware } from './middleware.js';
export { ParleyError } from './parley-error.js';
