import { describe, expect, it } from 'vitest';
import { searchDocuments, splitOwnText } from '../src/lib/search-documents.ts';
import { inputs } from './search-fixture.ts';

describe('splitOwnText', () => {
  it('keeps the writer\'s words in full and leaves out quotes, attributions, PGP armour and list footers', () => {
    const text = [
      '-----BEGIN PGP SIGNED MESSAGE-----',
      'Hash: SHA256',
      '',
      'On Mon, Bob wrote:',
      '> quoted words',
      '>> deeper quoted words',
      'My own answer.',
      'word '.repeat(1000).trim(),
      'Late words at the end.',
      '-----BEGIN PGP SIGNATURE-----',
      'iQIzBAEBCAAdFiEE',
      '-----END PGP SIGNATURE-----',
      '-- ',
      'Janina',
      '_______________________________________________',
      'Blinux-list mailing list',
      'https://listman.example.org/mailman/listinfo/blinux-list',
    ].join('\n');
    const { own } = splitOwnText(text);
    expect(own).toContain('My own answer.');
    expect(own).toContain('Late words at the end.');
    expect(own).toContain('Janina');
    for (const gone of ['quoted', 'Bob wrote', 'iQIzBAEBCAAdFiEE', 'Hash:', 'listinfo']) expect(own).not.toContain(gone);
  });

  it('takes the files, hunk functions and added identifiers of a patch into code, not into the text', () => {
    const text = [
      'Batch the appends.',
      '---',
      ' src/wal/queue.c | 12 ++++',
      ' 1 file changed, 12 insertions(+)',
      '',
      'diff --git a/src/wal/queue.c b/src/wal/queue.c',
      'index 3f4e5a1..9b8c7d2 100644',
      '--- a/src/wal/queue.c',
      '+++ b/src/wal/queue.c',
      '@@ -10,6 +10,18 @@ static int wal_queue_init(struct wal *w)',
      ' unchanged_context_line();',
      '',
      '+int wal_queue_push(struct wal *w)',
      '+{',
      '-int removed_function(void)',
      '-- ',
      'Alice',
    ].join('\n');
    const { own, code } = splitOwnText(text);
    expect(own).toContain('Batch the appends.');
    expect(own).toContain('Alice');
    expect(own).not.toContain('wal_queue_push');
    expect(code.split('\n')).toEqual(expect.arrayContaining(['src/wal/queue.c', 'static int wal_queue_init(struct wal *w)', 'wal_queue_push']));
    expect(code).not.toContain('removed_function');
    expect(code).not.toContain('unchanged_context_line');
  });
});

describe('searchDocuments', () => {
  it('makes a document of the message and one of each section of its minutes', () => {
    const [input] = inputs([
      {
        id: 'minutes',
        subject: 'Hackathon minutes',
        text: 'Hackathon minutes\n= Release planning =\nShip every six weeks.\n= Checksums =\nVerify at start-up.\nAction: Zoë',
        sections: [
          { title: 'Release planning', anchor: 's-release-planning', line: 1, end: 3, owners: [] },
          { title: 'Checksums', anchor: 's-checksums', line: 3, end: 6, owners: ['Zoë'] },
        ],
      },
    ]);
    const docs = searchDocuments(input!);
    expect(docs.map((d) => [d.path, d.kind])).toEqual([
      ['lumen/m/minutes/', 0],
      ['lumen/m/minutes/#s-release-planning', 1],
      ['lumen/m/minutes/#s-checksums', 1],
    ]);
    expect(docs[1]!.fields[2]).toBe('Ship every six weeks.');
    expect(docs[2]!.fields[4]).toBe('Zoë');
    expect(docs[2]!.title).toBe('Checksums — Hackathon minutes');
  });

  it('hides addresses where the list hides them, in what is shown and what is searchable', () => {
    const [input] = inputs([{ id: 'x', fromName: '', fromAddress: 'carol@example.org', text: 'Write to dave@example.org.' }]);
    const [doc] = searchDocuments(input!);
    expect(doc!.author).toBe('carol');
    expect(doc!.excerpt).toBe('Write to dave@xxxxxxx.');
    expect(doc!.fields.join(' ')).not.toContain('example');
    const [open] = searchDocuments({ ...input!, obfuscation: 'none' });
    expect(open!.fields[1]).toContain('carol@example.org');
  });

  it('moves a subject a reply inherited out of the subject field', () => {
    const [reply] = inputs([{ id: 'r', subject: 'Re: Release cadence', parentSubject: 'Release cadence', text: 'Agreed.' }]);
    const [doc] = searchDocuments(reply!);
    expect(doc!.fields[0]).toBe('');
    expect(doc!.fields[5]).toBe('Release cadence');
    const [changed] = searchDocuments({ ...reply!, subject: 'New topic (was: Release cadence)' });
    expect(changed!.fields[0]).toBe('New topic (was: Release cadence)');
  });
});
