/**
 * The fault suite's verdict, "nothing lost, nothing twice", counted from the final session logs
 * (read from the store) against what each visitor was told.
 */
import type { MessageEvent, SessionEvent } from '@parley/protocol';
import { expect } from 'vitest';
import type { SessionStore } from '../../src/store/session-store.js';
import type { FaultVisitor } from './fault-visitor.js';

export interface Figures {
  /** Messages the visitors wrote. */
  sent: number;
  /** Of those, acked `ok`. */
  acked: number;
  /** Acked `ok`, yet not in the log at the seq the ack gave. */
  lost: number;
  /** A visitor client id stored more than once, or one answer (echo, welcome) stored twice. */
  duplicated: number;
  /** A visitor message in the log with no `echo: <text>` after it in its session. */
  unanswered: number;
  /** A session the bot never welcomed. */
  unwelcomed: number;
  /** Echoes in a session in another order than the messages they answer. */
  outOfOrder: number;
  /** Messages still waiting for their ack. */
  pending: number;
  /** Visitors not connected, or whose view misses events of the log. */
  behind: number;
  /** The first few of everything counted above, for the failure message. */
  problems: string[];
}

const MAX_PROBLEMS = 12;

const isMessage = (event: SessionEvent): event is MessageEvent => event.type === 'message';

/**
 * Counts every figure at this moment (logs still being written are fine: poll until it settles).
 * @example expect(await countFigures(store, visitors)).toMatchObject({ lost: 0 });
 */
export async function countFigures(store: SessionStore, visitors: readonly FaultVisitor[]): Promise<Figures> {
  const figures: Figures = {
    sent: 0,
    acked: 0,
    lost: 0,
    duplicated: 0,
    unanswered: 0,
    unwelcomed: 0,
    outOfOrder: 0,
    pending: 0,
    behind: 0,
    problems: [],
  };
  const problem = (line: string) => {
    if (figures.problems.length < MAX_PROBLEMS) figures.problems.push(line);
  };

  for (const visitor of visitors) {
    const sessions = await store.visitorSessions(visitor.visitorId, 100);
    const logs = new Map<string, SessionEvent[]>();
    for (const session of sessions) {
      logs.set(session.id, await store.eventsSince(session.id, 0, Number.MAX_SAFE_INTEGER));
    }

    // What each visitor was told, against the log.
    for (const message of visitor.sent) {
      figures.sent += 1;
      if (!message.ack) {
        figures.pending += 1;
        problem(
          `${message.clientId} "${message.text}": no ack yet (refusals: ${message.refusals.join(',')})`,
        );
        continue;
      }
      figures.acked += 1;
      const { sessionId, seq } = message.ack;
      const stored = logs.get(sessionId)?.find((e) => e.seq === seq);
      if (!stored || !isMessage(stored) || stored.clientId !== message.clientId) {
        figures.lost += 1;
        problem(`${message.clientId} "${message.text}": acked as ${sessionId}#${seq}, not in the log there`);
      }
    }

    const seenClientIds = new Map<string, number>();
    for (const [sessionId, log] of logs) {
      const messages = log.filter(isMessage);
      const asked = messages.filter((m) => m.author.role === 'visitor');
      const answers = messages.filter((m) => m.author.role === 'bot');
      for (const m of asked) {
        const count = (seenClientIds.get(m.clientId) ?? 0) + 1;
        seenClientIds.set(m.clientId, count);
        if (count > 1) {
          figures.duplicated += 1;
          problem(`${m.clientId} "${m.text}": stored ${count} times (again in ${sessionId}#${m.seq})`);
        }
      }
      const answerCount = new Map<string, number>();
      for (const a of answers) {
        const count = (answerCount.get(a.text) ?? 0) + 1;
        answerCount.set(a.text, count);
        if (count > 1) {
          figures.duplicated += 1;
          problem(`bot answer "${a.text}" stored ${count} times (again at ${sessionId}#${a.seq})`);
        }
      }
      if (!answerCount.has('welcome')) {
        figures.unwelcomed += 1;
        problem(`${visitor.name}'s session ${sessionId}: never welcomed`);
      }
      for (const m of asked) {
        const answered = answers.some((a) => a.seq > m.seq && a.text === `echo: ${m.text}`);
        if (!answered) {
          figures.unanswered += 1;
          problem(`${m.clientId} "${m.text}" at ${sessionId}#${m.seq}: unanswered`);
        }
      }
      // The bot's work runs in order per session: its echoes follow the messages' order.
      const echoed = answers.filter((a) => a.text.startsWith('echo: ')).map((a) => a.text.slice(6));
      const inOrder = asked.map((m) => m.text).filter((text) => echoed.includes(text));
      const firstEchoes = echoed.filter((text, i) => echoed.indexOf(text) === i);
      if (firstEchoes.join('\n') !== inOrder.join('\n')) {
        figures.outOfOrder += 1;
        problem(`${visitor.name}'s session ${sessionId}: echoes out of order`);
      }

      // The visitor's own view: every event of the log, without a reload.
      const session = sessions.find((s) => s.id === sessionId);
      const seen = visitor.delivery.timeline.lastSeq(sessionId);
      if (session && seen < session.lastSeq) {
        figures.behind += 1;
        problem(`${visitor.name} has seen ${sessionId} up to #${seen} of #${session.lastSeq}`);
      }
    }
    if (!visitor.connected) {
      figures.behind += 1;
      problem(
        `${visitor.name} is not connected (handshakes refused: ${visitor.handshakeRefusals.join(',')})`,
      );
    }
  }
  return figures;
}

/**
 * Waits until every message was acked, answered once and seen by its visitor, then checks that
 * nothing acked was lost and nothing is stored twice. Fails with the figures and the first
 * problems when the logs do not settle within `timeoutMs`.
 */
export async function expectNothingLostOrTwice(
  store: SessionStore,
  visitors: readonly FaultVisitor[],
  { timeoutMs = 60_000 } = {},
): Promise<Figures> {
  const sent = visitors.reduce((sum, v) => sum + v.sent.length, 0);
  let last: Figures | undefined;
  await expect
    .poll(
      async () => {
        last = await countFigures(store, visitors);
        return last;
      },
      { timeout: timeoutMs, interval: 500, message: 'acked-lost, duplicated and unanswered must all be 0' },
    )
    .toEqual({
      sent,
      acked: sent,
      lost: 0,
      duplicated: 0,
      unanswered: 0,
      unwelcomed: 0,
      outOfOrder: 0,
      pending: 0,
      behind: 0,
      problems: [],
    });
  if (!last) throw new Error('no figures were counted');
  return last;
}

/** One line for the test's annotations: the figures and what the visitors went through. */
export function describeFigures(figures: Figures, visitors: readonly FaultVisitor[]): string {
  const refusals = new Map<string, number>();
  for (const visitor of visitors) {
    for (const message of visitor.sent) {
      for (const code of message.refusals) refusals.set(code, (refusals.get(code) ?? 0) + 1);
    }
    for (const code of visitor.handshakeRefusals) {
      refusals.set(`handshake ${code}`, (refusals.get(`handshake ${code}`) ?? 0) + 1);
    }
  }
  const reconnects = visitors.reduce((sum, v) => sum + v.reconnects, 0);
  const refused = [...refusals].map(([code, count]) => `${code} x${count}`).join(', ') || 'none';
  return (
    `${figures.sent} sent, ${figures.acked} acked, ${figures.lost} lost, ${figures.duplicated} duplicated, ` +
    `${figures.unanswered} unanswered; visitors reconnected ${reconnects} times; refusals met: ${refused}`
  );
}
