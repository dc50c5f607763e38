// The widget's size budgets (DESIGN.md: size is a feature), owned here and read by the build,
// which fails past them, and by bench/widget-size.mjs, which prints them.

/** The stylesheets that come with lazy chunks (beside app.css), built from src/app. */
export const LAZY_CSS = [
  'history.css',
  'markup.css',
  'message-box.css',
  'closed-dock.css',
  'files.css',
  'rich.css',
  'read-mark.css',
];

/**
 * Gzip budgets in bytes: the loader alone; everything the iframe loads before the open widget
 * is interactive (its page, script and styles, plus one language file when the visitor's
 * language is not English: `largestOf`, the largest of the files under that prefix counts); and
 * everything the iframe can ever load, every lazy chunk and stylesheet included (`lazy/*`: the
 * build's measure of every chunk beyond app.js's, each counted once), issue 14.
 */
export const BUDGETS = [
  { name: 'loader', files: ['loader.js'], gzip: 2 * 1024 },
  { name: 'iframe', files: ['frame.html', 'app.js', 'app.css'], largestOf: 'i18n/', gzip: 35 * 1024 },
  // The panel opens on the message box, or on a site with a pre-chat form on that form: each is a
  // chunk fetched as the panel opens, the same budget with it in.
  {
    name: 'iframe with message box',
    files: ['frame.html', 'app.js', 'app.css', 'lazy/message-box.js', 'message-box.css'],
    largestOf: 'i18n/',
    gzip: 35 * 1024,
  },
  {
    name: 'iframe with pre-chat form',
    files: ['frame.html', 'app.js', 'app.css', 'lazy/forms.js'],
    largestOf: 'i18n/',
    gzip: 35 * 1024,
  },
  // Formatted text, files, cards and the rest come as chunks when needed; all of them together
  // stay within this, so that no feature grows without anyone noticing.
  {
    name: 'iframe, everything it can load',
    files: ['frame.html', 'app.js', 'app.css', ...LAZY_CSS, 'lazy/*'],
    largestOf: 'i18n/',
    gzip: 60 * 1024,
  },
];

/**
 * Each budget's gzip total against its limit, from the build's `{ file: { bytes, gzip } }` sizes;
 * `files` names what was counted.
 * @example checkBudgets(sizes).every((b) => b.ok)
 */
export function checkBudgets(sizes) {
  return BUDGETS.map((budget) => {
    const files = [...budget.files];
    if (budget.largestOf) {
      const candidates = Object.keys(sizes).filter(
        (file) => file.startsWith(budget.largestOf) && !file.endsWith('*'),
      );
      if (candidates.length === 0)
        throw new Error(`no ${budget.largestOf}* file measured; build the widget first`);
      files.push(candidates.reduce((a, b) => (sizes[b].gzip > sizes[a].gzip ? b : a)));
    }
    const gzip = files.reduce((sum, file) => {
      const size = sizes[file];
      if (!size) throw new Error(`${file} has no measured size; build the widget first`);
      return sum + size.gzip;
    }, 0);
    return {
      name: budget.name,
      files,
      gzip,
      budget: budget.gzip,
      ok: gzip <= budget.gzip,
    };
  });
}
