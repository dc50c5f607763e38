/**
 * A bot's rich message (issue 14): a card, a carousel of cards, or an inline form answered in
 * place (the answer then shows as the visitor's message, its plain text). A chunk of its own with its
 * stylesheet (rich.css) and texts, loaded only once such a message arrives.
 */
import {
  type Card,
  type FormFields,
  type InlineForm,
  isNumberAnswer,
  type MessageEvent,
} from '@parley/protocol';
import { useRef, useState } from 'preact/hooks';
import { useChat } from '../chat-context.js';
import { activeSession, type ChatState } from '../chat-reducer.js';
import { lazy } from './lazy.js';
import { receiptTranslate } from './receipt-texts.js';
import { withStylesheet } from './with-stylesheet.js';

export interface RichMessageProps {
  event: MessageEvent;
  state: ChatState;
}

/** Images load over https only (the server checks it too): never the page's own scheme or data:. */
const safeImage = (url: string) => url.startsWith('https://');

function CardView({ card, live }: { card: Card; live: boolean }) {
  const { t, commands } = useChat();
  return (
    <div class="card">
      {card.image && safeImage(card.image.url) ? (
        <img
          class="card__image"
          src={card.image.url}
          alt={card.image.alt}
          loading="lazy"
          referrerPolicy="no-referrer"
        />
      ) : null}
      <div class="card__body">
        <p class="card__title">{card.title}</p>
        {card.text ? <p class="card__text">{card.text}</p> : null}
        {card.buttons?.length ? (
          <div class="card__buttons">
            {card.buttons.map((button) =>
              'url' in button ? (
                <a
                  key={button.label}
                  class="choice choice--link"
                  href={button.url}
                  target="_blank"
                  rel="noopener noreferrer"
                >
                  {button.label}
                  <span class="sr-only"> {t('messages.opensInNewTab')}</span>
                </a>
              ) : (
                <button
                  key={button.label}
                  type="button"
                  class="choice"
                  disabled={!live}
                  onClick={() => commands.send(button.reply)}
                >
                  {button.label}
                </button>
              ),
            )}
          </div>
        ) : null}
      </div>
    </div>
  );
}

/** Cards side by side, scrolled by swipe, by the keyboard (the track is focusable) or by buttons. */
function Carousel({ cards, live }: { cards: Card[]; live: boolean }) {
  const { locale } = useChat();
  const rt = receiptTranslate(locale);
  const track = useRef<HTMLUListElement>(null);
  const step = (direction: 1 | -1) => {
    const element = track.current;
    if (!element) return;
    // Right to left, the next card is further left: scrollLeft runs negative there.
    const rtl = getComputedStyle(element).direction === 'rtl';
    element.scrollBy({ left: direction * (rtl ? -1 : 1) * element.clientWidth * 0.8, behavior: 'smooth' });
  };
  return (
    <section class="carousel" aria-roledescription="carousel" aria-label={rt('rich.cards')}>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable) */}
      <ul ref={track} class="carousel__track" tabIndex={0} aria-label={rt('rich.cards')}>
        {cards.map((card, index) => (
          <li
            key={`${index}:${card.title}`}
            class="carousel__item"
            aria-roledescription="slide"
            aria-label={rt('rich.card', { n: String(index + 1), count: String(cards.length) })}
          >
            <CardView card={card} live={live} />
          </li>
        ))}
      </ul>
      <div class="carousel__nav">
        <button
          type="button"
          class="carousel__button"
          aria-label={rt('rich.previous')}
          onClick={() => step(-1)}
        >
          <span aria-hidden="true">‹</span>
        </button>
        <button type="button" class="carousel__button" aria-label={rt('rich.next')} onClick={() => step(1)}>
          <span aria-hidden="true">›</span>
        </button>
      </div>
    </section>
  );
}

/** The fields form, from the forms' chunk (one file with the pre-chat form, as its budget counts). */
const FieldsForm = lazy(() => import('./forms.js').then((m) => m.FieldsForm));

/** A bot's form, answered in place: checked as the visitor sends (numbers here), then by the server. */
function InlineFormView({ event, form }: { event: MessageEvent; form: InlineForm }) {
  const { commands, locale } = useChat();
  const rt = receiptTranslate(locale);
  const [status, setStatus] = useState<{ sending?: boolean; error?: string }>({});
  const submit = (answers: FormFields) => {
    const notNumber = form.fields.find(
      (f) => f.type === 'number' && answers[f.name] && !isNumberAnswer(answers[f.name] ?? ''),
    );
    if (notNumber) {
      setStatus({ error: rt('rich.number', { label: notNumber.label }) });
      return;
    }
    setStatus({ sending: true });
    const payload = { sessionId: event.sessionId, seq: event.seq, values: answers };
    void commands
      .ask('form.answer', payload)
      .then((result) => setStatus(result.ok ? {} : { error: rt('rich.failed') }));
  };
  return (
    <div class="inline-form">
      <FieldsForm
        id={`parley-form-${event.seq}`}
        title={form.title ?? event.text}
        submitLabel={form.submitLabel ?? rt('rich.send')}
        fields={form.fields}
        onSubmit={submit}
      />
      <p class="inline-form__status" role="status">
        {status.sending ? rt('rich.sending') : ''}
      </p>
      {status.error ? (
        <p class="inline-form__error" role="alert">
          {status.error}
        </p>
      ) : null}
    </div>
  );
}

/** A rich message as the widget shows it; its plain `text` where it has nothing richer. */
export function RichMessage({ event, state }: RichMessageProps) {
  const { rich } = event;
  // Buttons and forms answer only while the conversation is still open.
  const live = activeSession(state)?.id === event.sessionId;
  if (rich?.type === 'card') return <CardView card={rich.card} live={live} />;
  if (rich?.type === 'carousel') return <Carousel cards={rich.cards} live={live} />;
  const answered = state.events[event.sessionId]?.some(
    (e) => e.type === 'message' && e.formAnswer?.seq === event.seq,
  );
  if (rich?.type === 'form' && live && !answered) return <InlineFormView event={event} form={rich.form} />;
  return <p class="msg__bubble">{event.text}</p>;
}

/** The component, once its stylesheet is in (`withStylesheet`). */
export const loadRichMessage = () => withStylesheet('rich.css', RichMessage);
