/** The forms built on the fields form (see `lazy`): one chunk for all, a bot's inline form's too. */

export { FieldsForm } from './fields-form.js';
export { OfflineForm } from './offline-form.js';
export { PrechatForm } from './prechat-form.js';
