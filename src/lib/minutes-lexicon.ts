/**
 * The words minutes are recognised by: meeting nouns, minutes words, label lines, markers of
 * decisions and actions, task verbs. Data only, kept apart from the rules in minutes.ts so that a
 * word can be added without reading the logic. Every pattern is case-insensitive unless it says.
 */

/** A meeting that recurs or is held: what a series or a minutes subject names. */
export const MEETING_NOUN = new RegExp(
  '\\b(?:meetings?|meet-?ups?|work ?groups?|working groups?|wgs?|task ?forces?|committees?|boards? meetings?|hackathons?|summits?|' +
    'sprints? (?:review|planning|retro(?:spective)?)|retro(?:spective)?s?|stand-?ups?|telecons?|teleconferences?|plenary|plenaries|office hours|f2f|face-to-face|bofs?|' +
    '(?:community|conference|weekly|monthly|bi-?weekly|fortnightly|daily|team|project|status|planning|triage|steering|sync|maintainers?|developers?|tsc|board) (?:calls?|syncs?)|' +
    '(?:weekly|bi-?weekly|monthly|fortnightly|team) (?:sync|meeting|check-?in)|' +
    '(?:design|working|breakout|planning|review|summit|hackathon|bof|discussion|brainstorming) sessions?)\\b',
  'i',
);

/** Words that say a message holds the record of a meeting, when a meeting noun is near. */
export const RECORD_WORDS = /\b(?:notes|minutes|highlights|summary|summaries|results|recap|readout|read-out|report|outcomes?|debrief|wrap-?up|takeaways|conclusions)\b/i;

/** Words that say so on their own ("minutes" is checked against a time span separately). */
export const STRONG_RECORD = /\b(?:minutes|meeting notes|mom)\b/i;

/** `minutes` as a span of time: a quantity before it, or a time word after it. */
export const MINUTES_AS_TIME = new RegExp(
  '(?:\\b\\d{1,3}(?:[.,]\\d+)?\\s*(?:-|to|or)?\\s*|\\b(?:a few|few|several|couple(?: of)?|many|some|more|less|fewer|ten|fifteen|twenty|thirty|forty|forty-five|fifty|sixty|ninety|one|two|three|four|five|six|seven|eight|nine|half|hundreds of|tens of|dozens of|every|the last|last|next|within|for|after|about|around|of)\\s+)minutes\\b' +
    '|\\bminutes\\s+(?:ago|later|late|earlier|after|before|long|left|to spare|apart|each|every|per|of (?:inactivity|silence|delay|downtime|idle|runtime|cpu|waiting|use|usage))\\b',
  'i',
);

/** A subject or a first line that announces a meeting has not happened, or will not. */
export const NOT_HELD = /\b(?:cancel+(?:ed|ing|ation)?|canceled|postponed|rescheduled|moved to|invitation|invite|reminder)\b/i;

/** A cancellation, for the series page. */
export const CANCELLED = /\b(?:cancel+(?:ed|ing)?|canceled|called off|will not (?:take place|happen|be held)|won'?t (?:take place|happen|be held)|no (?:meeting|call) (?:this|today|next))\b/i;

/** An announcement of a meeting still to come, for the series page. */
export const ANNOUNCES = /\b(?:reminder|agenda|will be (?:held|meeting|happening)|is scheduled|scheduled for|will meet|we'?ll (?:meet|discuss)|join (?:us|the)|dial-?in|meeting link|topics? for|proposed topics|tentative agenda|current topics|when:)\b/i;

/**
 * Phrases that report a meeting that took place: the writer is posting its record. Each names the
 * meeting, its attendance or its being held, so ordinary mail ("here are the notes on my setup")
 * does not match.
 */
export const REPORTS_MEETING: readonly RegExp[] = [
  /\b(?:notes|minutes|highlights|summary|recap|results|outcomes?|readout|report)\s+(?:from|of|for)\s+(?:the\s+|this\s+|today'?s\s+|yesterday'?s\s+|our\s+|last\s+|this\s+week'?s\s+|the\s+previous\s+)?(?:[\w'’/-]+\s+){0,6}?(?:meetings?|calls?|sessions?|work ?groups?|working groups?|wgs?|hackathons?|summits?|syncs?|stand-?ups?|telecons?|bofs?|meet-?ups?)\b/i,
  /\b(?:meeting|session|call|work ?group|working group|wg|hackathon|summit|sync|telecon|bof)\s+(?:notes|minutes|highlights|summary|recap|results|readout)\b/i,
  /\bhere (?:are|is)\s+(?:the\s+|our\s+|some\s+|my\s+)?(?:\w+\s+){0,2}?(?:notes|minutes|highlights|summary|recap|results)\s+(?:from|of)\s+(?:the\s+|today'?s\s+|this\s+week'?s\s+|our\s+)?(?:\w+\s+){0,3}?(?:meeting|call|session|work ?group|working group|hackathon|summit|sync)\b/i,
  /\bthanks?(?: you)?,?\s+(?:to\s+)?(?:all|everyone|everybody|every one)\s+(?:who|that|for)\s+(?:attended|attending|came|coming|joined|joining|participated|participating|showed up)\b/i,
  /\b(?:the|this|today'?s|our|that|yesterday'?s)\s+(?:meeting|call|session)\s+was\s+held\b/i,
  /\bmeeting\s+held\s+(?:on\s+)?\d/i,
  /\bnotes\s+from\s+(?:the\s+|our\s+)?(?:previous|last|latest)\s+(?:meeting|call|session)\b/i,
  /\b(?:the|our)\s+(?:full\s+)?(?:meeting\s+)?minutes\s+(?:\([^)]{0,40}\)\s+)?(?:are|is|were|can be)\b/i,
  /\b(?:below|attached)\s+(?:you\s+will\s+find|are|is)\s+(?:all\s+)?(?:the\s+)?(?:meeting\s+)?(?:notes|minutes)\b/i,
  /\bplease\s+find\s+(?:below\s+|attached\s+)?(?:the\s+)?(?:meeting\s+)?(?:notes|minutes)\b/i,
  /\bfor\s+taking\s+(?:the\s+)?(?:notes|minutes)\b/i,
  // MeetBot's summary, as IRC meetings post it.
  /\bmeeting\s+started\s+by\s+\S+\s+at\s+\d/i,
  /\bwe\s+(?:met\s+(?:today|yesterday|this\s+(?:morning|afternoon|week)|last\s+(?:week|night)|on\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day)|spent\s+the\s+(?:entire|whole)\s+(?:time|meeting|call|session))\b/i,
];

