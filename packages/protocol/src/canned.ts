/**
 * Canned responses (issue 15): a site's ready answers, offered in the desk's reply box by typing
 * `/`. Their `{visitor.name}`, `{agent.name}`, `{visitor.email}` and `{site.name}` placeholders
 * are filled in the desk (`fillPlaceholders`) before the agent sends.
 */
export interface CannedResponse {
  /** Unique within its site. */
  id: string;
  siteKey: string;
  title: string;
  text: string;
}
