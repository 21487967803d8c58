/**
 * What in a message's plain text is not its writer's own words: the line a mail client writes
 * above a quote ("On Tue, Ann wrote:", "Le … a écrit :", "Am … schrieb Ann:", "20.02.2021 20:45,
 * Ann пишет:", wrapped over two or three lines), the separator and header block that Outlook,
 * Yahoo and Thunderbird put above a message they quote without `>` ("-----Original Message-----",
 * "From: … Sent: … To: … Subject: …"), the markers of a forwarded message, the marks where a
 * writer cut a quote ("[...]", "<snip>"), the signature (RFC 3676 4.3) and the footers list
 * servers append (Mailman, Google Groups, groups.io).
 *
 * Search (search-documents.ts) and the summaries of folded messages (body.ts) read replies by
 * these rules; each decides what to do where one applies. Every function takes the message's
 * lines and an index, looks at most a few lines around it, and never throws.
 */

/** After a bare `--` line (a `-- ` whose space a client dropped), at most this many lines count as a signature. */
export const MAX_LOOSE_SIGNATURE_LINES = 10;
/** An attribution spans at most this many lines: clients wrap a long name and address. */
export const MAX_ATTRIBUTION_LINES = 3;
/** An attribution known by a date, a time or an address alone is at most this long. */
const MAX_ATTRIBUTION_CHARS = 200;
/** A line ending in a colon that opens a message, right above a quote, is its attribution up to this length ("Ann stammered and stuttered:"). */
const MAX_OPENING_ATTRIBUTION_CHARS = 80;
// Such a line without a verb of writing has two words or more before its colon and no comma
// ("According to Jude:", "Thus spake Karen:", "Jude DaShiell ameadika:"); "Nit:" and "Tim here,
// responding in-line:" are the writer's own.
const OPENING_ATTRIBUTION = /^[^,，]*[^\s,，]\s+[^\s,，][^,，]*$/;
/** Lines of a quoted header block looked at, wrapped values included. */
const MAX_HEADER_BLOCK_LINES = 10;
/** A snip marker is at most this long (`[ ... ]`, `<snipped>`). */
const MAX_SNIP_CHARS = 16;

// The verb that ends an attribution, in the languages of the lists read so far: "wrote:",
// "writes:", "wrote as excerpted:", "a écrit :", "schrieb …:", "escribió:", "escreveu:",
// "scrisse:", "ha scritto:", "skrev:", "schreef:", "napisał:", "pisze:", "napsal(a):",
// "napísal(a):", "написал(а):", "пишет:", "пише:", "kirjoitti:", "rakstīja:", "şunu yazdı:",
// "写道：", "寫道：". French clients put a space before the colon; German and Swedish ones the
// name after the verb ("Am 19.10.22 um 14:25 schrieb Ann:", "Den 6 november 2024 skrev Ann:").
const WRITING_VERBS = String.raw`(?:\bwrote(?: as excerpted)?|\bwrites|\ba [ée]crit|\b(?:schrieb|skrev)(?:\s[^:：]{1,120})?|\bescribi[óo]|\bescreveu|\bscrisse|\bha scritto|\bschreef|\bnapisa[łl](?:\(a\)|a)?|\bpisze|\bnap[ií]?sal(?:\(a\)|a)?|написал(?:\(а\)|а)?|пишет|пише|\bkirjoitti|\brakst[īi]ja|\byazd[ıi]|写道|寫道)`;
const ATTRIBUTION_VERB = new RegExp(`${WRITING_VERBS}\\s*[:：]$`, 'i');
// A verb of writing anywhere in a line ("Ann wrote on Sun, Oct 04, 2020:"), or "said".
const WRITING_VERB = new RegExp(`${WRITING_VERBS}|\\bsaid\\b`, 'i');
// Horde's and others' "Quoting Ann <ann@example.org>:".
const QUOTING = /^(?:Quoting|Zitat von|Citando|Citation de)\s/;
// How an attribution a client wrapped begins: "On", "Am", "Le", "El", "Il", "Em", "Op", "Den",
// "Dne", "Dňa", "W dniu", a date ("20.02.2021 20:45, …", "2021/4/29"), "在 2021/4/29 …".
const ATTRIBUTION_START = /^(?:(?:On|Am|Le|El|Il|Em|Op|Den|Dne|Dňa|Dna|W dniu|Quoting|Zitat von|Citando|Στις)\s|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|在\s?\d)/;
// A time ("14:29"), a numeric date ("26.06.21", "2021-12-10") or an address: what tells an
// attribution without a verb ("Ann - 26.06.21, 02:27:54 CEST:") from a sentence ending in a colon.
const DATE_OR_ADDRESS = /\b\d{1,2}:\d{2}\b|\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b|[\w.+-]@[\w-]+\.\w/;

