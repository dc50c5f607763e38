import type { HighlightSegment } from '@parley/protocol';

/**
 * A search hit's text as the server cut it: every run rendered as text, the words the query
 * found in `<mark>`. Never HTML from the records (a message may well contain `<b>`).
 */
export function HighlightedText({ segments }: { segments: readonly HighlightSegment[] }) {
  return (
    <>
      {segments.map((segment, i) =>
        // Segments are a fixed sequence for one hit: their place is their identity.
        segment.match ? <mark key={i}>{segment.text}</mark> : <span key={i}>{segment.text}</span>,
      )}
    </>
  );
}
