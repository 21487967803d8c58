/**
 * Keyboard shortcuts for the navigation bar: a key follows the bar link that names it in
 * `data-key` (j/k date next/prev, n/p thread next/prev). Only the first bar on a page listens.
 */

let listening = false;

/**
 * Let keys follow the links of a bar.
 *
 * @param bar the bar element, holding `a[data-key]` links
 */
export function followKeys(bar: HTMLElement): void {
  if (listening) return;
  listening = true;
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement | null;
    // Typing in the search box is not navigating.
    if (target && (target.isContentEditable || /^(?:INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    const link = bar.querySelector<HTMLAnchorElement>(`a[data-key="${CSS.escape(event.key)}"]`);
    if (!link) return;
    event.preventDefault();
    location.href = link.href;
  });
}
