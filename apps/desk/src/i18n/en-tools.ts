/** The team tools' strings (issue 15), part of the English dictionary (`en.ts`). */
export const enTools = {
  'notes.title': 'Private notes',
  'notes.hint': 'Only agents see these notes; the visitor and the bot never do.',
  'notes.empty': 'No notes yet.',
  'notes.label': 'Add a private note',
  'notes.add': 'Add note',
  'notes.by': '{name}, {time}',
  'notes.failed': 'The notes could not be loaded: {reason}',
  'notes.addFailed': 'The note was not kept: {reason}',

  'canned.label': 'Canned responses',
  'canned.hint': 'Type / to insert a canned response.',
  'canned.none': 'No canned response matches.',
  'canned.count': '{count} canned responses; arrows to choose, Enter to insert, Escape to close.',

  'shortcuts.open': 'Keyboard shortcuts',
  'shortcuts.title': 'Keyboard shortcuts',
  'shortcuts.close': 'Close',
  'shortcuts.next': 'Next chat',
  'shortcuts.end': 'Close the chat',
  'shortcuts.transfer': 'Transfer the chat',
  'shortcuts.reply': 'Go to the reply box',
  'shortcuts.search': 'Search conversations',
  'shortcuts.help': 'Show this list',
  'shortcuts.note': 'Shortcuts work when you are not typing in a field; press Escape to leave a field.',

  'notify.enable': 'Turn on desktop notifications',
  'notify.on': 'Desktop notifications are on',
  'notify.denied': 'Desktop notifications are blocked in this browser',
  'notify.newChat': 'New chat with {name}',
  'notify.newMessage': '{name} wrote',
} as const;
