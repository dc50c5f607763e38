export * from './bot-events.js';
export * from './errors.js';
export * from './limits.js';
export * from './parse.js';
export * from './schemas.js';
export * from './status.js';
export type * from './typing.js';
export * from './visitor-events.js';
