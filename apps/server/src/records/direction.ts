import { DIRECTIONS, type Direction, type SessionEvent } from '@parley/protocol';

/** Opening reasons of sessions someone other than the visitor started (`OpenOptions.reason`). */
const STARTED_BY: Readonly<Record<string, Direction>> = {
  'bot-start': 'outbound',
  api: 'outbound',
  'api-template': 'outbound',
  'agent-start': 'agent-initiated',
};

/**
 * Who started a session (issue 15, item 5), from its opening's reason: the visitor (`entry`,
 * `template`; also `new-session`, a bot continuing the visitor's conversation) is `inbound`; a bot
 * (`bot-start`) or the REST API is `outbound`; an agent is `agent-initiated`.
 * @example directionOf('agent-start') // 'agent-initiated'
 */
export function directionOf(reason: string): Direction {
  return STARTED_BY[reason] ?? 'inbound';
}

/** The direction told by a batch's opening event (`created` -> ...), if the batch holds it. */
export function openingDirection(events: readonly SessionEvent[]): Direction | null {
  const opening = events.find((e) => e.type === 'session.changed' && e.from === 'created');
  return opening?.type === 'session.changed' ? directionOf(opening.reason) : null;
}

/** A direction read back from a row; anything unknown reads as `inbound`. */
export function asDirection(value: string): Direction {
  return (DIRECTIONS as readonly string[]).includes(value) ? (value as Direction) : 'inbound';
}
