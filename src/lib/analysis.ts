/**
 * What later phases need of a message's text, found once when the message is parsed: the build
 * reads metadata, not bodies, to decide what to render.
 */
import { mentionedMessageIds } from './body.ts';
import type { Message } from './message.ts';

/** What the parse phase records of a message's text beside its metadata. */
export interface MessageAnalysis {
  /** Message-IDs the message names (In-Reply-To, `<id@host>` in its text), which its page links when they are archived. */
  mentions: string[];
  /** Findings of later phases, by name; undefined when there are none (most messages). */
  analysis: Record<string, unknown> | undefined;
}

/**
 * Analyse a parsed message.
 *
 * @param message the message, bodies included
 */
export function analyzeMessage(message: Message): MessageAnalysis {
  const mentions = new Set<string>(message.inReplyTo);
  for (const id of mentionedMessageIds(message.text)) if (id !== message.messageId) mentions.add(id);
  return { mentions: [...mentions].sort(), analysis: undefined };
}
