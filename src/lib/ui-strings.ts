/**
 * Every word the site's interface says, per language: templates, message views, trees, bars and
 * the browser's lookup script take their text from here, so translating the archive means adding
 * one table. Mail is never translated: subjects, names and bodies are shown as they were written.
 *
 * Counts go through `count`, so no page says "1 messages". Numbers and dates stay in the forms
 * the site uses everywhere (`2025-01-08`, `1234`): the same archive gives the same bytes on any
 * machine, whatever its locale. A string that holds a link is a list of parts, the link's text
 * among them, so templates escape every part and no string carries markup.
 */

/** The words for one kind of thing, one and many (English and German need no more forms). */
export interface Noun {
  one: string;
  other: string;
}

/** The six links of a message's bar and the links of a month's bar. */
export type BarKind = 'datePrev' | 'dateNext' | 'threadPrev' | 'threadNext' | 'dateIndex' | 'threadIndex' | 'prevMonth' | 'nextMonth';

/** Text, then code, then text, …: a line of the search help with its examples. */
export type CodeParts = readonly string[];

/** The interface's text in one language. */
export interface UiStrings {
  /** The BCP 47 tag of the language, for `<html lang>`. */
  lang: string;
  nouns: {
    message: Noun;
    thread: Noun;
    section: Noun;
    decision: Noun;
    actionItem: Noun;
    attendee: Noun;
    quotedLine: Noun;
    participant: Noun;
    series: Noun;
  };
  /** January … December, and their short forms for the year × month table. */
  monthNames: readonly string[];
  monthAbbreviations: readonly string[];

  // The layout.
  skipToContent: string;
  /** The site's name when its settings give none. */
  siteTitle: string;
  searchLabel: string;
  searchPlaceholder: string;
  searchButton: string;
  /** The footer when the settings give none. */
  footer: string;

  // Shared words.
  allLists: string;
  noSubject: string;
  inferred: string;
  inferredTitle: string;
  notInArchive: string;
  /** A thread's root, or an ancestor, that the archive does not have. */
  ghostMessage: string;
  depth: (depth: number) => string;

  // The home page.
  homeHeading: string;
  columns: { list: string; messages: string; threads: string; from: string; latest: string };

  // A list's home page.
  listSummary: (messages: number, threads: number, first: string | undefined, last: string | undefined) => string;
  minutesLinks: { minutes: string; actions: string; decisions: string };
  activity: string;
  chartLabel: (max: number, first: string, last: string) => string;
  chartBar: (month: string, count: number) => string;
  byMonth: string;
  year: string;
  total: string;
  monthCountTitle: (count: number, month: string) => string;
  latestThreads: string;
  latestThread: (count: number, lastDay: string) => string;

  // Month indexes.
  monthByDate: (month: string) => string;
  monthByThread: (month: string) => string;
  /** Said once on a month's indexes, which sort, group and show messages by UTC. */
  inUtc: string;
  continuedFrom: string;
  continuesIn: string;
  monthsNavigation: string;

  // Bars.
  bar: Record<BarKind, string>;
  /** A bar link's title at an end of the archive. */
  barNone: Record<'datePrev' | 'dateNext' | 'threadPrev' | 'threadNext' | 'prevMonth' | 'nextMonth', string>;
  barByDate: (month: string) => string;
  barByThread: (month: string) => string;
  barKey: (title: string, key: string) => string;
  messageNavigation: string;
  messageNavigationBottom: string;

  // A message's view.
  fields: { from: string; date: string; to: string; cc: string; subject: string; messageId: string; inReplyTo: string; replyTo: string; replyingTo: string; note: string };
  unknownSender: string;
  envelopeDate: string;
  envelopeDateTitle: string;
  /** A message with no date anywhere: it takes the date of the message filed before it. */
  noDate: string;
  noDateTitle: string;
  noMessageId: string;
  notInTheArchive: string;
  inferredFromSubject: string;
  inferredFromSubjectTitle: string;
  sectionsOfTheMinutes: string;
  duplicateId: string;
  /** Before the link to the raw message, its text, after it. */
  htmlRefused: readonly [string, string, string];
  htmlVersion: string;
  attachmentName: (k: number) => string;
  attachments: string;
  rawMessage: string;
  /** Reply links under a message, and the list's home page's ways to join and follow it. */
  reply: string;
  replyToSender: string;
  download: string;
  downloadMonth: string;
  threadMbox: string;
  monthMbox: (month: string) => string;
  threadFeed: string;
  participants: string;
  postToList: string;
  subscribe: string;
  unsubscribe: string;
  aboutList: string;
  authors: string;
  feeds: string;
  newestMessages: string;
  newThreads: string;
  patchesLink: string;
  lostPatchesLink: string;
  /** A message removed from the archive in list.json. */
  removedHeading: string;
  removedNotice: (why: string) => string;
  minutesCounts: (sections: number, decisions: number, actions: number, attendees: number) => string;
  minutesBecause: (reasons: readonly string[]) => string;
  decisions: string;
  actionItems: string;
  contents: string;
  minutesSummaryLabel: string;
  minutesSectionsLabel: string;
  due: (due: string) => string;
  discussedIn: string;
  /** A folded quote's summary. */
  quotedLines: (count: number) => string;
  /** A body cut at its limit: before the raw message's link, its text, after it. */
  bodyCut: (lines: number) => readonly [string, string, string];

