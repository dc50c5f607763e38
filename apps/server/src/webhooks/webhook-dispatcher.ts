import type { Logger } from 'pino';
import type { WebhookSettings } from '../config/config-schema.js';
import type { AnswerOutcome } from '../http-bots/http-bots.js';
import { MAX_ANSWER_BYTES, postWebhook, type WebhookResponse } from './post-webhook.js';
import { retryAt } from './retry-schedule.js';
import type { AttemptRecord, ClaimedDelivery, DeliveryState, WebhookStore } from './webhook-store.js';

/** What the dispatcher needs of HTTP bots (`createHttpBots`). */
export interface HttpBotPort {
  answer(delivery: ClaimedDelivery, body: string): Promise<AnswerOutcome>;
  gaveUp(delivery: ClaimedDelivery): Promise<void>;
  failing(botId: string): Promise<number>;
}

export interface WebhookDispatcherDeps {
  webhooks: WebhookStore;
  settings: WebhookSettings;
  clock: () => number;
  logger: Logger;
  /** Answers of HTTP bots; without it, a bot's delivery is only delivered. */
  httpBots?: HttpBotPort;
  /**
   * Called after every attempt, for metrics: `delivered`, `retry` (it will be tried again) or
   * `failed` (for good); the lag is from the event to this attempt.
   */
  onDelivery?(outcome: 'delivered' | 'retry' | 'failed', lagMs: number, endpointId: string): void;
  /** Rows taken per round (default 20). */
  batch?: number;
  /** Math.random, or a fixed one in tests of the schedule. */
  random?: () => number;
}

/** The first KB of a response, for the delivery log. */
const excerpt = (body: string | null) => (body === null ? null : body.slice(0, 1024));

const retryable = (status: number | null) =>
  status === null || status === 408 || status === 429 || status >= 500;

/**
 * The webhooks' and HTTP bots' dispatcher (issue 13): takes due outbox rows (`claim`, with a
 * lease), POSTs each signed, logs the attempt and moves the row on: delivered on a 2xx; tried
 * again after the retry schedule on a network error, a timeout, 408, 429 or 5xx; failed for good
 * on any other status, or when the schedule runs past `maxAgeHours`. Per endpoint, a circuit
 * breaker holds deliveries back after `circuitFailures` failures in a row. Runs in every server
 * process at once (claims never overlap); polls every `pollMs`, and at once when `wake()`d.
 * @example
 * const dispatcher = createWebhookDispatcher({ webhooks: records.webhooks, settings, clock: Date.now, logger });
 * dispatcher.start();
 */
