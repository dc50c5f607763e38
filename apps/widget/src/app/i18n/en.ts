/**
 * The English dictionary; every user-facing string of the widget app. Other locales provide the
 * same keys (`Dictionary`); `{name}` placeholders are filled by `translate`.
 */
export const en = {
  'launcher.open': 'Open chat',
  'launcher.close': 'Close chat',
  'panel.title': 'Chat with us',
  'panel.close': 'Close chat window',
  'panel.endChat': 'End chat',
  'connection.connecting': 'Connecting…',
  'connection.online': 'Online',
  'connection.offline': 'Reconnecting…',
  'connection.error': 'Not connected',
  'messages.label': 'Messages',
  'messages.empty': 'Ask us anything, we are here to help.',
  'messages.newConversation': 'New conversation',
  'messages.choices': 'Suggested replies',
  'messages.opensInNewTab': '(opens in a new tab)',
  'message.you': 'You',
  'message.sending': 'Sending…',
  'message.failed': 'Failed',
  'message.retry': 'Retry',
  'author.bot': 'Bot',
  'author.agent': 'Agent',
  'author.system': 'Parley',
  'status.queued': 'Waiting for an agent…',
  'status.assigned': '{name} joined the chat',
  'status.assignedAnonymous': 'An agent joined the chat',
  'status.offline': 'Nobody is available right now. Leave a message and we will get back to you.',
  'status.closed': 'The chat has ended',
  'typing.someone': '{name} is typing…',
  'announce.message': '{name}: {text}',
  'composer.label': 'Message',
  'composer.placeholder': 'Write a message…',
  'composer.send': 'Send',
  'error.retry': 'Try again',
  'error.dismiss': 'Dismiss',
  'error.generic': 'Something went wrong. Please try again.',
  'error.sync': 'Could not load the conversation. Retrying…',
  'error.disconnected': 'The chat was disconnected.',
  'error.unauthorized': 'Chat could not start. Please reload the page.',
  'error.origin_not_allowed': 'Chat is not available on this website.',
  'error.rate_limited': 'You are sending messages too quickly. Please wait a moment.',
  'error.payload_too_large': 'That message is too long.',
  'error.session_closed': 'This chat has ended.',
} as const;

export type TranslationKey = keyof typeof en;

/** A complete dictionary: same keys as English, any text. */
export type Dictionary = Record<TranslationKey, string>;