  // The rest of a message page.
  followUps: string;
  references: string;
  /** Ancestors folded between the root and the nearest: the summary. */
  referencesBetween: (count: number) => string;
  /** Ancestors beyond the folded ones: before the link, its text, after it. */
  referencesMore: (count: number) => readonly [string, string, string];
  thread: string;
  wholeThread: string;
  nextThread: string;
  lastThread: string;
  /** Rows of a tree left out before or after a message page's window: before the link, its text, after it. */
  treeNotListed: (count: number, which: 'earlier' | 'later') => readonly [string, string, string];
  threadTreeLabel: string;

  // A thread's page.
  threadTitle: (subject: string) => string;
  threadDates: (first: string, last: string) => string;
  threadTree: (count: number) => string;
  jumpToLatest: string;
  messagePage: string;
  /** A collapsed message's summary: an excerpt of its text, or this when it has none. */
  showMessage: string;
  expandAll: string;
  collapseAll: string;
  /** The note on the collapsed messages of a long thread. */
  collapsedNote: (open: number, count: number) => string;
  shownNote: (shown: number, count: number) => string;
  subjectChanged: string;

  // Minutes pages.
  minutesTitle: string;
  minutesHeading: string;
  allActionItems: string;
  allDecisions: string;
  minutesColumns: { date: string; minutes: string; sections: string; decisions: string; actions: string; replies: string };
  /** The meeting series pages (see site/minutes-models.ts). */
  meetings: {
    seriesHeading: string;
    seriesColumns: { series: string; meetings: string; first: string; last: string; topics: string; decisions: string; open: string; done: string };
    allMinutesHeading: string;
    topicsLink: string;
    dataLink: string;
    meetingsHeading: string;
    meetingColumns: { date: string; minutes: string; agenda: string; cancelled: string; attendees: string };
    noDate: string;
    openActions: string;
    doneActions: string;
    noOpenActions: string;
    closedBy: (how: 'marked' | 'follow-up') => string;
    attendanceHeading: string;
    present: string;
    topicsHeading: string;
    topicsTitle: string;
    decisionsHeading: string;
    decisionColumns: { date: string; series: string; decision: string };
    setOn: (date: string) => string;
  };
  noActionItems: string;
  noDecisions: string;

  // Search.
  searchTitle: string;
  searchAllLists: string;
  newestFirst: string;
  moreResults: string;
  /** The search form's filters. */
  searchFilters: string;
  searchListLabel: string;
  searchAllListsOption: string;
  searchAfter: string;
  searchBefore: string;
  searchDateTitle: string;
  /** Over the results that hold only some of the words. */
  searchPartialHeading: string;
  /** Without JavaScript: before the lists' links, after them. */
  searchNoScript: readonly [string, string];
  searchHelpTitle: string;
  searchHelp: readonly CodeParts[];

  // Finding a message by Message-ID (the `{id}` in the browser's strings is the Message-ID).
  lookupTitle: string;
  lookupLabel: string;
  lookupButton: string;
  lookupNoScript: readonly [string, string, string];
  lookupNotAnId: string;
  lookupLooking: string;
  lookupNotFound: string;

  // The page a host shows for a missing path.
  notFoundTitle: string;
  notFoundText: readonly [string, string, string];
  notFoundBrowse: string;
}

/**
 * A count with its noun: `1 message`, `2 messages`.
 *
 * @param n the count
 * @param noun the noun's forms
 */
export function count(n: number, noun: Noun): string {
  return `${n} ${n === 1 ? noun.one : noun.other}`;
}

