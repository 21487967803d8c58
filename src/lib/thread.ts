/**
 * Threading by Jamie Zawinski's algorithm (https://www.jwz.org/doc/threading.html), made safe for
 * hostile input: no recursion, a cycle check before every link, and reused Message-IDs kept apart.
 */
import { baseSubject, isReplySubject } from './subject.ts';

/** What threading needs to know about one message. */
export interface ThreadInput {
  messageId: string;
  references: string[];
  inReplyTo: string[];
  subject: string;
  /** Date in milliseconds since the epoch. */
  dateMs: number;
  /** The sender, to tell a reply to someone else from a follow-up to oneself. */
  from?: { name: string; address: string } | undefined;
}

/** How long after a message a reply with no threading headers may still be joined to it by subject. */
export const INFERRED_REPLY_WINDOW_MS = 30 * 24 * 3600 * 1000;
/** How many earlier messages of a conversation are weighed as the parent of a reply without threading headers. */
export const MAX_INFERENCE_CANDIDATES = 200;

/**
 * The threads of a set of messages. Nodes `0..n-1` are the input messages, in input order;
 * nodes `n..` are ghosts: Message-IDs that were referred to but are not in the archive, kept where
 * they hold two or more replies together.
 */
export interface Threads {
  /** Message-IDs of the ghost nodes; ghost `g` is node `n + g`. */
  ghosts: string[];
  /** Parent node of each node, -1 for a root. */
  parent: Int32Array;
  /** Children of each node, by date. */
  children: number[][];
  /** 1 where a node's parent link was inferred from the subject alone. */
  inferred: Uint8Array;
  /** Root node of each node's thread. */
  root: Int32Array;
  /** Depth of each node below its root (roots are 0). */
  depth: Int32Array;
  /** Thread roots, by the date of each thread's first message. */
  roots: number[];
  /** Message nodes in thread order: threads in `roots` order, each depth-first, siblings by date. */
  order: number[];
  /** Message nodes that share a Message-ID with an earlier message and hang under it. */
  duplicates: number[];
}

interface Container {
  id: string;
  message: number; // -1 for a container that only references have named
  parent: Container | undefined;
  children: Container[];
}

function isAncestor(candidate: Container, of: Container): boolean {
  for (let c: Container | undefined = of; c !== undefined; c = c.parent) if (c === candidate) return true;
  return false;
}

function unlink(child: Container): void {
  const parent = child.parent;
  if (!parent) return;
  const at = parent.children.indexOf(child);
  if (at >= 0) parent.children.splice(at, 1);
  child.parent = undefined;
}

function link(parent: Container, child: Container): boolean {
  // JWZ 1.A/1.B: never create a loop; `isAncestor` walks up, so this is O(depth) and iterative.
  if (parent === child || isAncestor(child, parent)) return false;
  unlink(child);
  child.parent = parent;
  parent.children.push(child);
  return true;
}

/**
 * Thread messages: JWZ steps 1-4 over References and In-Reply-To, then subject inference for
 * replies that carry no threading headers at all (marked in `inferred`), then ordering.
 *
 * @param messages the messages, in any order
 */
