// Observable Plot puts aria-label on its <g> groups ("x-axis tick", "line"…); aria-label on an
// element without a role is prohibited (axe: aria-prohibited-attr, 96 serious findings on one
// page). A chart is one image for assistive technology: its <svg> gets role="img" and the
// chart's title, the groups lose their labels, and the numbers are in the data table beside it.

/** Make a Plot figure one labelled image; returns the same element. */
export function accessiblePlot<E extends Element>(figure: E, label: string): E {
  const svgs = figure.tagName.toLowerCase() === 'svg' ? [figure] : [...figure.querySelectorAll('svg')];
  for (const svg of svgs) {
    if (svg.parentElement?.closest('svg')) continue;
    for (const g of svg.querySelectorAll('[aria-label], [aria-description]')) {
      // Kept as data-mark ("y-axis tick label", "line"…) so tests and styles can still find the parts.
      const what = g.getAttribute('aria-label');
      if (what) g.setAttribute('data-mark', what);
      g.removeAttribute('aria-label');
      g.removeAttribute('aria-description');
    }
    // Legend swatches are decoration: the legend's text is beside them.
    if (svg.closest('[class*="swatch"]')) svg.setAttribute('aria-hidden', 'true');
    else {
      svg.setAttribute('role', 'img');
      svg.setAttribute('aria-label', label);
    }
  }
  return figure;
}
