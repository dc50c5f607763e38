import type { Directory, SessionSummary } from '@parley/protocol';
import type { ComponentChildren } from 'preact';
import { useDesk } from '../app/desk-context.js';
import type { TranslationKey } from '../i18n/en.js';
import { RoutingSummary } from './routing-summary.js';

const isHttp = (url: string) => /^https?:\/\//i.test(url);

function Row({ label, children }: { label: TranslationKey; children: ComponentChildren }) {
  const { t } = useDesk();
  return (
    <div class="fields__row">
      <dt>{t(label)}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Link({ url }: { url: string }) {
  const { t } = useDesk();
  if (!isHttp(url)) return <>{url}</>;
  return (
    <a href={url} target="_blank" rel="noopener noreferrer">
      {url}
      <span class="sr-only"> {t('visitor.opensInNewTab')}</span>
    </a>
  );
}

/** A field's key as a label: `shipping_method` reads "Shipping method". */
const labelOf = (key: string) => {
  const words = key.replace(/[-_.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** A list of free values (pre-chat answers, attributes, session data) as label and value rows. */
function Values({ values }: { values: Record<string, string | number | boolean | null> }) {
  const { t } = useDesk();
  // A ticked checkbox (a consent, say) arrives as true or "true": shown as a word, not a literal.
  const text = (value: string | number | boolean | null) =>
    value === true || value === 'true'
      ? t('visitor.yes')
      : value === false || value === 'false'
        ? t('visitor.no')
        : String(value);
  return (
    <dl class="fields fields--nested">
      {Object.entries(values).map(([key, value]) => (
        <div key={key} class="fields__row">
          <dt>{labelOf(key)}</dt>
          <dd>{text(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The pre-chat answers, less the name and email already shown above them. */
function otherAnswers(visitor: SessionSummary['visitor']): Record<string, string> {
  const shown = new Set([visitor.name, visitor.email].filter((v): v is string => Boolean(v)));
  return Object.fromEntries(
    Object.entries(visitor.prechat ?? {}).filter(
      ([key, value]) => key !== 'name' && key !== 'email' && !shown.has(value),
    ),
  );
}

export interface VisitorPanelProps {
  session: SessionSummary;
  queues: Directory['queues'];
  /** More about them below (their conversations in the records, their data for admins). */
  children?: ComponentChildren;
}

/**
 * What is known of the visitor: the pre-chat answers and page context, and the session's data;
 * then whatever the caller adds.
 */
export function VisitorPanel({ session, queues, children }: VisitorPanelProps) {
  const { t } = useDesk();
  const { visitor, data, routing } = session;
  const attributes = visitor.attributes ?? {};
  const answers = otherAnswers(visitor);
  return (
    <aside class="visitor" aria-labelledby={`visitor-${session.id}`}>
      <h3 id={`visitor-${session.id}`} class="visitor__title">
        {t('visitor.title')}
      </h3>
      <dl class="fields">
        {visitor.name ? <Row label="visitor.name">{visitor.name}</Row> : null}
        {visitor.email ? (
          <Row label="visitor.email">
            <a href={`mailto:${visitor.email}`}>{visitor.email}</a>
          </Row>
        ) : null}
        {Object.keys(answers).length > 0 ? (
          <Row label="visitor.prechat">
            <Values values={answers} />
          </Row>
        ) : null}
        {visitor.page ? (
          <Row label="visitor.page">
            <Link url={visitor.page} />
          </Row>
        ) : null}
        {visitor.title ? <Row label="visitor.pageTitle">{visitor.title}</Row> : null}
        {visitor.referrer ? (
          <Row label="visitor.referrer">
            <Link url={visitor.referrer} />
          </Row>
        ) : null}
        {visitor.locale ? <Row label="visitor.locale">{visitor.locale}</Row> : null}
        {Object.keys(attributes).length > 0 ? (
          <Row label="visitor.attributes">
            <Values values={attributes} />
          </Row>
        ) : null}
        {Object.keys(data).length > 0 ? (
          <Row label="visitor.data">
            <Values values={data} />
          </Row>
        ) : null}
        {routing ? (
          <Row label="visitor.routing">
            <RoutingSummary routing={routing} queues={queues} />
          </Row>
        ) : null}
      </dl>
      {children}
    </aside>
  );
}
