/** The forms built on the fields form (see `lazy`): one chunk for both. */
export { OfflineForm } from './offline-form.js';
export { PrechatForm } from './prechat-form.js';
