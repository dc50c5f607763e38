export type {
  Attachment,
  BotAppConfig,
  Button,
  Card,
  CardInput,
  Feedback,
  FeedbackEvent,
  FileLink,
  FormAnswer,
  InlineForm,
  InlineFormInput,
  MessageEvent,
  ReadNotice,
  RichContent,
  RouteOutcome,
  RouteTarget,
  SessionData,
  SessionStatus,
  StatusEvent,
  VisitorInfo,
} from '@parley/protocol';
export type { BotFiles, FileToSend } from './bot-files.js';
export {
  BotSession,
  type FeedbackRecorder,
  type NewSessionOptions,
  type RichOptions,
  type Route,
  type SayOptions,
  type SendFileOptions,
} from './bot-session.js';
export { type Bot, type BotHandlers, type BotOptions, createBot } from './create-bot.js';
export type { MessageContext, Middleware } from './middleware.js';
export { ParleyError } from './parley-error.js';
