import type { Card, MessageEvent, SessionEvent } from '@parley/protocol';
import { useDesk } from '../app/desk-context.js';

/** A card as text: its title, text, image (by its alt text) and buttons, links shown as such. */
function CardText({ card }: { card: Card }) {
  const { t } = useDesk();
  return (
    <div class="rich-card">
      <p class="rich-card__title">{card.title}</p>
      {card.text ? <p class="rich-card__text">{card.text}</p> : null}
      {card.image ? <p class="rich-card__meta">{t('rich.image', { alt: card.image.alt })}</p> : null}
      {card.buttons?.length ? (
        <ul class="rich-card__buttons" aria-label={t('rich.buttons')}>
          {card.buttons.map((button) => (
            <li key={button.label} class="tag">
              {'url' in button ? `${button.label} → ${button.url}` : button.label}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export interface RichSummaryProps {
  event: MessageEvent;
  /** The session's log: a form's answer is labelled as its form asked. */
  events: readonly SessionEvent[];
}

/**
 * A bot's rich message (issue 14) as the desk shows it, readably and never as markup: a card's or
 * carousel's titles, texts and buttons as text; a form's title and fields; the visitor's answers
 * to a form as a definition list.
 */
export function RichSummary({ event, events }: RichSummaryProps) {
  const { t } = useDesk();
  const { rich, formAnswer } = event;
  if (formAnswer) {
    const asked = events.find((e) => e.seq === formAnswer.seq);
    const fields = asked?.type === 'message' && asked.rich?.type === 'form' ? asked.rich.form.fields : [];
    return (
      <div class="entry__text">
        <p class="rich-card__meta">{t('rich.answers')}</p>
        <dl class="fields">
          {Object.entries(formAnswer.values).map(([name, value]) => (
            <div key={name} class="fields__row">
              <dt>{fields.find((f) => f.name === name)?.label ?? name}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </div>
    );
  }
  if (rich?.type === 'card')
    return (
      <div class="entry__text">
        <CardText card={rich.card} />
      </div>
    );
  if (rich?.type === 'carousel') {
    return (
      <div class="entry__text">
        <p class="rich-card__meta">{t('rich.carousel', { count: String(rich.cards.length) })}</p>
        {rich.cards.map((card, index) => (
          <CardText key={`${index}:${card.title}`} card={card} />
        ))}
      </div>
    );
  }
  if (rich?.type === 'form') {
    return (
      <div class="entry__text">
        <p class="rich-card__meta">{t('rich.form')}</p>
        {rich.form.title ? <p class="rich-card__title">{rich.form.title}</p> : null}
        <ul class="rich-form">
          {rich.form.fields.map((field) => (
            <li key={field.name}>
              {field.label}
              {field.required ? ' *' : ''} <span class="tag">{field.type}</span>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return <p class="entry__text">{event.text}</p>;
}
