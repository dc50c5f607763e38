/**
 * Rich bot messages (issue 14, item 4): a card, a carousel of cards, or an inline form, carried
 * by a message beside its `text` (the plain fallback every desk, transcript, email and older
 * client shows). The visitor answers a form with `form.answer`; the server checks the answer
 * against the form's definition in the log and stores it as a visitor message with `formAnswer`.
 */
import * as v from 'valibot';
import { ButtonsSchema } from './buttons.js';
import { LIMITS } from './limits.js';

const text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));
const name = v.pipe(
  v.string(),
  v.regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/, 'use a letter, then letters, digits, _ and -'),
);

/** An image of a card: https only (never a page's own scheme or data:), with its alt text. */
export const CardImageSchema = v.strictObject({
  url: v.pipe(
    v.string(),
    v.maxLength(LIMITS.field),
    v.url(),
    v.regex(/^https:\/\//, 'Card images must be https'),
  ),
  alt: text(LIMITS.cardTitle),
});

/** A card: an image, a title, a text and buttons (each a reply or a link). */
export const CardSchema = v.strictObject({
  title: text(LIMITS.cardTitle),
  text: v.optional(text(LIMITS.cardText)),
  image: v.optional(CardImageSchema),
  buttons: v.optional(
    v.pipe(ButtonsSchema, v.maxLength(LIMITS.cardButtons, `At most ${LIMITS.cardButtons} buttons on a card`)),
  ),
});

/** One field of an inline form; a `select` lists its options. */
export const InlineFormFieldSchema = v.pipe(
  v.strictObject({
    name,
    label: text(LIMITS.cardTitle),
    type: v.picklist(['text', 'email', 'number', 'select']),
    required: v.optional(v.boolean(), false),
    options: v.optional(
      v.pipe(v.array(text(LIMITS.quickReply)), v.minLength(1), v.maxLength(LIMITS.choices)),
    ),
  }),
  v.check(
    (field) => (field.type === 'select') === Boolean(field.options),
    'A select field, and only one, lists options',
  ),
);

/** An inline form, answered in place; `id` names it in the answer and in the session's data. */
export const InlineFormSchema = v.pipe(
  v.strictObject({
    // Short: the answers are kept as the session's data under `id.field` (keys of 100 at most).
    id: v.pipe(
      v.string(),
      v.regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,29}$/, 'a form id: a letter, then up to 29 letters, digits, _ and -'),
    ),
    title: v.optional(text(LIMITS.cardTitle)),
    submitLabel: v.optional(text(LIMITS.quickReply)),
    fields: v.pipe(v.array(InlineFormFieldSchema), v.minLength(1), v.maxLength(LIMITS.formFields)),
  }),
  v.check(
    (form) => new Set(form.fields.map((f) => f.name)).size === form.fields.length,
    'Field names must differ',
  ),
);

/** What a rich message carries beside its text. */
export const RichContentSchema = v.variant('type', [
  v.strictObject({ type: v.literal('card'), card: CardSchema }),
  v.strictObject({
    type: v.literal('carousel'),
    cards: v.pipe(v.array(CardSchema), v.minLength(1), v.maxLength(LIMITS.carouselCards)),
  }),
  v.strictObject({ type: v.literal('form'), form: InlineFormSchema }),
]);

/** The visitor's answer to an inline form, as the message that stores it carries it. */
export const FormAnswerSchema = v.strictObject({
  /** The seq of the message that asked the form. */
  seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** The form's id. */
  form: v.string(),
  /** The checked answers by field name; blank optional fields left out. */
  values: v.record(v.string(), v.string()),
});

/**
 * The visitor answers an inline form (the message at `seq`). No client id: a form is answered
 * once, so the form names the answer (the same answer again is stored once).
 */
export const FormAnswerSendSchema = v.strictObject({
  sessionId: v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.id)),
  seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
  values: v.pipe(
    v.record(name, v.pipe(v.string(), v.maxLength(LIMITS.formAnswer))),
    v.maxEntries(LIMITS.formFields, `At most ${LIMITS.formFields} fields`),
  ),
});

export type Card = v.InferOutput<typeof CardSchema>;
export type CardInput = v.InferInput<typeof CardSchema>;
export type InlineForm = v.InferOutput<typeof InlineFormSchema>;
export type InlineFormInput = v.InferInput<typeof InlineFormSchema>;
export type InlineFormField = v.InferOutput<typeof InlineFormFieldSchema>;
export type RichContent = v.InferOutput<typeof RichContentSchema>;
export type RichContentInput = v.InferInput<typeof RichContentSchema>;
export type FormAnswer = v.InferOutput<typeof FormAnswerSchema>;
export type FormAnswerSendInput = v.InferInput<typeof FormAnswerSendSchema>;

/**
 * A rich message as plain lines: what a desk without the widget's renderer, a transcript or an
 * email shows.
 * @example richText({ type: 'card', card: { title: 'Plans' } }) // 'Plans'
 */
export function richText(rich: RichContent): string {
  const card = (c: Card) =>
    [c.title, c.text, ...(c.buttons ?? []).map((b) => `[${b.label}]`)].filter(Boolean).join('\n');
  if (rich.type === 'card') return card(rich.card);
  if (rich.type === 'carousel') return rich.cards.map(card).join('\n\n');
  return [rich.form.title, ...rich.form.fields.map((f) => `${f.label}:`)].filter(Boolean).join('\n');
}
