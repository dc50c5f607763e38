// The widget's size budgets (DESIGN.md: size is a feature), owned here and read by the build,
// which fails past them, and by bench/widget-size.mjs, which prints them.

/** Gzip budgets in bytes: the loader alone, and everything the iframe loads. */
export const BUDGETS = [
  { name: 'loader', files: ['loader.js'], gzip: 2 * 1024 },
  { name: 'iframe', files: ['frame.html', 'app.js', 'app.css'], gzip: 35 * 1024 },
];

/**
 * Each budget's gzip total against its limit, from the build's `{ file: { bytes, gzip } }` sizes.
 * @example checkBudgets(sizes).every((b) => b.ok)
 */
export function checkBudgets(sizes) {
  return BUDGETS.map((budget) => {
    const gzip = budget.files.reduce((sum, file) => {
      const size = sizes[file];
      if (!size) throw new Error(`${file} has no measured size; build the widget first`);
      return sum + size.gzip;
    }, 0);
    return { name: budget.name, files: budget.files, gzip, budget: budget.gzip, ok: gzip <= budget.gzip };
  });
}
