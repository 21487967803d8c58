/**
 * What later phases need of a message's text, found once when the message is parsed: the build
 * reads metadata, not bodies, to decide what to render.
 */
import { mentionedMessageIds } from './body.ts';
import type { Address, Message } from './message.ts';
import { analyzePatch, isPatchAttachment, type PatchAnalysis } from './patches.ts';

/** Patch attachments larger than this are not read for their diff (the page still links them). */
export const MAX_PATCH_ATTACHMENT_BYTES = 4 * 1024 * 1024;

/** Findings of later phases, by name (each absent when it found nothing). A type, not an interface: the store keeps it as a record. */
export type Findings = {
  /** Patch markers, diff, trailers and verdicts of the message (see patches.ts). */
  patch?: PatchAnalysis;
  /** The real sender of a message whose From the list rewrote (see `realSender`). */
  sender?: RealSender;
};

/** What the parse phase records of a message's text beside its metadata. */
export interface MessageAnalysis {
  /** Message-IDs the message names (In-Reply-To, `<id@host>` in its text), which its page links when they are archived. */
  mentions: string[];
  /** Findings of later phases; undefined when there are none (most messages). */
  analysis: Findings | undefined;
}

/** The real sender of a message whose From the list rewrote, and where it was found. */
export interface RealSender extends Address {
  how: 'x-original-from' | 'reply-to' | 'via-name';
}

// Mailman's DMARC rewrite writes `Name via list-name`; Google Groups `'Name' via list@host`.
const VIA_NAME = /^\s*(['"]?)(.+?)\1\s+via\s+\S.*$/i;

/**
 * The real sender of a message whose From a mailing list rewrote to its own address (DMARC
 * mitigation): `X-Original-From` when the list kept one, else the `Reply-To` a Mailman rewrite
 * sets to the sender, else the name in `Name via list`. Undefined when From was not rewritten.
 *
 * @param message the parsed message
 */
export function realSender(message: Pick<Message, 'from' | 'authorHints'>): RealSender | undefined {
  const from = message.from;
  const hints = message.authorHints;
  if (!from || !hints) return undefined;
  const fromAddress = from.address.toLowerCase();
  const original = hints.originalFrom;
  if (original && original.address !== '' && original.address.toLowerCase() !== fromAddress) {
    return { name: original.name, address: original.address, how: 'x-original-from' };
  }
  const via = VIA_NAME.exec(from.name);
  if (!via) return undefined;
  const name = via[2]!.trim();
  const reply = hints.replyTo;
  if (reply && reply.address !== '' && reply.address.toLowerCase() !== fromAddress) {
    return { name: reply.name || name, address: reply.address, how: 'reply-to' };
  }
  return { name, address: '', how: 'via-name' };
}

/**
 * The real sender recorded in a message's analysis (see `realSender`), if any.
 *
 * @param analysis the message's analysis column entry
 */
export function recordedSender(analysis: Record<string, unknown> | undefined): RealSender | undefined {
  return analysis?.['sender'] as RealSender | undefined;
}

const utf8 = new TextDecoder('utf-8');

/**
 * Analyse a parsed message.
 *
 * @param message the message, bodies included
 * @param attachmentData its attachments' bytes, in attachment order (patches sent as attachments are read)
 */
export function analyzeMessage(message: Message, attachmentData: readonly Uint8Array[] = []): MessageAnalysis {
  const mentions = new Set<string>(message.inReplyTo);
  for (const id of mentionedMessageIds(message.text)) if (id !== message.messageId) mentions.add(id);
  const attached: string[] = [];
  message.attachments.forEach((a, k) => {
    const data = attachmentData[k];
    if (data && data.byteLength <= MAX_PATCH_ATTACHMENT_BYTES && isPatchAttachment(a.contentType, a.filename)) attached.push(utf8.decode(data));
  });
  const patch = analyzePatch(message.subject, message.text, attached);
  const sender = realSender(message);
  const findings: Findings = { ...(patch ? { patch } : {}), ...(sender ? { sender } : {}) };
  return { mentions: [...mentions].sort(), analysis: patch || sender ? findings : undefined };
}

/**
 * A message's patch findings from its analysis column entry.
 *
 * @param analysis the entry (see `ListColumns.analysis` in the store)
 */
export function patchFindings(analysis: Record<string, unknown> | undefined): PatchAnalysis | undefined {
  return (analysis as Findings | undefined)?.patch;
}
