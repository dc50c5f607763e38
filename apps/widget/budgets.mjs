// The widget's size budgets (DESIGN.md: size is a feature), owned here and read by the build,
// which fails past them, and by bench/widget-size.mjs, which prints them.

/**
 * Gzip budgets in bytes: the loader alone, and everything the iframe loads before the open widget
 * is interactive. That is its page, script and styles, plus one language file when the visitor's
 * language is not English (`largestOf`: the largest of the files under that prefix counts).
 */
export const BUDGETS = [
  { name: 'loader', files: ['loader.js'], gzip: 2 * 1024 },
  { name: 'iframe', files: ['frame.html', 'app.js', 'app.css'], largestOf: 'i18n/', gzip: 35 * 1024 },
  // On a site with a pre-chat form, the forms' chunk comes as the panel opens, since that form is
  // the first thing it shows: the same budget, with that chunk in it.
  {
    name: 'iframe with pre-chat form',
    files: ['frame.html', 'app.js', 'app.css', 'lazy/forms.js'],
    largestOf: 'i18n/',
    gzip: 35 * 1024,
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
      const candidates = Object.keys(sizes).filter((file) => file.startsWith(budget.largestOf));
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
