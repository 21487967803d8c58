/**
 * Pages with relative links, for a site opened from a folder (`file://`, a USB stick, an
 * unpacked archive) rather than served: a link `/lists/dev/m/x/` means the disk's root there, and
 * a folder's link opens a file listing, not its page. So every link, resource and form of a page
 * that leads into the site becomes a path from the page's own folder, and a folder's link names
 * its `index.html`.
 *
 * The pages are rewritten as written, after rendering, so every template and every link a later
 * change adds is covered without knowing of this: only attributes of real tags are touched (mail
 * text has its `<` escaped, so `<a href="/x">` in a body is text, never a tag), and only values
 * that start with the site's base path (links out of the site, anchors and mail's own links,
 * which the sanitiser keeps absolute, are left as they are).
 */

// A whole start tag: attribute values are double-quoted (or bare words), and a quoted value may
// hold `>` (a title of `<id@host>`), so a tag ends at the first `>` outside quotes.
const TAG = /<[a-zA-Z][a-zA-Z0-9-]*(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*\/?>/g;
// The attributes that hold a URL of the site (data-src: a file a script fetches), or (data-base) the base a script joins paths to.
const URL_ATTRIBUTE = /(\s(?:href|src|action|data-base|data-src)=")([^"]*)"/g;

/**
 * The path from a page's folder back to the site's root: `../../` from `dev/m/x/`, `./` from the
 * home page or `404.html`.
 *
 * @param pagePath the page's site path (`dev/m/x/`, `404.html`)
 */
export function rootFrom(pagePath: string): string {
  const depth = pagePath.split('/').length - 1;
  return depth === 0 ? './' : '../'.repeat(depth);
}

/**
 * The link from a page to a path of the site, from the page's own folder, naming a folder's
 * `index.html`: `../../2025-02/index.html` from `dev/m/x/` to `dev/2025-02/`.
 *
 * @param pagePath the page's site path
 * @param path the site path linked to
 */
export function relativeHref(pagePath: string, path: string): string {
  return fromRoot(rootFrom(pagePath), path);
}

/** A site path after the way back to the root (`rootFrom`), a folder's naming its `index.html`. */
function fromRoot(root: string, path: string): string {
  return `${root}${path === '' || path.endsWith('/') ? `${path}index.html` : path}`;
}

/**
 * A page's HTML with its links into the site made relative to the page.
 *
 * @param html the page as rendered, its links under `base`
 * @param pagePath the page's site path
 * @param base the base path the page was rendered with (`/`, `/archives/`)
 */
export function relativeLinks(html: string, pagePath: string, base: string): string {
  const root = rootFrom(pagePath);
  return html.replace(TAG, (tag) =>
    tag.replace(URL_ATTRIBUTE, (whole, name: string, value: string) => {
      if (!value.startsWith(base) || value.startsWith('//')) return whole;
      if (name.endsWith('data-base="')) return `${name}${root}"`;
      const rest = value.slice(base.length);
      const at = rest.search(/[?#]/);
      const path = at < 0 ? rest : rest.slice(0, at);
      const tail = at < 0 ? '' : rest.slice(at);
      return `${name}${fromRoot(root, path)}${tail}"`;
    }),
  );
}
