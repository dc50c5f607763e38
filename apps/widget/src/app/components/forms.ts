/** The forms the dock shows once the widget is in use, one chunk for all (see `lazy`). */
export { FeedbackForm } from './feedback-form.js';
export { OfflineForm } from './offline-form.js';
export { PrechatForm } from './prechat-form.js';
