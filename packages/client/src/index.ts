export { newClientId } from './client-id.js';
export {
  backoff,
  createDelivery,
  type Delivery,
  type DeliveryHooks,
  type DeliveryTransport,
  type OutboxEntry,
  type OutboxState,
} from './delivery.js';
export { createLiveSignals, type LiveSignals, type LiveSignalsOptions } from './live-signals.js';
export {
  backoffDelay,
  createRefusalBackoff,
  type RefusalBackoff,
  type RefusalBackoffOptions,
} from './refusal-backoff.js';
export { hasMessage, insertBySeq, mirrorOutbox, type Pending } from './session-log.js';
export { storageOrNull } from './storage.js';
export { createStore, type Store } from './store.js';
export { type AddOutcome, Timeline } from './timeline.js';
export { createTranslate, type TranslationParams } from './translate.js';
export { type AckCallback, askWhileConnected, whileConnected } from './while-connected.js';