const en: UiStrings = {
  lang: 'en',
  nouns: {
    message: { one: 'message', other: 'messages' },
    thread: { one: 'thread', other: 'threads' },
    section: { one: 'section', other: 'sections' },
    decision: { one: 'decision', other: 'decisions' },
    actionItem: { one: 'action item', other: 'action items' },
    attendee: { one: 'attendee', other: 'attendees' },
    quotedLine: { one: 'quoted line', other: 'quoted lines' },
    participant: { one: 'participant', other: 'participants' },
    series: { one: 'series', other: 'series' },
  },
  monthNames: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  monthAbbreviations: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],

  skipToContent: 'Skip to content',
  siteTitle: 'Mail archives',
  searchLabel: 'Search',
  searchPlaceholder: 'Search all lists',
  searchButton: 'Search',
  footer: 'Archive built with Threadline.',

  allLists: 'All lists',
  noSubject: '(no subject)',
  inferred: 'inferred',
  inferredTitle: 'linked by subject only: the message has no In-Reply-To or References',
  notInArchive: 'not in archive',
  ghostMessage: '(message not in the archive)',
  depth: (depth) => `depth ${depth}`,

  homeHeading: 'Mailing list archives',
  columns: { list: 'List', messages: 'Messages', threads: 'Threads', from: 'From', latest: 'Latest' },

  listSummary: (messages, threads, first, last) =>
    `${count(messages, en.nouns.message)} in ${count(threads, en.nouns.thread)}${first !== undefined && last !== undefined ? ` from ${first} to ${last}` : ''}.`,
  minutesLinks: { minutes: 'Meeting minutes', actions: 'action items', decisions: 'decisions' },
  activity: 'Activity',
  chartLabel: (max, first, last) => `Messages per month from ${first} to ${last}, at most ${max}`,
  chartBar: (month, n) => `${month}: ${count(n, en.nouns.message)}`,
  byMonth: 'Archive by month',
  year: 'Year',
  total: 'Total',
  monthCountTitle: (n, month) => `${count(n, en.nouns.message)} in ${month}`,
  latestThreads: 'Latest threads',
  latestThread: (n, lastDay) => `— ${count(n, en.nouns.message)}, last ${lastDay}`,

  monthByDate: (month) => `${month}, by date`,
  monthByThread: (month) => `${month}, by thread`,
  inUtc: 'dates and times in UTC',
  continuedFrom: '↑ continued from',
  continuesIn: '↓ continues in',
  monthsNavigation: 'Months',

  bar: {
    datePrev: 'Date Prev',
    dateNext: 'Date Next',
    threadPrev: 'Thread Prev',
    threadNext: 'Thread Next',
    dateIndex: 'Date Index',
    threadIndex: 'Thread Index',
    prevMonth: 'Prev Month',
    nextMonth: 'Next Month',
  },
  barNone: {
    datePrev: 'none: this is an end of the archive',
    dateNext: 'none: this is an end of the archive',
    threadPrev: 'none: this is an end of the archive',
    threadNext: 'none: this is an end of the archive',
    prevMonth: 'none: this is the first month',
    nextMonth: 'none: this is the last month',
  },
  barByDate: (month) => `messages of ${month} by date`,
  barByThread: (month) => `messages of ${month} by thread`,
  barKey: (title, key) => `${title} (key ${key})`,
  messageNavigation: 'Message navigation',
  messageNavigationBottom: 'Message navigation (bottom)',

  fields: { from: 'From', date: 'Date', to: 'To', cc: 'Cc', subject: 'Subject', messageId: 'Message-ID', inReplyTo: 'In-Reply-To', replyTo: 'Reply to', replyingTo: 'Replying to', note: 'Note' },
  unknownSender: 'unknown',
  envelopeDate: 'date from the mbox envelope',
  envelopeDateTitle: 'the message has no usable Date header',
  noDate: 'no date: placed after the message filed before it',
  noDateTitle: 'the message has no usable Date header, and its mbox envelope line no date',
  noMessageId: 'none in the message',
  notInTheArchive: '(not in the archive)',
  inferredFromSubject: 'inferred from the subject',
  inferredFromSubjectTitle: 'the message has no In-Reply-To or References; it was linked to this thread by its subject',
  sectionsOfTheMinutes: '(sections of the minutes)',
  duplicateId: 'another message in the archive has the same Message-ID',
  htmlRefused: ['The HTML part of this message is too large or too deeply nested to show; the ', 'raw message', ' has it.'],
  htmlVersion: 'HTML version of this message',
  attachmentName: (k) => `attachment ${k}`,
  attachments: 'Attachments',
  rawMessage: 'Raw message',
  reply: 'Reply',
  replyToSender: 'Reply to sender',
  download: 'Download:',
  downloadMonth: 'Download the month:',
  threadMbox: 'thread (mbox)',
  monthMbox: (month) => `${month} (mbox)`,
  threadFeed: 'thread feed',
  participants: 'Participants:',
  postToList: 'Post to the list:',
  subscribe: 'Subscribe',
  unsubscribe: 'Unsubscribe',
  aboutList: 'About the list:',
  authors: 'Authors',
  feeds: 'Feeds:',
  newestMessages: 'newest messages',
  newThreads: 'new threads',
  patchesLink: 'Patches',
  lostPatchesLink: 'lost patches',
  removedHeading: 'Message removed',
  removedNotice: (why) => `This message was removed from the archive: ${why}`,
  minutesCounts: (sections, decisions, actions, attendees) =>
    `Meeting minutes: ${count(sections, en.nouns.section)}, ${count(decisions, en.nouns.decision)}, ${count(actions, en.nouns.actionItem)}${attendees > 0 ? `, ${count(attendees, en.nouns.attendee)}` : ''}.`,
  minutesBecause: (reasons) => `Recognised as minutes because: ${reasons.join('; ')}.`,
  decisions: 'Decisions',
  actionItems: 'Action items',
  contents: 'Contents',
  minutesSummaryLabel: 'Summary of the minutes',
  minutesSectionsLabel: 'Sections of the minutes',
  due: (due) => `due ${due}`,
  discussedIn: 'Discussed in: ',
  quotedLines: (n) => count(n, en.nouns.quotedLine),
  bodyCut: (lines) => [`[The message is longer than ${lines} lines; the rest is in `, 'the raw message', '.]'],

  followUps: 'Follow-ups',
  references: 'References',
  referencesBetween: (n) => `${count(n, en.nouns.message)} in between`,
  referencesMore: (n) => [`… ${n} more in `, 'the whole thread', ''],
  thread: 'Thread',
  wholeThread: 'Whole thread on one page',
  nextThread: 'Next thread:',
  lastThread: 'this is the last thread',
  treeNotListed: (n, which) => [`${count(n, { one: `${which} message`, other: `${which} messages` })} of this thread ${n === 1 ? 'is' : 'are'} not listed here; `, 'see the whole thread', '.'],
  threadTreeLabel: 'Thread tree',

  threadTitle: (subject) => `${subject} (thread)`,
  threadDates: (first, last) => (first === last ? first : `${first} to ${last}`),
  threadTree: (n) => `Thread tree: ${count(n, en.nouns.message)}`,
  jumpToLatest: 'latest message',
  messagePage: 'Message page',
  showMessage: 'Show the message',
  expandAll: 'Show all messages',
  collapseAll: 'Fold the long thread again',
  collapsedNote: (open, n) => `The first ${open} of the thread's ${n} messages are shown in full; open any other one, or show them all.`,
  shownNote: (shown, n) => `This page shows the first ${shown} of the thread's ${n} messages in full; the tree above links every message.`,
  subjectChanged: 'Subject:',

  minutesTitle: 'Minutes',
  minutesHeading: 'Meeting minutes',
  allActionItems: 'All action items',
  allDecisions: 'All decisions',
  minutesColumns: { date: 'Date', minutes: 'Minutes', sections: 'Sections', decisions: 'Decisions', actions: 'Actions', replies: 'Replies discussing' },
  meetings: {
    seriesHeading: 'Meeting series',
    seriesColumns: { series: 'Series', meetings: 'Meetings', first: 'First', last: 'Latest', topics: 'Topics', decisions: 'Decisions', open: 'Open actions', done: 'Done' },
    allMinutesHeading: 'All minutes',
    topicsLink: 'Topics',
    dataLink: 'minutes.json (data)',
    meetingsHeading: 'Meetings',
    meetingColumns: { date: 'Day', minutes: 'Minutes', agenda: 'Agenda', cancelled: 'Cancelled', attendees: 'Present' },
    noDate: 'no day given',
    openActions: 'Open action items',
    doneActions: 'Done',
    noOpenActions: 'No open action items.',
    closedBy: (how) => (how === 'marked' ? 'marked done:' : 'reported done:'),
    attendanceHeading: 'Attendance',
    present: 'present',
    topicsHeading: 'Topics',
    topicsTitle: 'Topics of the minutes',
    decisionsHeading: 'Decisions',
    decisionColumns: { date: 'Day', series: 'Series', decision: 'Decision' },
    setOn: (date) => `set ${date}`,
  },
  noActionItems: "No action items were found in this list's minutes.",
  noDecisions: "No decisions were found in this list's minutes.",

  searchTitle: 'Search',
  searchAllLists: 'Search all lists',
  newestFirst: 'newest first',
  moreResults: 'More results',
  searchFilters: 'Filters',
  searchListLabel: 'List',
  searchAllListsOption: 'all lists',
  searchAfter: 'After',
  searchBefore: 'Before',
  searchDateTitle: 'a year, a month or a day: 2021, 2021-05, 2021-05-31',
  searchPartialHeading: 'Messages with some of the words',
  searchNoScript: ['Search runs in your browser and needs JavaScript. Without it, browse the lists by month: ', '.'],
  searchHelpTitle: 'How to search',
  searchHelp: [
    ['Every word is required: ', 'raid5 corruption', ' finds messages with both words, best first. When no message has them all, messages with some of them are shown, most words first, and the page says so. Common words (', 'the', ', ', 'of', ', ', 'what', ') are left out.'],
    ['A word finds its other forms too (', 'crashes', ' finds ', 'crash', ' and ', 'crashed', '), the form typed first.'],
    ['', '"passed away"', ': these words side by side. ', '-draft', ': without a word.'],
    ['Fields: ', 'subject:wal', ', ', 'from:alice', ', ', 'body:checksum', ', ', 'code:wal_queue_push', ' (files and functions of patches); ', 'from:karen orca', ' needs both.'],
    ['Identifiers and versions as pasted: ', 'btrfs_commit_transaction', ', ', '5.15.2', ', ', 'generic/475', ', ', 'relocation.c:3494', '; their parts work too (', 'open bmc', ' finds OpenBMC).'],
    ['Prefix: ', 'check*', '.'],
    ['Filters, or the controls above: ', 'list:lumen-devel', ', ', 'after:2025-02', ', ', 'before:2025-03-15', ' (a year, a month or a day, itself included: ', 'before:2021', ' ends with 2021).'],
    ['Minutes: each section of meeting minutes is found on its own; ', 'is:minutes', ' keeps only those, ', 'owner:alice', " finds sections with Alice's action items."],
    ['Patches: ', 'is:patch', ' keeps patches and cover letters (found by their series\' title too), ', 'state:reviewed', ' those of a series in that state (new, reviewed, changes-requested, applied, superseded), ', 'is:lost', ' those of lost series.'],
    ['Results of one thread are grouped: the best message, then "N more in this thread". Quoted text is not indexed: a message is found by its own words.'],
  ],

  lookupTitle: 'Find a message by Message-ID',
  lookupLabel: 'Message-ID',
  lookupButton: 'Find',
  lookupNoScript: ['Finding a message by Message-ID needs JavaScript; without it, ', 'search', ' or browse the lists.'],
  lookupNotAnId: 'That is not a Message-ID.',
  lookupLooking: 'Looking for <{id}>…',
  lookupNotFound: 'No list in this archive has <{id}>.',

  notFoundTitle: 'Page not found',
  notFoundText: [
    'There is no page at this address. Message pages are named after their Message-ID, so a link to a message keeps working for as long as the archive holds it; if you have a Message-ID, ',
    'look it up',
    '.',
  ],
  notFoundBrowse: 'You can also search, or browse a list:',
};

