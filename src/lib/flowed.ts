/**
 * Text/plain `format=flowed` (RFC 3676): soft line breaks undone, so paragraphs read as written.
 *
 * Written because libmime's `decodeFlowed` (which mailparser calls) joins a flowed line with an
 * empty line and then with the line after it (`"a, \n\nb"` became `"a, b"`), and joins a flowed
 * line with a following signature separator. Empty lines and `-- ` are read here as mutt reads
 * them: fixed lines that end the paragraph before them and stand alone. The fast path calls this
 * directly; mime.ts hands mailparser flowed parts already unfolded by it.
 */

/** The signature separator line (RFC 3676 section 4.3), compared after quote marks and stuffing. */
export const SIGNATURE_SEPARATOR = '-- ';

/**
 * Unfold flowed text: a line that ends in a space (a flowed line) is joined with the next line of
 * the same quote depth (section 4.5); one leading space of every line is space-stuffing and goes
 * (section 4.4); with DelSp=yes the space before each soft break goes too (section 4.2). A quoted
 * paragraph keeps the quote marks of its first line; the marks of continuation lines go.
 *
 * Fixed lines that are never joined onto a flowed paragraph: an empty line (of any quote depth),
 * the signature separator, and a line of another quote depth. Each ends the paragraph before it,
 * which stays a line of its own (with DelSp=yes, without its trailing space).
 *
 * Works on text or on bytes read as latin1: only `>`, space and line ends are interpreted.
 *
 * @param text the transfer-decoded body
 * @param delSp whether the part says `DelSp=yes`
 */
export function unfoldFlowed(text: string, delSp: boolean): string {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  // The open paragraph: the lines read so far, its quote depth and the quote marks it shows.
  let parts: string[] = [];
  let depth = 0;
  let prefix = '';
  let open = false;

  const close = (): void => {
    if (delSp) {
      const last = parts.length - 1;
      parts[last] = parts[last]!.slice(0, -1);
    }
    out.push(prefix + parts.join(''));
    open = false;
  };

  for (const line of lines) {
    let lineDepth = 0;
    while (line.charCodeAt(lineDepth) === 0x3e /* > */) lineDepth++;
    const stuffed = line.charCodeAt(lineDepth) === 0x20;
    const content = stuffed ? line.slice(lineDepth + 1) : line.slice(lineDepth);
    const separator = content === SIGNATURE_SEPARATOR;
    const flowed = !separator && content.endsWith(' ');

    if (open && (lineDepth !== depth || separator || content === '')) close();
    if (open) {
      // A soft break: with DelSp=yes the space before it was added by the sender and goes.
      if (delSp) {
        const last = parts.length - 1;
        parts[last] = parts[last]!.slice(0, -1);
      }
      parts.push(content);
    } else {
      parts = [content];
      depth = lineDepth;
      // Quote marks as written, with the stuffing space after them that readers expect to see.
      prefix = line.slice(0, lineDepth > 0 && stuffed ? lineDepth + 1 : lineDepth);
    }
    if (flowed) {
      open = true;
    } else {
      out.push(prefix + parts.join(''));
      open = false;
    }
  }
  if (open) close();
  return out.join('\n');
}
