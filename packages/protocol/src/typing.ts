import type { Author } from './schemas.js';

/** Someone started or stopped typing in a session. Ephemeral: never stored or replayed. */
export interface TypingNotice {
  sessionId: string;
  author: Author;
  on: boolean;
}