const de: UiStrings = {
  lang: 'de',
  nouns: {
    message: { one: 'Nachricht', other: 'Nachrichten' },
    thread: { one: 'Thread', other: 'Threads' },
    section: { one: 'Abschnitt', other: 'Abschnitte' },
    decision: { one: 'Beschluss', other: 'Beschlüsse' },
    actionItem: { one: 'Aufgabe', other: 'Aufgaben' },
    attendee: { one: 'Teilnehmer', other: 'Teilnehmer' },
    quotedLine: { one: 'zitierte Zeile', other: 'zitierte Zeilen' },
    participant: { one: 'Beteiligter', other: 'Beteiligte' },
    series: { one: 'Serie', other: 'Serien' },
  },
  monthNames: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
  monthAbbreviations: ['Jan', 'Feb', 'Mär', 'Apr', 'Mai', 'Jun', 'Jul', 'Aug', 'Sep', 'Okt', 'Nov', 'Dez'],

  skipToContent: 'Zum Inhalt springen',
  siteTitle: 'Mail-Archive',
  searchLabel: 'Suche',
  searchPlaceholder: 'Alle Listen durchsuchen',
  searchButton: 'Suchen',
  footer: 'Archiv erstellt mit Threadline.',

  allLists: 'Alle Listen',
  noSubject: '(kein Betreff)',
  inferred: 'erschlossen',
  inferredTitle: 'nur über den Betreff verknüpft: die Nachricht hat weder In-Reply-To noch References',
  notInArchive: 'nicht im Archiv',
  ghostMessage: '(Nachricht nicht im Archiv)',
  depth: (depth) => `Tiefe ${depth}`,

  homeHeading: 'Archive der Mailinglisten',
  columns: { list: 'Liste', messages: 'Nachrichten', threads: 'Threads', from: 'Von', latest: 'Zuletzt' },

  listSummary: (messages, threads, first, last) =>
    `${count(messages, de.nouns.message)} in ${count(threads, de.nouns.thread)}${first !== undefined && last !== undefined ? ` vom ${first} bis ${last}` : ''}.`,
  minutesLinks: { minutes: 'Sitzungsprotokolle', actions: 'Aufgaben', decisions: 'Beschlüsse' },
  activity: 'Aktivität',
  chartLabel: (max, first, last) => `Nachrichten pro Monat von ${first} bis ${last}, höchstens ${max}`,
  chartBar: (month, n) => `${month}: ${count(n, de.nouns.message)}`,
  byMonth: 'Archiv nach Monaten',
  year: 'Jahr',
  total: 'Summe',
  monthCountTitle: (n, month) => `${count(n, de.nouns.message)} im ${month}`,
  latestThreads: 'Neueste Threads',
  latestThread: (n, lastDay) => `— ${count(n, de.nouns.message)}, zuletzt ${lastDay}`,

  monthByDate: (month) => `${month}, nach Datum`,
  monthByThread: (month) => `${month}, nach Thread`,
  inUtc: 'Datum und Uhrzeit in UTC',
  continuedFrom: '↑ Fortsetzung aus',
  continuesIn: '↓ weiter im',
  monthsNavigation: 'Monate',

  bar: {
    datePrev: 'Datum zurück',
    dateNext: 'Datum vor',
    threadPrev: 'Thread zurück',
    threadNext: 'Thread vor',
    dateIndex: 'Nach Datum',
    threadIndex: 'Nach Thread',
    prevMonth: 'Voriger Monat',
    nextMonth: 'Nächster Monat',
  },
  barNone: {
    datePrev: 'keine: hier endet das Archiv',
    dateNext: 'keine: hier endet das Archiv',
    threadPrev: 'keine: hier endet das Archiv',
    threadNext: 'keine: hier endet das Archiv',
    prevMonth: 'keiner: dies ist der erste Monat',
    nextMonth: 'keiner: dies ist der letzte Monat',
  },
  barByDate: (month) => `Nachrichten aus ${month} nach Datum`,
  barByThread: (month) => `Nachrichten aus ${month} nach Thread`,
  barKey: (title, key) => `${title} (Taste ${key})`,
  messageNavigation: 'Navigation zwischen Nachrichten',
  messageNavigationBottom: 'Navigation zwischen Nachrichten (unten)',

  fields: { from: 'Von', date: 'Datum', to: 'An', cc: 'Kopie', subject: 'Betreff', messageId: 'Message-ID', inReplyTo: 'In-Reply-To', replyTo: 'Antwort auf', replyingTo: 'Antwortet auf', note: 'Hinweis' },
  unknownSender: 'unbekannt',
  envelopeDate: 'Datum aus dem mbox-Umschlag',
  envelopeDateTitle: 'die Nachricht hat keinen brauchbaren Date-Header',
  noDate: 'kein Datum: eingeordnet nach der zuvor abgelegten Nachricht',
  noDateTitle: 'die Nachricht hat keinen brauchbaren Date-Header und ihre mbox-Umschlagzeile kein Datum',
  noMessageId: 'keine in der Nachricht',
  notInTheArchive: '(nicht im Archiv)',
  inferredFromSubject: 'aus dem Betreff erschlossen',
  inferredFromSubjectTitle: 'die Nachricht hat weder In-Reply-To noch References; sie wurde über ihren Betreff diesem Thread zugeordnet',
  sectionsOfTheMinutes: '(Abschnitte des Protokolls)',
  duplicateId: 'eine andere Nachricht im Archiv hat dieselbe Message-ID',
  htmlRefused: ['Der HTML-Teil dieser Nachricht ist zu groß oder zu tief verschachtelt, um ihn zu zeigen; die ', 'Originalnachricht', ' enthält ihn.'],
  htmlVersion: 'HTML-Fassung dieser Nachricht',
  attachmentName: (k) => `Anhang ${k}`,
  attachments: 'Anhänge',
  rawMessage: 'Originalnachricht',
  reply: 'Antworten',
  replyToSender: 'Dem Absender antworten',
  download: 'Herunterladen:',
  downloadMonth: 'Den Monat herunterladen:',
  threadMbox: 'Thread (mbox)',
  monthMbox: (month) => `${month} (mbox)`,
  threadFeed: 'Feed des Threads',
  participants: 'Beteiligte:',
  postToList: 'An die Liste schreiben:',
  subscribe: 'Abonnieren',
  unsubscribe: 'Abbestellen',
  aboutList: 'Über die Liste:',
  authors: 'Autoren',
  feeds: 'Feeds:',
  newestMessages: 'neueste Nachrichten',
  newThreads: 'neue Threads',
  patchesLink: 'Patches',
  lostPatchesLink: 'verlorene Patches',
  removedHeading: 'Nachricht entfernt',
  removedNotice: (why) => `Diese Nachricht wurde aus dem Archiv entfernt: ${why}`,
  minutesCounts: (sections, decisions, actions, attendees) =>
    `Sitzungsprotokoll: ${count(sections, de.nouns.section)}, ${count(decisions, de.nouns.decision)}, ${count(actions, de.nouns.actionItem)}${attendees > 0 ? `, ${count(attendees, de.nouns.attendee)}` : ''}.`,
  minutesBecause: (reasons) => `Als Protokoll erkannt, weil: ${reasons.join('; ')}.`,
  decisions: 'Beschlüsse',
  actionItems: 'Aufgaben',
  contents: 'Inhalt',
  minutesSummaryLabel: 'Zusammenfassung des Protokolls',
  minutesSectionsLabel: 'Abschnitte des Protokolls',
  due: (due) => `fällig ${due}`,
  discussedIn: 'Besprochen in: ',
  quotedLines: (n) => count(n, de.nouns.quotedLine),
  bodyCut: (lines) => [`[Die Nachricht ist länger als ${lines} Zeilen; der Rest steht in der `, 'Originalnachricht', '.]'],

  followUps: 'Antworten',
  references: 'Bezüge',
  referencesBetween: (n) => `${count(n, de.nouns.message)} dazwischen`,
  referencesMore: (n) => [`… ${n} weitere im `, 'ganzen Thread', ''],
  thread: 'Thread',
  wholeThread: 'Ganzer Thread auf einer Seite',
  nextThread: 'Nächster Thread:',
  lastThread: 'dies ist der letzte Thread',
  treeNotListed: (n, which) => [
    `${n} ${which === 'earlier' ? (n === 1 ? 'frühere Nachricht' : 'frühere Nachrichten') : n === 1 ? 'spätere Nachricht' : 'spätere Nachrichten'} dieses Threads ${n === 1 ? 'ist' : 'sind'} hier nicht aufgeführt; `,
    'ganzer Thread',
    '.',
  ],
  threadTreeLabel: 'Thread-Baum',

  threadTitle: (subject) => `${subject} (Thread)`,
  threadDates: (first, last) => (first === last ? first : `${first} bis ${last}`),
  threadTree: (n) => `Thread-Baum: ${count(n, de.nouns.message)}`,
  jumpToLatest: 'neueste Nachricht',
  messagePage: 'Seite der Nachricht',
  showMessage: 'Nachricht zeigen',
  expandAll: 'Alle Nachrichten zeigen',
  collapseAll: 'Langen Thread wieder einklappen',
  collapsedNote: (open, n) => `Die ersten ${open} der ${n} Nachrichten des Threads sind ganz zu sehen; öffnen Sie jede andere einzeln oder alle auf einmal.`,
  shownNote: (shown, n) => `Diese Seite zeigt die ersten ${shown} der ${n} Nachrichten des Threads ganz; der Baum oben verlinkt jede Nachricht.`,
  subjectChanged: 'Betreff:',

  minutesTitle: 'Protokolle',
  minutesHeading: 'Sitzungsprotokolle',
  allActionItems: 'Alle Aufgaben',
  allDecisions: 'Alle Beschlüsse',
  minutesColumns: { date: 'Datum', minutes: 'Protokoll', sections: 'Abschnitte', decisions: 'Beschlüsse', actions: 'Aufgaben', replies: 'Diskutierende Antworten' },
  meetings: {
    seriesHeading: 'Sitzungsreihen',
    seriesColumns: { series: 'Reihe', meetings: 'Sitzungen', first: 'Erste', last: 'Letzte', topics: 'Themen', decisions: 'Beschlüsse', open: 'Offene Aufgaben', done: 'Erledigt' },
    allMinutesHeading: 'Alle Protokolle',
    topicsLink: 'Themen',
    dataLink: 'minutes.json (Daten)',
    meetingsHeading: 'Sitzungen',
    meetingColumns: { date: 'Tag', minutes: 'Protokoll', agenda: 'Tagesordnung', cancelled: 'Abgesagt', attendees: 'Anwesend' },
    noDate: 'ohne Datum',
    openActions: 'Offene Aufgaben',
    doneActions: 'Erledigt',
    noOpenActions: 'Keine offenen Aufgaben.',
    closedBy: (how) => (how === 'marked' ? 'als erledigt markiert:' : 'als erledigt gemeldet:'),
    attendanceHeading: 'Anwesenheit',
    present: 'anwesend',
    topicsHeading: 'Themen',
    topicsTitle: 'Themen der Protokolle',
    decisionsHeading: 'Beschlüsse',
    decisionColumns: { date: 'Tag', series: 'Reihe', decision: 'Beschluss' },
    setOn: (date) => `vom ${date}`,
  },
  noActionItems: 'In den Protokollen dieser Liste wurden keine Aufgaben gefunden.',
  noDecisions: 'In den Protokollen dieser Liste wurden keine Beschlüsse gefunden.',

  searchTitle: 'Suche',
  searchAllLists: 'Alle Listen durchsuchen',
  newestFirst: 'neueste zuerst',
  moreResults: 'Weitere Treffer',
  searchFilters: 'Filter',
  searchListLabel: 'Liste',
  searchAllListsOption: 'alle Listen',
  searchAfter: 'Nach',
  searchBefore: 'Vor',
  searchDateTitle: 'ein Jahr, ein Monat oder ein Tag: 2021, 2021-05, 2021-05-31',
  searchPartialHeading: 'Nachrichten mit einigen der Wörter',
  searchNoScript: ['Die Suche läuft im Browser und braucht JavaScript. Ohne JavaScript können Sie die Listen nach Monaten durchsehen: ', '.'],
  searchHelpTitle: 'So suchen Sie',
  searchHelp: [
    ['Jedes Wort ist verlangt: ', 'raid5 corruption', ' findet Nachrichten mit beiden Wörtern, die besten zuerst. Hat keine Nachricht alle, werden Nachrichten mit einigen davon gezeigt, die mit den meisten zuerst, und die Seite sagt es. Häufige Wörter (', 'the', ', ', 'of', ', ', 'what', ') werden ausgelassen.'],
    ['Ein Wort findet auch seine anderen Formen (', 'crashes', ' findet ', 'crash', ' und ', 'crashed', '), die eingegebene zuerst.'],
    ['', '"passed away"', ': diese Wörter nebeneinander. ', '-draft', ': ohne ein Wort.'],
    ['Felder: ', 'subject:wal', ', ', 'from:alice', ', ', 'body:checksum', ', ', 'code:wal_queue_push', ' (Dateien und Funktionen von Patches); ', 'from:karen orca', ' verlangt beides.'],
    ['Bezeichner und Versionen wie eingefügt: ', 'btrfs_commit_transaction', ', ', '5.15.2', ', ', 'generic/475', ', ', 'relocation.c:3494', '; ihre Teile finden sie auch (', 'open bmc', ' findet OpenBMC).'],
    ['Präfix: ', 'check*', '.'],
    ['Filter, oder die Felder oben: ', 'list:lumen-devel', ', ', 'after:2025-02', ', ', 'before:2025-03-15', ' (ein Jahr, ein Monat oder ein Tag, jeweils eingeschlossen: ', 'before:2021', ' endet mit 2021).'],
    ['Protokolle: jeder Abschnitt eines Sitzungsprotokolls wird einzeln gefunden; ', 'is:minutes', ' zeigt nur diese, ', 'owner:alice', ' findet Abschnitte mit Aufgaben von Alice.'],
    ['Patches: ', 'is:patch', ' zeigt Patches und Anschreiben (auch über den Titel ihrer Serie gefunden), ', 'state:reviewed', ' die einer Serie in diesem Zustand (new, reviewed, changes-requested, applied, superseded), ', 'is:lost', ' die verlorener Serien.'],
    ['Treffer eines Threads werden zusammengefasst: die beste Nachricht, dann „N weitere in diesem Thread“. Zitate sind nicht indiziert: eine Nachricht wird über ihre eigenen Worte gefunden.'],
  ],

  lookupTitle: 'Nachricht über ihre Message-ID finden',
  lookupLabel: 'Message-ID',
  lookupButton: 'Finden',
  lookupNoScript: ['Die Suche nach einer Message-ID braucht JavaScript; ohne JavaScript können Sie die ', 'Suche', ' nutzen oder die Listen durchsehen.'],
  lookupNotAnId: 'Das ist keine Message-ID.',
  lookupLooking: 'Suche <{id}>…',
  lookupNotFound: 'Keine Liste dieses Archivs hat <{id}>.',

  notFoundTitle: 'Seite nicht gefunden',
  notFoundText: [
    'Unter dieser Adresse gibt es keine Seite. Nachrichtenseiten sind nach ihrer Message-ID benannt, ein Link auf eine Nachricht funktioniert also, solange das Archiv sie enthält; wenn Sie eine Message-ID haben, ',
    'suchen Sie sie',
    '.',
  ],
  notFoundBrowse: 'Sie können auch suchen oder eine Liste durchsehen:',
};

/** The interface's languages: a site's settings name one. */
export const UI_STRINGS = { en, de } as const satisfies Record<string, UiStrings>;

/** A language the interface is written in. */
export type UiLanguage = keyof typeof UI_STRINGS;

/**
 * A month key in words, `2025-01` → `January 2025`.
 *
 * @param t the language's strings
 * @param month a `yyyy-mm` key
 */
export function monthName(t: UiStrings, month: string): string {
  const [year, m] = month.split('-');
  return `${t.monthNames[Number(m) - 1] ?? m} ${year}`;
}
