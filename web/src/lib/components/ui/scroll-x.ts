/**
 * `use:scrollX={label}` on a box that holds something wider than a phone (a table): the box
 * scrolls sideways, says which edge hides more content (data-more-left / data-more-right, drawn
 * as a glow by `.scroll-x` in app.css), and while it scrolls it is a focusable, labelled region
 * so a keyboard can scroll it with the arrow keys.
 */
import type { Action } from 'svelte/action';

export const scrollX: Action<HTMLElement, string> = (node, label) => {
  let name = label;
  node.classList.add('scroll-x');

  const measure = () => {
    const left = node.scrollLeft > 1;
    const right = node.scrollLeft + node.clientWidth < node.scrollWidth - 1;
    node.toggleAttribute('data-more-left', left);
    node.toggleAttribute('data-more-right', right);
    if (left || right) {
      node.setAttribute('tabindex', '0');
      node.setAttribute('role', 'region');
      node.setAttribute('aria-label', `${name} (scrolls sideways)`);
    } else {
      for (const a of ['tabindex', 'role', 'aria-label']) node.removeAttribute(a);
    }
  };

  const observer = new ResizeObserver(measure);
  observer.observe(node);
  for (const child of node.children) observer.observe(child);
  node.addEventListener('scroll', measure, { passive: true });
  measure();

  return {
    update(next: string) {
      name = next;
      measure();
    },
    destroy() {
      observer.disconnect();
      node.removeEventListener('scroll', measure);
    },
  };
};
