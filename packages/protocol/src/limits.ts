/** Limits every end agrees on; the server enforces them, clients use them to warn early. */
export const LIMITS = {
  /** Characters in one message. */
  messageText: 5000,
  /** Characters in a client message id. */
  clientId: 64,
  /** Characters in a session or visitor id. */
  id: 64,
  /** Entries in a visitor's attributes. */
  attributes: 50,
  /** Characters in one attribute value, page URL, name or similar field. */
  field: 2000,
  /** Characters in a quick reply or a button label. */
  quickReply: 80,
  /** Quick replies, or buttons, under one message. */
  choices: 10,
  /** Characters in a card's title, an image's alt text or a form field's label. */
  cardTitle: 120,
  /** Characters in a card's text. */
  cardText: 1000,
  /** Buttons on one card. */
  cardButtons: 5,
  /** Cards in one carousel. */
  carouselCards: 10,
  /** Fields of one inline form. */
  formFields: 10,
  /** Characters in one answer of an inline form. */
  formAnswer: 1000,
  /** Events one sync returns per session; a client asks again from the last seq for more. */
  syncEvents: 500,
  /** Earlier sessions a visitor sync returns. */
  syncSessions: 20,
} as const;
