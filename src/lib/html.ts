/**
 * hast as HTML, exactly as hast-util-to-html writes it with its default settings, for the trees
 * Threadline builds itself (message bodies, message views, thread trees): elements with string,
 * number or list attributes, text and raw nodes.
 *
 * Every message of a build is serialised once for its page, and hast-util-to-html, which handles
 * every option, schema and character-reference style, was half of that work: it escapes each
 * text and each attribute name and value through a general encoder, and looks each property up
 * again. Here the two escapes its defaults make are done directly, and property lookups are
 * remembered. Anything else (comments, doctypes, SVG, `<script>`, `<style>`, `<template>`,
 * boolean or comma-separated attributes, other value types) is handed to hast-util-to-html, so
 * the output is the same for any tree; a property test checks that against hast-util-to-html.
 *
 * It recurses into elements, as hast-util-to-html does: the trees it is given are built by
 * Threadline with a bounded depth (quote levels stop at MAX_QUOTE_DEPTH in body.ts; views and
 * trees are flat), never parsed from mail, whose HTML goes through sanitize.ts instead.
 */
import type { Element, Nodes, Properties, Root, RootContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { htmlVoidElements } from 'html-void-elements';
import { find, html as htmlSchema } from 'property-information';

/** How `writeHtml` writes a tree. */
export interface WriteHtmlOptions {
  /** Write `raw` nodes as they are (hast-util-to-html's option of the same name); else escape them as text. */
  allowDangerousHtml?: boolean;
}

const VOID = new Set(htmlVoidElements);
/** Elements whose content or schema hast-util-to-html treats specially. */
const DELEGATED = new Set(['script', 'style', 'template', 'svg', 'math']);

// hast-util-to-html's defaults: text escapes `<` and `&`; a double-quoted attribute value escapes
// NUL, `"`, `&`, `'` and backtick; each as an upper-case hexadecimal reference.
// Each set is written once; the global copy replaces, the plain one tests (most strings have none).
const TEXT_SPECIAL = /[<&]/;
const ATTRIBUTE_SPECIAL = /[\0"&'`]/;
const TEXT_ESCAPES = new RegExp(TEXT_SPECIAL.source, 'g');
const ATTRIBUTE_ESCAPES = new RegExp(ATTRIBUTE_SPECIAL.source, 'g');
const reference = (character: string): string => `&#x${character.charCodeAt(0).toString(16).toUpperCase()};`;
const escapeText = (value: string): string => (TEXT_SPECIAL.test(value) ? value.replace(TEXT_ESCAPES, reference) : value);
const escapeAttribute = (value: string): string => (ATTRIBUTE_SPECIAL.test(value) ? value.replace(ATTRIBUTE_ESCAPES, reference) : value);

/** A property's attribute name, or undefined when hast-util-to-html should write it. */
const names = new Map<string, string | undefined>();
function attributeName(key: string): string | undefined {
  if (names.has(key)) return names.get(key);
  const info = find(htmlSchema, key);
  const plain = !info.boolean && !info.overloadedBoolean && !info.commaSeparated && !/[\0\t\n\f\r "&'/<=>`]/.test(info.attribute);
  const name = plain ? info.attribute : undefined;
  names.set(key, name);
  return name;
}

/** The element's attributes, or undefined when hast-util-to-html should write the element. */
function attributes(properties: Properties): string | undefined {
  let out = '';
  for (const key in properties) {
    const value = properties[key];
    if (value === null || value === undefined) continue;
    const name = attributeName(key);
    let text: string;
    if (name === undefined) return undefined;
    if (typeof value === 'string') text = value;
    else if (typeof value === 'number' && !Number.isNaN(value)) text = String(value);
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) text = value.join(' ').trim();
    else return undefined;
    out += `${out ? ' ' : ''}${name}="${escapeAttribute(text)}"`;
  }
  return out;
}

function element(node: Element, options: WriteHtmlOptions): string {
  if (DELEGATED.has(node.tagName)) return toHtml(node, options);
  const attrs = attributes(node.properties);
  if (attrs === undefined) return toHtml(node, options);
  const content = children(node.children, options);
  const open = `<${node.tagName}${attrs ? ` ${attrs}` : ''}>`;
  // A void element is written without content or end tag, unless it has content.
  return VOID.has(node.tagName.toLowerCase()) && !content ? open : `${open}${content}</${node.tagName}>`;
}

function one(node: Nodes, options: WriteHtmlOptions): string {
  switch (node.type) {
    case 'text':
      return escapeText(node.value);
    case 'element':
      return element(node, options);
    case 'raw':
      return options.allowDangerousHtml ? node.value : escapeText(node.value);
    case 'root':
      return children(node.children, options);
    default:
      return toHtml(node, options);
  }
}

function children(nodes: readonly Nodes[], options: WriteHtmlOptions): string {
  let out = '';
  for (const node of nodes) out += one(node, options);
  return out;
}

/**
 * Serialise a hast tree as hast-util-to-html does with its defaults (and `allowDangerousHtml`).
 *
 * @param tree a root, a node, or a list of nodes
 * @param options whether raw nodes are written as they are
 */
export function writeHtml(tree: Root | Nodes | readonly RootContent[], options: WriteHtmlOptions = {}): string {
  return Array.isArray(tree) ? children(tree as readonly Nodes[], options) : one(tree as Nodes, options);
}