// The line above a message quoted without `>` (Outlook, Yahoo, Thunderbird, AOL, KMail, in the
// languages read so far; Zimbra writes it above a `>` quote), and the one above a message passed on. Some clients write the first
// header on the same line ("-----Original Message----- From: Ann").
const QUOTE_SEPARATOR =
  /^\s*-{2,}\s*(?:Original (?:Message|Appointment)|Originalnachricht|Ursprüngliche (?:Nachricht|Mail)|Mail original|Ursprungligt meddelande|Message d'origine|Mensaje original|Messaggio originale|Mensagem original|Oorspronkelijk bericht)\s*-{2,}/i;
const FORWARD_SEPARATOR =
  /^\s*(?:-{2,}\s*(?:Forwarded message(?: from (.+?))?|Weitergeleitete Nachricht|Message transféré|Mensaje reenviado|Messaggio inoltrato|Mensagem encaminhada|Doorgestuurd bericht)\s*-{2,}|Begin forwarded message:\s*$)/i;
// Where Mutt's forwarded message ends ("----- End forwarded message -----"): the writer's words may go on.
const FORWARD_END = /^\s*-{2,}\s*End forwarded message\s*-{2,}\s*$/i;

// A header line of a message quoted or forwarded without `>`, in the languages of the quote
// separators above (English, German, French, Spanish, Italian, Portuguese, Dutch, Swedish); bold
// where a client turned HTML into text (`*From:*`).
const SENDER_FIELDS = ['From', 'Von', 'De', 'Da', 'Van', 'Från'];
const DATE_FIELDS = ['Sent', 'Date', 'Gesendet', 'Datum', 'Envoyé', 'Enviado', 'Fecha', 'Inviato', 'Data', 'Verzonden', 'Skickat'];
const SUBJECT_FIELDS = ['Subject', 'Betreff', 'Objet', 'Sujet', 'Asunto', 'Assunto', 'Oggetto', 'Onderwerp', 'Ämne'];
const HEADER_NAMES = [...SENDER_FIELDS, ...DATE_FIELDS, ...SUBJECT_FIELDS, 'To', 'Cc', 'Reply-To', 'An', 'À', 'Pour', 'Répondre à', 'Para', 'Aan', 'Till'];
/** A header line of one of these names (the first group), then `value` (whose group is the second). */
const headerLine = (names: readonly string[], value: string) => new RegExp(`^\\s*\\*?(${names.join('|')})\\s?:\\*?${value}`);
const HEADER_LINE = headerLine(HEADER_NAMES, '(?:\\s|$)');
// The value without a line's CR (mail read with CRLF line ends).
const SUBJECT_LINE = headerLine(SUBJECT_FIELDS, '\\s*(.*?)\\r?$');
const SENDER_LINE = headerLine(SENDER_FIELDS, '\\s*(.*?)\\r?$');
// The first letters of the header names, and `*` of a bold one.
const HEADER_INITIALS = new Set(['*', ...HEADER_NAMES].map((n) => n.charCodeAt(0)));
const ADDRESS = /@|<[^>]*>| at \S+ dot /;
// The first line of git format-patch's output: a patch pasted in a message is the writer's own.
const PATCH_ENVELOPE = /^From [0-9a-f]{40} /;
const PATCH_SUBJECT = /\[[^\]]*PATCH/i;

// How the footer a list's server appends to every message begins (Mailman's is a rule above the
// list's name, found below): Google Groups' and groups.io's. Whole sentences, so that a reader's
// own advice is not taken for one.
const FOOTER_STARTS = [
  'You received this message because you are subscribed to the Google Groups',
  'To unsubscribe from this group and stop receiving emails from it',
  '-=-=-=-=-=-=-=-=-=-=-=-',
  'Groups.io Links:',
];
const FOOTER_INITIALS = new Set(FOOTER_STARTS.map((s) => s.charCodeAt(0)));
const MAILMAN_RULE = /^_{20,}\s*$/;
const MAILMAN_FOOTER = /mailing list|listinfo/i;

// A signature on the delimiter's line, as some writers put it: "-- Ann <ann at example dot org>",
// or a name of one to three words alone ("-- Ann").
const SIGNATURE_WITH_ADDRESS = /^-- \S.*<[^<>]*(?:@| at )[^<>]*>/;
const SIGNATURE_NAME = /^-- \S+(?: \S+){0,2}\s*$/;

// "[...]", "[snip]", "<snip>", "...": where a writer cut the quote they answer.
const SNIP = /^\s*(?:\[\s*(?:\.{2,}|…|snip(?:ped)?)\s*\]|<\s*(?:\.{2,}|…|snip(?:ped)?)\s*>|\.{2,}|…|snip(?:ped)?\.*)\s*$/i;
const QUOTED = /^\s*>/;

/**
 * Whether a line only marks where a writer cut a quote (`[...]`, `<snip>`, `...`).
 *
 * @param line a line of a message
 */
export function isSnipMarker(line: string): boolean {
  return line.length <= MAX_SNIP_CHARS && SNIP.test(line);
}

/** Whether the next line with words after `at` (snip markers skipped, at most three lines on) is quoted. */
function quoteFollows(lines: readonly string[], at: number): boolean {
  for (let k = at + 1; k < lines.length && k <= at + 3; k++) {
    const line = lines[k]!;
    if (line.trim() === '' || isSnipMarker(line)) continue;
    return QUOTED.test(line);
  }
  return false;
}

/** Whether only blank lines come before `at`. */
function opensText(lines: readonly string[], at: number): boolean {
  for (let k = at - 1; k >= 0; k--) if (lines[k]!.trim() !== '') return false;
  return true;
}

/**
 * How many lines, ending at `at`, make the attribution a client wrote above a quote; 0 when the
 * line ends none. The last line ends in a colon and the attribution ends in a verb of writing
 * ("wrote:", "a écrit :", "пишет:"), or starts with "Quoting", or stands right above a quote with
 * a time, a date or an address in it, or is a short line that opens the message right above a
 * quote. A line that begins one ("On Tue, 7 Jan 2025, Ann") joins the lines after it.
 *
 * @param lines the message's lines
 * @param at the line that may end an attribution
 */
export function attributionLines(lines: readonly string[], at: number): number {
  const line = (lines[at] ?? '').trim();
  const last = line.charCodeAt(line.length - 1);
  if (last !== 0x3a /* : */ && last !== 0xff1a /* ： */) return 0;
  let first = at;
  if (!ATTRIBUTION_START.test(line)) {
    for (let k = at - 1; k >= 0 && k > at - MAX_ATTRIBUTION_LINES; k--) {
      const previous = lines[k]!.trim();
      if (previous === '' || QUOTED.test(previous)) break;
      // "Graham <g@example.org>, 5 Oca 2021, 14:29" above "tarihinde şunu yazdı:".
      if (ATTRIBUTION_START.test(previous) || (k === at - 1 && DATE_OR_ADDRESS.test(previous))) {
        first = k;
        break;
      }
    }
  }
  const text = first === at ? line : lines.slice(first, at + 1).map((l) => l.trim()).join(' ');
  const follows = quoteFollows(lines, at);
  // "Dev-replace has two sources of writes:", "Quoting the changelog:" are prose: a verb of
  // writing makes an attribution above a quote, or with a date, an address or a client's opening.
  if ((ATTRIBUTION_VERB.test(text) || QUOTING.test(text)) && (follows || first !== at || DATE_OR_ADDRESS.test(text) || (ATTRIBUTION_START.test(line) && !QUOTING.test(line)))) return at - first + 1;
  if (!follows) return 0;
  if (text.length <= MAX_ATTRIBUTION_CHARS && DATE_OR_ADDRESS.test(text)) return at - first + 1;
  if (first === at && line.length <= MAX_OPENING_ATTRIBUTION_CHARS && opensText(lines, at)) {
    if (WRITING_VERB.test(line) || ATTRIBUTION_START.test(line) || OPENING_ATTRIBUTION.test(line.replace(/\s*[:：]$/, ''))) return 1;
  }
  return 0;
}

/**
 * The last line of an attribution that takes in line `at` (see `attributionLines`), or -1.
 *
 * @param lines the message's lines
 * @param at a line that may begin an attribution
 */
export function attributionEnd(lines: readonly string[], at: number): number {
  for (let k = at; k < lines.length && k < at + MAX_ATTRIBUTION_LINES; k++) {
    if (lines[k]!.trim() === '' || QUOTED.test(lines[k]!)) break;
    const n = attributionLines(lines, k);
    if (n > 0 && k - n < at) return k;
  }
  return -1;
}

/**
 * What a separator line introduces: `quote`, the message replied to, quoted without `>`
 * ("-----Original Message-----"); `forward`, a message passed on ("---------- Forwarded message
 * ---------", "Begin forwarded message:", Mutt's "----- Forwarded message from Ann -----");
 * `end`, the end of a message passed on (Mutt's "----- End forwarded message -----"); undefined
 * when the line is none of these.
 *
 * @param line a line of a message
 */
export function separatorKind(line: string): 'quote' | 'forward' | 'end' | undefined {
  // Every separator begins with `-` or "Begin", after white space: most lines are tested by one character.
  let k = 0;
  while (line.charCodeAt(k) === 0x20 || line.charCodeAt(k) === 0x09) k++;
  const c = line.charCodeAt(k);
  if (c !== 0x2d /* - */ && c !== 0x42 /* B */) return undefined;
  if (QUOTE_SEPARATOR.test(line)) return 'quote';
  if (FORWARD_SEPARATOR.test(line)) return 'forward';
  if (FORWARD_END.test(line)) return 'end';
  return undefined;
}

/**
 * Where the header block of a message quoted or forwarded without `>` that starts at line `at`
 * ends (the line after its last header), or -1 when none starts there. A block has a sender
 * (`From:`) and at least two more of `Sent:`, `Date:`, `To:`, `Cc:`, `Subject:`, `Reply-To:` (or
 * their German and French names), maybe after an mbox `From ` line, with wrapped values, and an
 * address in its sender or a digit in its date. A patch's header block (`Subject: [PATCH …]`,
 * below git's `From <sha1> …` line) is none.
 *
 * @param lines the message's lines
 * @param at the line that may start a header block
 */
export function quotedHeaderEnd(lines: readonly string[], at: number): number {
  const start = lines[at] ?? '';
  const envelope = start.startsWith('From ');
  if (!envelope && !HEADER_LINE.test(start)) return -1;
  if (envelope ? PATCH_ENVELOPE.test(start) : at > 0 && PATCH_ENVELOPE.test(lines[at - 1]!)) return -1;
  let k = envelope ? at + 1 : at;
  const names = new Set<string>();
  // What tells headers from prose that starts "From: … To: … Subject: …": an address, or a date.
  let evidence = envelope;
  let end = k;
  for (; k < lines.length && k < at + MAX_HEADER_BLOCK_LINES; k++) {
    const line = lines[k]!;
    const header = HEADER_LINE.exec(line);
    if (header) {
      names.add(header[1]!);
      if (header[1] === 'Subject' && PATCH_SUBJECT.test(line)) return -1;
      if (SENDER_FIELDS.includes(header[1]!) ? ADDRESS.test(line) : DATE_FIELDS.includes(header[1]!) && /\d/.test(line)) evidence = true;
      end = k + 1;
      continue;
    }
    // A folded value (RFC 5322: the next line starts with white space) goes on the header's line.
    if (names.size > 0 && k === end && /^[ \t]+\S/.test(line)) {
      end = k + 1;
      continue;
    }
    // A long value wraps ("… <list-bounces@re" / "dhat.com> On Behalf Of Ann"): a line or two.
    if (line.trim() === '' || names.size === 0 || k - end >= 2) break;
  }
  if (names.size < 3 || !evidence || !SENDER_FIELDS.some((n) => names.has(n))) return -1;
  return end;
}

/** Lines an opening signature spans at most above the message it forwards (see `forwardBelow`). */
const MAX_OPENING_SIGNATURE_LINES = 15;

/**
 * The line of the forward separator below a signature that opens a message at line `at`, or -1:
 * Pine puts the forwarder's signature above the message passed on.
 *
 * @param lines the message's lines
 * @param at the signature's delimiter
 */
export function forwardBelow(lines: readonly string[], at: number): number {
  for (let k = at + 1; k < lines.length && k <= at + MAX_OPENING_SIGNATURE_LINES; k++) {
    if (separatorKind(lines[k]!) === 'forward') return k;
    if (QUOTED.test(lines[k]!)) return -1;
  }
  return -1;
}

/**
 * Whether a line is a header of a message quoted or forwarded without `>` (`From: Ann`, `*Sent:*
 * Monday`, `Betreff: …`), on its own: `quotedHeaderEnd` says whether lines make a block.
 *
 * @param line a line of a message
 */
export function isHeaderLine(line: string): boolean {
  return HEADER_LINE.test(line);
}

/**
 * Whether a line begins as a header line of a message quoted without `>` may, by its first
 * character: the test most lines of a message fail, before `quotedHeaderEnd`'s.
 *
 * @param line a line of a message
 */
export function mayOpenHeaders(line: string): boolean {
  return HEADER_INITIALS.has(line.charCodeAt(0));
}

/**
 * The value of a subject header (`Subject:`, `Betreff:`, `Oggetto:` …) of a message quoted or
 * forwarded without `>`, or undefined when the line is none.
 *
 * @param line a line of a message
 */
export function quotedSubject(line: string): string | undefined {
  return SUBJECT_LINE.exec(line)?.[2];
}

/**
 * The sender of a message forwarded without `>`, as a line names them: a header line of its
 * block (`From: Ann <ann@example.org>`, `Von:` …; empty when the value is wrapped onto the next
 * line) or Mutt's separator ("----- Forwarded message from Ann <ann@example.org> -----");
 * undefined when the line names none.
 *
 * @param line a line of a message
 */
export function quotedSender(line: string): string | undefined {
  const header = SENDER_LINE.exec(line);
  return header ? header[2]!.trim() : FORWARD_SEPARATOR.exec(line)?.[1]?.trim();
}

/**
 * A header's value in the block of a message quoted or forwarded without `>` (lines `from` to
 * `end`, see `quotedHeaderEnd`): the first line `read` finds a value in, then the lines that
 * continue it (RFC 5322 folding: they begin with white space), trimmed; undefined when no line has one.
 *
 * @param lines the message's lines
 * @param from the block's first line
 * @param end the line after its last (`quotedHeaderEnd`)
 * @param read a header line's value, such as `quotedSender` or `quotedSubject`
 */
export function quotedHeaderValue(lines: readonly string[], from: number, end: number, read: (line: string) => string | undefined): { at: number; parts: string[] } | undefined {
  for (let k = from; k < end; k++) {
    const first = read(lines[k]!);
    if (first === undefined) continue;
    const parts = [first];
    for (let j = k + 1; j < end && /^\s/.test(lines[j]!); j++) parts.push(lines[j]!.trim());
    return { at: k, parts };
  }
  return undefined;
}

/**
 * Whether a list's footer starts at line `at`: Mailman's rule above the list's name or its
 * listinfo link, Google Groups' "You received this message…" or "To unsubscribe from this group
 * and stop receiving emails from it…", groups.io's rule or "Groups.io Links:".
 *
 * @param lines the message's lines
 * @param at the line that may start a footer
 */
export function listFooterAt(lines: readonly string[], at: number): boolean {
  const line = lines[at] ?? '';
  const c = line.charCodeAt(0);
  if (c === 0x5f /* _ */) return MAILMAN_RULE.test(line) && MAILMAN_FOOTER.test(lines.slice(at + 1, at + 4).join(' '));
  // Most lines begin as no footer does.
  if (!FOOTER_INITIALS.has(c)) return false;
  for (const start of FOOTER_STARTS) if (line.startsWith(start)) return true;
  return false;
}

/**
 * Whether a signature starts at line `at`: `-- ` (RFC 3676 4.3); a bare `--` (not above an
 * indented line), or `-- ` with a name and an address on its line, after which a quote, a list's
 * footer or the end of the text comes within MAX_LOOSE_SIGNATURE_LINES lines; `-- ` with a short
 * name alone on its line, right above a quote, a list's footer or the end. Any other line that
 * begins `-- ` is prose (a dash, a list item).
 *
 * @param lines the message's lines
 * @param at the line that may start a signature
 */
export function signatureAt(lines: readonly string[], at: number): boolean {
  const line = lines[at] ?? '';
  if (line === '-- ' || line === '-- \r') return true;
  if (SIGNATURE_NAME.test(line)) {
    for (let k = at + 1; k < lines.length; k++) {
      const next = lines[k]!;
      if (next.trim() !== '') return QUOTED.test(next) || listFooterAt(lines, k);
    }
    return true;
  }
  if (line !== '--' && line !== '--\r' && !SIGNATURE_WITH_ADDRESS.test(line)) return false;
  // A report's separator between indented blocks (a build robot's, grep's) is not one; an
  // indented signature under prose is.
  const indented = (l: string | undefined): boolean => l !== undefined && (l.charCodeAt(0) === 0x20 || l.charCodeAt(0) === 0x09) && l.trim() !== '';
  let before: string | undefined;
  for (let k = at - 1; k >= 0 && before === undefined; k--) if (lines[k]!.trim() !== '') before = lines[k];
  if (indented(lines[at + 1]) && indented(before)) return false;
  for (let k = at + 1; k <= at + 1 + MAX_LOOSE_SIGNATURE_LINES; k++) {
    if (k >= lines.length) return true;
    const next = lines[k]!;
    if (QUOTED.test(next) || next === '-- ' || listFooterAt(lines, k)) return true;
  }
  return false;
}
