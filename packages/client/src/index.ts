export { newClientId } from './client-id.js';
export {
  createDelivery,
  type Delivery,
  type DeliveryHooks,
  type DeliveryTransport,
  type OutboxEntry,
  type OutboxState,
} from './delivery.js';
export { type AddOutcome, Timeline } from './timeline.js';
export { whileConnected } from './while-connected.js';
