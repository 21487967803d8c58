/**
 * A long thread's page in the browser: one button opens (or folds again) every folded message,
 * and a link to a folded message (`#slug`, from the tree or another page) opens it. Without this
 * script each message still opens on its own.
 */

const FOLDS = 'article.message details.msg-fold';

/** Open the folded message a fragment names, if it is one. */
function openTarget(): void {
  const id = decodeURIComponent(location.hash.slice(1));
  if (id === '') return;
  const fold = document.getElementById(id)?.querySelector<HTMLDetailsElement>('details.msg-fold');
  if (fold) fold.open = true;
}

/**
 * Show the button of a `<thread-fold>` note and make it open or fold every folded message.
 *
 * @param root the `<thread-fold>` element (data-expand, data-collapse: the button's two labels)
 */
export function foldThread(root: HTMLElement): void {
  const button = root.querySelector('button');
  if (button) {
    button.hidden = false;
    button.addEventListener('click', () => {
      const folds = [...document.querySelectorAll<HTMLDetailsElement>(FOLDS)];
      const open = folds.some((d) => !d.open);
      for (const d of folds) d.open = open;
      button.textContent = (open ? root.dataset['collapse'] : root.dataset['expand']) ?? '';
    });
  }
  openTarget();
  window.addEventListener('hashchange', openTarget);
}