/** Sentences that record what a meeting talked about: content, not an announcement. */
export const DISCUSSED = /\b(?:we\s+(?:discussed|talked\s+about|reviewed|went\s+(?:around|through)|covered|looked\s+at|agreed|decided)|(?:was|were)\s+discussed|(?:the\s+)?(?:main\s+)?discussion\s+(?:was|focused|centred|centered)\s+(?:about|on|around)|no\s+discussion|minimal\s+discussion|(?:presented|demoed|showed)\s+(?:the|a|an|his|her|their)\b)/i;

/** Label lines: parts of a topic (or of the message), never a topic themselves. Matched on the whole line. */
export const LABEL_LINE = /^(?:session description|agenda|agenda items?|current topics|topics|discussion|discussed|summary|action items?|actions?|ais|follow-?ups?|next\s+steps?|todos?|to-?dos?|done|decisions?|decided|agreed|resolutions?|conclusions?|outcomes?|results?|answers?|questions?|notes|meeting notes|minutes|meeting minutes|status|updates?|background|details|comments?|highlights|meeting highlights|(?:meeting )?(?:highlights|results|outcomes?|notes|minutes) (?:from|of) (?:the|today'?s|this|our) (?:meeting|call|session|workgroup|work group|working group)|bonus topics?|bonus items?|attendees|attendance|present|people present|participants|attended|regrets|apologies|absent|link to wiki|links?|references?|next meeting|meeting summary|action items,?\s+by person|ais by person|logs?)$/i;

/** Labels whose items are action items. */
export const ACTION_LABEL = /^(?:action items?|actions?|ais|follow-?ups?|next\s+steps?|todos?|to-?dos?|tasks?|assignments?|open items)$/i;

/** Labels whose items are decisions. */
export const DECISION_LABEL = /^(?:decisions?|decided|agreed|resolutions?|resolved|conclusions?|outcomes?)$/i;

/** Labels whose bullets are the topics talked about. */
export const TOPIC_LIST_LABEL = /^(?:meeting\s+summary|agenda|(?:meeting\s+)?highlights(?:\s+(?:from|of)\s+(?:the|today'?s|this|our)\s+\w+(?:\s+\w+)?)?|topics(?:\s+(?:discussed|covered))?|discussed|agenda\s+items\s+discussed|we\s+discussed)$/i;

/** Attendance labels; the names follow on the line or below it. */
export const ATTENDEES_LABEL = /^\s*(?:[*\-•]\s*)?(?:\*\*|__)?(?:attendees|attendee list|attended|attendance|attending|in attendance|present|people present|participants|who was there)\b(?:\*\*|__)?\s*(?:\([^)]{0,30}\))?\s*(?:\*\*|__)?\s*(?:[:\-–]\s*(?:\*\*|__)?\s*(.*))?$/i;

/** Labels of people who were not there: never attendees. */
export const ABSENT_LABEL = /^\s*(?:[*\-•]\s*)?(?:regrets|apologies|absent|excused|not present|missing|unable to attend)\b\s*:/i;

/** An attendance list that says it was not recorded. */
export const NO_ATTENDANCE = /\b(?:did not|didn'?t|not)\s+(?:record|take|track|keep)\b.*\battendance\b|\battendance\s+(?:was\s+)?not\s+(?:recorded|taken|tracked)\b|^\s*\(?(?:none|n\/a|not recorded|unknown)\)?\s*$/i;

/** Explicit decision markers at the start of a line or an item. */
export const DECISION_MARKER = /^(?:\[\s*(?:conclusion|decision|decided|agreed|resolved|resolution)\s*\]\s*:?|(?:conclusion|decision|decided|agreed|resolved|resolution|outcome)\s*:|RESOLVED\b\s*:?)\s*/i;

/**
 * Decision phrases inside a sentence. Each is checked against NOT_DECIDED on the same sentence.
 * `agreed to` also yields an action (the thing agreed to be done).
 */
export const DECISION_PHRASES: readonly RegExp[] = [
  /\b(?:the\s+)?consensus\s+(?:was|is|seems\s+to\s+be)\b/i,
  /\bthere\s+(?:was|is)\s+(?:a\s+)?(?:general\s+|broad\s+|rough\s+|strong\s+)?(?:consensus|agreement)\b/i,
  /\b(?:reached|found|have)\s+(?:a\s+)?(?:general\s+|broad\s+|rough\s+)?(?:consensus|agreement)\b/i,
  /\b(?:general|broad|rough|unanimous)\s+agreement\b/i,
  /\b(?:we|everyone|everybody|all|the\s+group|the\s+team|the\s+meeting|attendees|they)\s+(?:all\s+)?(?:agreed|decided|concluded|resolved)\b/i,
  /\bit\s+was\s+(?:agreed|decided|concluded|resolved)\b/i,
  /\b(?:was|were|is)\s+(?:agreed|decided)\s+(?:to|that|on|upon)\b/i,
  /^(?:agreed|decided)\b/i,
  /\b(?:agreed|decided)\s+(?:to|that|on|upon|in\s+principle)\b/i,
  /\b(?:the\s+)?decision\s+(?:was|is)\b/i,
  /\bRESOLVED\b/,
  /^(?:the\s+)?plans?\s+(?:is|are)\s*(?:to\b|:)/i,
  /\bgoing\s+forward,\s+the\s+plan\s+is\b/i,
  /^the\s+direction\s+is\b/i,
  /\b(?:was|were|has\s+been|have\s+been|got)\s+(?:approved|accepted|adopted|ratified|chosen|selected|rejected|turned\s+down|voted\s+(?:down|through))\b/i,
  /\bwe(?:'ll|’ll|\s+will)\s+(?:go\s+with|keep|stick\s+with|stay\s+with|adopt)\b/i,
  /^no\s+need\s+(?:for|to)\b/i,
  /\b(?:the\s+)?(?:leading|preferred|favou?red|chosen|agreed)\s+(?:idea|option|approach|solution|direction|design|plan)\s+(?:is|was)\b/i,
  /\b(?:this|that|it)\s+seems\s+(?:like\s+)?(?:a\s+)?(?:good|reasonable|sensible|fine|acceptable|the\s+right)\b/i,
  /\bit\s+seems\s+reasonable\b/i,
];

/** What makes a sentence with a decision word not a decision of this meeting. */
export const NOT_DECIDED = /\b(?:no|not|never|without|lack\s+of|any|previously|earlier|already|formerly|last\s+(?:time|week|month|meeting)|if|unless|until|whether|once|dis)\s*(?:\w+\s+){0,3}?(?:agree|agreed|agreement|consensus|decided|decision|conclusions?|resolved)\b|\b(?:agreement|consensus|decision)\s+(?:is|was)\s+(?:needed|required|pending)\b|\bno\s+(?:agreement|consensus|conclusions?|decision)\b/i;

/** Explicit action markers at the start of a line or an item; group 1..3: an owner given in brackets or after TODO. */
export const ACTION_MARKER = /^(?:\[\s*action(?:\s+items?)?\s*\]\s*:?|\[ \]\s*|action(?:\s+items?)?\s*(?:\(([^)]{1,40})\))?\s*:|a\.?i\.?\s*(?:\(([^)]{1,40})\))?\s*:|to-?do\s*\(([^)]{1,40})\)\s*:?|to-?do\s*:|next\s+steps?\s*:|follow-?up\s*:)\s*/i;

/** `TODO Name:` and `TODO for Name:`; group 1: the owner. */
export const TODO_OWNER = /^[Tt][Oo]-?[Dd][Oo]\s+(?:for\s+)?(@?[\p{Lu}][\p{L}.'’-]*(?:\s+(?:and\s+)?[\p{Lu}][\p{L}.'’-]*){0,2})\s*:\s*/u;

/** A completed action, marked as such. */
export const DONE_MARKER = /^(?:\[\s*(?:done|x)\s*\]|done\s*:|completed\s*:|\[x\])\s*/i;

/** Words between an owner and the task: `Alice will`, `Bob is going to`, `Carol to`. Group 1: the words. */
export const OWNER_LINK = /^\s+(will|shall|'ll|’ll|is going to|are going to|is planning to|are planning to|plans to|plan to|intends to|intend to|agreed to|agree to|has agreed to|have agreed to|volunteered to|volunteers to|offered to|offers to|is to|are to|needs to|need to|to|will try to|is expected to|took an action to|took the action to|has an action to|owns|takes)\s+/i;

/**
 * Verbs a task starts with (base form): an imperative sentence starting with one is an action, and
 * a capitalised one at the start of an item is never an owner ("Create …" is not a person).
 */
export const TASK_VERBS = new Set(
  (
    'add address adopt align analyse analyze announce answer archive arrange ask assess assign attend audit automate backport benchmark bisect book bring build bump ' +
    'buy chase configure edit export host import invoice label mirror nudge order package pay proofread register reopen restore sketch survey tidy translate ' +
    'change check circulate clarify clean close collect compare complete confirm consider consolidate contact continue contribute convert coordinate copy ' +
    'create debug decide define delete deliver demo deploy deprecate describe design determine develop disable discuss distribute document double-check draft drive ' +
    'drop email enable ensure escalate estimate evaluate explore extend figure file fill finalize finalise find finish fix follow followup forward gather generate get ' +
    'give go handle help identify implement improve include inform install integrate invite investigate keep land launch lead list locate look make ' +
    'mail maintain measure merge migrate monitor move notify obtain open organize organise outline own pick ping plan poll port post prepare present ' +
    'prioritize prioritise produce profile propose prototype provide publish pull push put raise reach read rebase reconcile record reduce refactor refine ' +
    'reject release remind remove rename reply report request research resend resolve respond restart resume retest return revert review revisit rework ' +
    'rewrite run schedule scope screen send set settle setup share ship sign sort speak specify split start submit summarize summarise support switch sync ' +
    'tag take talk test track triage try turn update upgrade upload upstream use validate verify wait work write'
  ).split(' '),
);

/** Words that never name an owner at the start of an action. */
export const NOT_OWNER = new Set(
  (
    'a an the this that these those it its we our us they them their there then when if while once so and but or also next please ' +
    'someone somebody anyone anybody everyone everybody nobody noone all each both either neither none team group community project people folks ' +
    'he she his her i me my you your one who what which where why how here now today tomorrow yesterday ' +
    'note notes action actions todo to-do done decision decisions agreed resolved status update updates answer question discussion summary highlights ' +
    'minutes agenda topic topics item items bonus meeting meetings call session workgroup wg issue issues idea ideas plan plans goal goals result results ' +
    'in on at by for from with of as after before during since until about regarding re fyi nb ps mr ms dr monday tuesday wednesday thursday friday saturday sunday ' +
    'january february march april may june july august september october november december following follow-up followup recovery ' +
    'thanks thank welcome hello hi hey dear link links connected regarding'
  ).split(' '),
);

/** A completion phrase: a later message saying an action was done. */
export const COMPLETED = /\b(?:done|completed|finished|merged|landed|posted|published|sent|submitted|shipped|fixed|resolved|closed|implemented|is\s+(?:now\s+)?(?:on|in|up|available|live|out)|are\s+(?:now\s+)?(?:on|in|up|available|live|out)|(?:has|have)\s+been\s+(?:done|written|posted|sent|merged|created|added|updated|published|filed|fixed)|as\s+promised|i(?:'ve|’ve|\s+have)\s+(?:written|posted|sent|created|added|updated|filed|merged|pushed|done))\b/i;

/** Phrases that say an action is not done yet, whatever else the sentence says. */
export const NOT_COMPLETED = /\b(?:not\s+(?:yet\s+)?(?:done|finished|merged|posted|sent)|half|still|pending|expect|will|plan\s+to|going\s+to|hope\s+to|in\s+progress|wip|tbd|later)\b/i;

/** Closing lines that end the writer's own text (a sign-off, not content). */
export const SIGN_OFF = /^\s*(?:-{1,2}\s*\p{L}[\p{L}.'’-]*(?:\s+\p{L}[\p{L}.'’-]*)?|regards|best regards|kind regards|best|cheers|thanks|thank you|thx|br|sincerely|greetings|saludos|gruß|mvh|ciao)[,.!]?\s*$/iu;
