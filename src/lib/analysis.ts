/**
 * What later phases need of a message's text, found once when the message is parsed: the build
 * reads metadata, not bodies, to decide what to render.
 */
import { mentionedMessageIds } from './body.ts';
import type { Message } from './message.ts';
import { analyzePatch, isPatchAttachment, type PatchAnalysis } from './patches.ts';

/** Patch attachments larger than this are not read for their diff (the page still links them). */
export const MAX_PATCH_ATTACHMENT_BYTES = 4 * 1024 * 1024;

/** Findings of later phases, by name (each absent when it found nothing). A type, not an interface: the store keeps it as a record. */
export type Findings = {
  /** Patch markers, diff, trailers and verdicts of the message (see patches.ts). */
  patch?: PatchAnalysis;
};

/** What the parse phase records of a message's text beside its metadata. */
export interface MessageAnalysis {
  /** Message-IDs the message names (In-Reply-To, `<id@host>` in its text), which its page links when they are archived. */
  mentions: string[];
  /** Findings of later phases; undefined when there are none (most messages). */
  analysis: Findings | undefined;
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
  return { mentions: [...mentions].sort(), analysis: patch ? { patch } : undefined };
}

/**
 * A message's patch findings from its analysis column entry.
 *
 * @param analysis the entry (see `ListColumns.analysis` in the store)
 */
export function patchFindings(analysis: Record<string, unknown> | undefined): PatchAnalysis | undefined {
  return (analysis as Findings | undefined)?.patch;
}
