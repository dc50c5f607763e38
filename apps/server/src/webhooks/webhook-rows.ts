import type { Selectable } from 'kysely';
import type {
  WebhookAttemptsTable,
  WebhookDeliveriesTable,
  WebhookEndpointsTable,
} from '../records/records-database.js';
import type { WebhookPayload } from './webhook-events.js';

// The webhooks' domain types and their rows (`webhook-store.ts` queries with them).

/** Where deliveries go: a site's webhook or an HTTP bot. */
export interface WebhookEndpoint {
  id: string;
  kind: 'webhook' | 'bot';
  siteKey: string | null;
  botId: string | null;
  url: string;
  secrets: string[];
  events: string[];
  allowPrivate: boolean;
  source: 'config' | 'api';
  enabled: boolean;
  description: string | null;
  createdAt: number;
  updatedAt: number;
  consecutiveFailures: number;
  /** Set while the circuit breaker holds deliveries back. */
  circuitOpenUntil: number | null;
}

export type NewEndpoint = Pick<WebhookEndpoint, 'id' | 'kind' | 'url' | 'secrets' | 'events' | 'source'> &
  Partial<Pick<WebhookEndpoint, 'siteKey' | 'botId' | 'allowPrivate' | 'enabled' | 'description'>>;

export type EndpointPatch = Partial<
  Pick<WebhookEndpoint, 'url' | 'secrets' | 'events' | 'allowPrivate' | 'enabled' | 'description'>
>;

export type DeliveryState = 'pending' | 'delivered' | 'failed';

export interface WebhookAttempt {
  attempt: number;
  at: number;
  /** The HTTP status, or null when none came (network error, timeout, refused address). */
  status: number | null;
  latencyMs: number;
  /** The first KB of the response body. */
  response: string | null;
  error: string | null;
  redelivery: boolean;
}

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  sessionId: string;
  seq: number;
  eventType: string;
  payload: WebhookPayload;
  state: DeliveryState;
  attempts: number;
  nextAt: number;
  createdAt: number;
  finishedAt: number | null;
  lastStatus: number | null;
  lastError: string | null;
}

/** A row a dispatcher holds, with what it needs of its endpoint. */
export interface ClaimedDelivery extends WebhookDelivery {
  endpoint: Pick<WebhookEndpoint, 'id' | 'kind' | 'botId' | 'url' | 'secrets' | 'allowPrivate' | 'siteKey'>;
}

export interface DeliveryQuery {
  endpointId?: string;
  siteKey?: string;
  sessionId?: string;
  state?: DeliveryState;
  eventType?: string;
  /** The `next` of the previous page. */
  before?: string;
  /** 1 to 100; default 20. */
  limit?: number;
}

export interface AttemptRecord extends Omit<WebhookAttempt, 'attempt'> {
  /** What the row becomes: delivered, failed for good, or pending again at `nextAt`. */
  state: DeliveryState;
  nextAt?: number;
  /** Whether this attempt counts as the endpoint's success or failure (for its circuit). */
  success: boolean;
}

export interface CircuitSettings {
  /** Failed attempts in a row that open an endpoint's circuit. */
  failures: number;
  /** How long it stays open before one probe may go. */
  cooldownMs: number;
}

const ms = (date: Date | null) => (date === null ? null : date.getTime());

export function toEndpoint(row: Selectable<WebhookEndpointsTable>): WebhookEndpoint {
  return {
    id: row.id,
    kind: row.kind,
    siteKey: row.site_key,
    botId: row.bot_id,
    url: row.url,
    secrets: row.secrets,
    events: row.events,
    allowPrivate: row.allow_private,
    source: row.source,
    enabled: row.enabled,
    description: row.description,
    createdAt: row.created_at.getTime(),
    updatedAt: row.updated_at.getTime(),
    consecutiveFailures: row.consecutive_failures,
    circuitOpenUntil: ms(row.circuit_open_until),
  };
}

export function toDelivery(row: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    sessionId: row.session_id,
    seq: row.seq,
    eventType: row.event_type,
    payload: row.payload as unknown as WebhookPayload,
    state: row.state,
    attempts: row.attempts,
    nextAt: row.next_at.getTime(),
    createdAt: row.created_at.getTime(),
    finishedAt: ms(row.finished_at),
    lastStatus: row.last_status,
    lastError: row.last_error,
  };
}

/** The row of a new endpoint. */
export const endpointRow = (endpoint: NewEndpoint, at: Date) => ({
  id: endpoint.id,
  kind: endpoint.kind,
  site_key: endpoint.siteKey ?? null,
  bot_id: endpoint.botId ?? null,
  url: endpoint.url,
  secrets: endpoint.secrets,
  events: endpoint.events,
  allow_private: endpoint.allowPrivate ?? false,
  enabled: endpoint.enabled ?? true,
  description: endpoint.description ?? null,
  source: endpoint.source,
  created_at: at,
  updated_at: at,
});

export const toAttempt = (row: Selectable<WebhookAttemptsTable>): WebhookAttempt => ({
  attempt: row.attempt,
  at: row.at.getTime(),
  status: row.status,
  latencyMs: row.latency_ms,
  response: row.response,
  error: row.error,
  redelivery: row.redelivery,
});
