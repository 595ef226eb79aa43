// A chart redrawn in place. Observable Plot draws a new figure on every call; putting it in
// the page whole makes the browser style, lay out and paint all ~60 of its elements again
// (axes, grid, tick labels, legend, two <style> sheets) when a slider move changed only the
// lines. Here the new figure is compared with the one on the page, node by node, and only
// what differs is moved over: on a slider move, usually the line groups alone.
//
// The figure must carry no event listeners of its own: Plot's pointer tip listens on the
// <svg> it drew, so pw-chart draws the tip only while the pointer is over the chart and
// replaces that figure whole (see drawn() in ui/components/pw-chart.ts).

/** Containers that are walked into; any other element that differs is replaced whole. */
const WALKED = new Set(['FIGURE', 'DIV', 'svg']);

/**
 * Make `old` equal to `next` (as isEqualNode sees it), reusing every child of `old` that is
 * already equal. Children of `next` that are used are moved out of it. False, and nothing
 * changed, when the two are not elements of one kind.
 */
export function redrawInPlace(old: Element, next: Element): boolean {
  if (old.tagName !== next.tagName) return false;
  for (const { name } of [...old.attributes]) if (!next.hasAttribute(name)) old.removeAttribute(name);
  for (const { name, value } of [...next.attributes]) if (old.getAttribute(name) !== value) old.setAttribute(name, value);
  const before = old.childNodes;
  const after = next.childNodes;
  if (before.length !== after.length) {
    old.replaceChildren(...after);
    return true;
  }
  // From the end: moving after[i] out of `next` leaves the positions before i as they were.
  for (let i = after.length - 1; i >= 0; i--) {
    const o = before[i]!;
    const n = after[i]!;
    if (o.isEqualNode(n)) continue;
    if (o instanceof Element && n instanceof Element && WALKED.has(o.tagName) && redrawInPlace(o, n)) continue;
    o.replaceWith(n);
  }
  return true;
}