export function threadMessages(messages: readonly ThreadInput[]): Threads {
  const n = messages.length;
  const byDate = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => messages[a]!.dateMs - messages[b]!.dateMs || a - b,
  );
  const table = new Map<string, Container>();
  const containerOf: Container[] = new Array(n);
  const duplicates: number[] = [];
  const get = (id: string): Container => {
    let c = table.get(id);
    if (!c) {
      c = { id, message: -1, parent: undefined, children: [] };
      table.set(id, c);
    }
    return c;
  };

  // JWZ step 1: containers for every message and every id it references.
  for (const i of byDate) {
    const m = messages[i]!;
    const existing = get(m.messageId);
    let own: Container;
    let imposter = false;
    if (existing.message === -1) {
      existing.message = i;
      own = existing;
    } else {
      // A reused Message-ID (public-inbox's "imposter"): both messages survive, the later one
      // hangs under the earlier one and its own threading headers do not move the original.
      own = { id: m.messageId, message: i, parent: undefined, children: [] };
      duplicates.push(i);
      imposter = true;
      link(existing, own);
    }
    containerOf[i] = own;

    // In-Reply-To names the direct parent (RFC 5322 3.6.4); clients that write References out of
    // order are common, so it goes last in the chain wherever References put it.
    const direct = m.inReplyTo.find((id) => id !== m.messageId);
    const chain = m.references.filter((id) => id !== m.messageId && id !== direct);
    if (direct !== undefined) chain.push(direct);
    // JWZ 1.B: link each reference to the next, unless already linked or looping.
    let previous: Container | undefined;
    for (const id of chain) {
      const c = get(id);
      if (previous && !c.parent) link(previous, c);
      previous = c;
    }
    // JWZ 1.C: the last reference is this message's parent, replacing a presumed one.
    if (previous && !imposter) link(previous, own);
  }

  // JWZ steps 2-4: find the roots and drop empty containers. A message's parent is its nearest
  // ancestor that holds a message; a root container without a message survives as a ghost only
  // when two or more messages meet under it.
  const parent = new Int32Array(n).fill(-1);
  const ghostMembers = new Map<Container, number[]>();
  for (let i = 0; i < n; i++) {
    let up = containerOf[i]!.parent;
    while (up && up.message === -1 && up.parent) up = up.parent;
    if (!up) continue;
    if (up.message >= 0) parent[i] = up.message;
    else {
      const members = ghostMembers.get(up);
      if (members) members.push(i);
      else ghostMembers.set(up, [i]);
    }
  }
  const ghosts: string[] = [];
  const ghostParents: number[] = [];
  for (const [ghost, members] of [...ghostMembers].sort((a, b) => (a[0].id < b[0].id ? -1 : a[0].id > b[0].id ? 1 : 0))) {
    if (members.length < 2) continue;
    const node = n + ghosts.length;
    ghosts.push(ghost.id);
    ghostParents.push(-1);
    for (const m of members) parent[m] = node;
  }
  const total = n + ghosts.length;
  const allParents = new Int32Array(total);
  allParents.set(parent);
  allParents.set(ghostParents, n);
  const inferred = new Uint8Array(total);

  // Not JWZ step 5 (which merges any roots with equal subjects): only a reply that has no
  // threading headers at all may join a conversation by subject, within a window, and it is
  // marked. A reply answers someone else: its parent is the latest earlier message of the
  // conversation (same base subject, any message, not only roots) by another author, and the
  // sender's own latest message only when nobody else wrote in the window (the newest message
  // titled X is often the sender's own earlier header-less post). A candidate that would close a
  // loop (a reply to this message, dated earlier by a wrong clock) is passed over.
  const eligible = new Uint8Array(n);
  const conversations = new Map<string, number[]>();
  // A second copy of a message (a reused Message-ID) is no one's answer: it is left out.
  const copies = new Set(duplicates);
  for (const i of byDate) {
    const m = messages[i]!;
    if (copies.has(i)) continue;
    if (allParents[i] === -1 && m.references.length === 0 && m.inReplyTo.length === 0 && isReplySubject(m.subject)) eligible[i] = 1;
    const key = baseSubject(m.subject);
    if (key === '') continue;
    const list = conversations.get(key);
    if (list) list.push(i);
    else conversations.set(key, [i]);
  }
  const authors = messages.map((m) => (m.from?.address || m.from?.name || '').trim().toLowerCase());
  // An unknown sender is nobody's namesake.
  const sameAuthor = (a: number, b: number): boolean => authors[a] !== '' && authors[a] === authors[b];
  const closesLoop = (candidate: number, i: number): boolean => {
    for (let up = candidate; up !== -1; up = allParents[up]!) if (up === i) return true;
    return false;
  };
  for (const list of conversations.values()) {
    // A reply dated the same second as the message it answers comes after it.
    list.sort((a, b) => messages[a]!.dateMs - messages[b]!.dateMs || eligible[a]! - eligible[b]!);
    for (let k = 0; k < list.length; k++) {
      const i = list[k]!;
      if (eligible[i] !== 1) continue;
      const m = messages[i]!;
      let own = -1;
      let best = -1;
      for (let j = k - 1; j >= 0 && j >= k - MAX_INFERENCE_CANDIDATES; j--) {
        const c = list[j]!;
        if (m.dateMs - messages[c]!.dateMs > INFERRED_REPLY_WINDOW_MS) break;
        if (closesLoop(c, i)) continue;
        if (!sameAuthor(c, i)) {
          best = c;
          break;
        }
        if (own < 0) own = c;
      }
      if (best < 0) best = own;
      if (best < 0) continue;
      allParents[i] = best;
      inferred[i] = 1;
    }
  }

  // Children by date (ghosts have no date of their own and are never children).
  const children: number[][] = Array.from({ length: total }, () => []);
  for (const i of byDate) {
    const p = allParents[i]!;
    if (p !== -1) children[p]!.push(i);
  }
  const firstDate = new Float64Array(total);
  for (let i = 0; i < n; i++) firstDate[i] = messages[i]!.dateMs;
  for (let g = n; g < total; g++) {
    firstDate[g] = children[g]!.reduce((min, c) => Math.min(min, messages[c]!.dateMs), Infinity);
  }

  // Order: depth-first with an explicit stack, so a 5,000-deep reply chain is no risk.
  const rootNodes: number[] = [];
  for (let i = 0; i < total; i++) if (allParents[i] === -1) rootNodes.push(i);
  const root = new Int32Array(total);
  const depth = new Int32Array(total);
  const threadStart = new Map<number, number>();
  const walk = (r: number, visit: (node: number) => void): void => {
    const stack = [r];
    while (stack.length > 0) {
      const node = stack.pop()!;
      visit(node);
      const kids = children[node]!;
      for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!);
    }
  };
  for (const r of rootNodes) {
    let start = firstDate[r]!;
    walk(r, (node) => {
      root[node] = r;
      const p = allParents[node]!;
      depth[node] = p === -1 ? 0 : depth[p]! + 1;
      if (node < n && firstDate[node]! < start) start = firstDate[node]!;
    });
    threadStart.set(r, start);
  }
  const minIndex = (r: number): number => (r < n ? r : children[r]!.reduce((min, c) => Math.min(min, c), Infinity));
  rootNodes.sort((a, b) => threadStart.get(a)! - threadStart.get(b)! || minIndex(a) - minIndex(b));
  const order: number[] = [];
  for (const r of rootNodes) walk(r, (node) => {
    if (node < n) order.push(node);
  });

  return { ghosts, parent: allParents, children, inferred, root, depth, roots: rootNodes, order, duplicates };
}