export function createWebhookDispatcher(deps: WebhookDispatcherDeps) {
  const { webhooks, settings, clock, logger, httpBots } = deps;
  const batch = deps.batch ?? 20;
  const random = deps.random ?? Math.random;
  const timeoutMs = settings.timeoutSeconds * 1000;
  // Long enough for a request, the bot's actions and the log: no other process takes it meanwhile.
  const leaseMs = timeoutMs + 30_000;
  const circuit = { failures: settings.circuitFailures, cooldownMs: settings.circuitCooldownSeconds * 1000 };
  let stopped = true;
  let wake: (() => void) | undefined;
  let woken = false;
  let loop: Promise<void> | undefined;
  // Aborts the requests in flight when the dispatcher stops: their rows are let go, not failed.
  let stopping = new AbortController();

  /** How long after its event an attempt went. */
  const lagOf = (delivery: ClaimedDelivery) => clock() - Date.parse(delivery.payload.timestamp);

  const send = (delivery: ClaimedDelivery): Promise<WebhookResponse> =>
    postWebhook({
      url: delivery.endpoint.url,
      id: delivery.id,
      body: JSON.stringify(delivery.payload),
      secrets: delivery.endpoint.secrets,
      timestamp: Math.floor(clock() / 1000),
      timeoutMs,
      allowPrivate: settings.allowPrivate || delivery.endpoint.allowPrivate,
      signal: stopping.signal,
    });

  /** What an answer means: delivered, to be tried again, or failed for good. */
  const judge = async (
    delivery: ClaimedDelivery,
    response: WebhookResponse,
  ): Promise<{ verdict: 'ok' | 'retry' | 'final'; error: string | null; endpointOk: boolean }> => {
    if (response.status === null) return { verdict: 'retry', error: response.error, endpointOk: false };
    if (response.status < 200 || response.status >= 300) {
      const error = `HTTP ${response.status}`;
      return { verdict: retryable(response.status) ? 'retry' : 'final', error, endpointOk: false };
    }
    if (delivery.endpoint.kind !== 'bot' || !httpBots)
      return { verdict: 'ok', error: null, endpointOk: true };
    // Cut short, an answer could read as another one (as nothing, when it began with spaces).
    const answered = response.truncated
      ? ({ outcome: 'invalid', error: `the answer is over ${MAX_ANSWER_BYTES} bytes` } as const)
      : await httpBots.answer(delivery, response.body);
    switch (answered.outcome) {
      case 'invalid':
        logger.warn(
          { deliveryId: delivery.id, bot: delivery.endpoint.botId, error: answered.error },
          'HTTP bot answered badly',
        );
        return { verdict: 'final', error: answered.error, endpointOk: false };
      case 'retry':
        // Parley's own store failed the actions, not the bot: tried again, the bot not blamed.
        return { verdict: 'retry', error: answered.error, endpointOk: true };
      case 'applied':
        return {
          verdict: 'ok',
          error: answered.notes.length > 0 ? answered.notes.join('; ') : null,
          endpointOk: true,
        };
    }
  };

  /** Sends one row and decides what it becomes; a redelivery settles a row only on success. */
  const attempt = async (delivery: ClaimedDelivery, redelivery: boolean): Promise<AttemptRecord> => {
    const at = clock();
    const response = await send(delivery);
    const { verdict, error, endpointOk } = await judge(delivery, response);
    let state: DeliveryState = verdict === 'ok' ? 'delivered' : 'failed';
    let nextAt: number | undefined;
    if (verdict === 'retry' && !redelivery) {
      const next = retryAt(delivery, settings, at, random);
      if (next !== null) {
        state = 'pending';
        nextAt = next;
      }
    }
    if (redelivery && state !== 'delivered') state = delivery.state;
    return {
      at,
      status: response.status,
      latencyMs: response.latencyMs,
      response: excerpt(response.body),
      error,
      redelivery,
      state,
      ...(nextAt === undefined ? {} : { nextAt }),
      success: endpointOk,
    };
  };

  const deliver = async (delivery: ClaimedDelivery): Promise<void> => {
    const record = await attempt(delivery, false);
    if (record.status === null && stopping.signal.aborted) {
      // Cut short by a stop: not the receiver's failure. The row goes at the next start.
      await webhooks.release(delivery.id);
      return;
    }
    const { open } = await webhooks.recordAttempt(delivery.id, record, circuit);
    const outcome = record.state === 'pending' ? 'retry' : record.state;
    deps.onDelivery?.(outcome, lagOf(delivery), delivery.endpoint.id);
    if (record.state === 'failed') {
      logger.warn(
        {
          deliveryId: delivery.id,
          endpoint: delivery.endpoint.id,
          status: record.status,
          error: record.error,
        },
        'webhook delivery failed for good',
      );
    }
    const botId = delivery.endpoint.kind === 'bot' ? delivery.endpoint.botId : null;
    if (botId !== null && httpBots) {
      // Open after this failure (its threshold reached, or a failed probe): every session the bot
      // has now goes, those that came while it was open included.
      if (open) {
        const moved = await httpBots.failing(botId);
        if (moved > 0)
          logger.warn({ bot: botId, moved }, 'HTTP bot keeps failing: its sessions went to the fallback');
      } else if (record.state === 'failed') {
        await httpBots.gaveUp(delivery);
      }
    }
  };

  /** One round: claims and delivers a batch; resolves with how many rows it took. */
  const drainOnce = async (): Promise<number> => {
    const claimed = await webhooks.claim({ now: clock(), leaseMs, limit: batch, circuit });
    await Promise.all(
      claimed.map((delivery) =>
        deliver(delivery).catch((err: unknown) =>
          // The lease ends and the row is tried again; nothing is lost.
          logger.error({ err, deliveryId: delivery.id }, 'webhook delivery could not be recorded'),
        ),
      ),
    );
    return claimed.length;
  };

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken) {
        woken = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        woken = false;
        resolve();
      }
      wake = done;
    });

  const run = async () => {
    let failures = 0;
    while (!stopped) {
      let taken = 0;
      try {
        taken = await drainOnce();
        failures = 0;
      } catch (err) {
        failures += 1;
        if (failures === 1 || failures % 20 === 0) {
          logger.error({ err, failures }, 'webhook dispatcher: a round failed; backing off');
        }
      }
      if (stopped) break;
      if (taken > 0 && failures === 0) continue;
      await pause(failures > 0 ? Math.min(30_000, 500 * 2 ** Math.min(failures, 6)) : settings.pollMs);
    }
  };

  return {
    start(): void {
      if (!stopped) return;
      stopped = false;
      stopping = new AbortController();
      loop = run();
    },

    /** Looks for due rows now (the records writer just added some). */
    wake(): void {
      if (wake) wake();
      else woken = true;
    },

    /** Delivers whatever is due now (for tests); resolves with how many rows it took. */
    async flush(): Promise<number> {
      let total = 0;
      for (let taken = await drainOnce(); taken > 0; taken = await drainOnce()) total += taken;
      return total;
    },

    /**
     * Sends a delivery again now, whatever its state, as one more attempt in its log (marked a
     * redelivery): a failed row that now succeeds becomes delivered. Null when unknown.
     */
    async redeliver(deliveryId: string) {
      const delivery = await webhooks.claimed(deliveryId);
      if (!delivery) return null;
      const record = await attempt(delivery, true);
      await webhooks.recordAttempt(delivery.id, record, circuit);
      deps.onDelivery?.(record.success ? 'delivered' : 'failed', lagOf(delivery), delivery.endpoint.id);
      return webhooks.delivery(deliveryId);
    },

    /** Stops now: requests in flight are aborted and their rows let go for the next claim. */
    async stop(): Promise<void> {
      stopped = true;
      stopping.abort();
      wake?.();
      await loop;
    },
  };
}

export type WebhookDispatcher = ReturnType<typeof createWebhookDispatcher>;
