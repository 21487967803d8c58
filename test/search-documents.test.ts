import { describe, expect, it } from 'vitest';
import { searchDocuments, splitOwnText } from '../src/lib/search-documents.ts';
import { inputs } from './search-fixture.ts';

describe('splitOwnText', () => {
  it('keeps the writer\'s words in full and leaves out quotes, attributions, PGP armour, the signature and list footers', () => {
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
    for (const gone of ['quoted', 'Bob wrote', 'iQIzBAEBCAAdFiEE', 'Hash:', 'Janina', 'listinfo']) expect(own).not.toContain(gone);
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
    expect(own).not.toContain('Alice');
    expect(own).not.toContain('wal_queue_push');
    expect(code.split('\n')).toEqual(expect.arrayContaining(['src/wal/queue.c', 'static int wal_queue_init(struct wal *w)', 'wal_queue_push']));
    expect(code).not.toContain('removed_function');
    expect(code).not.toContain('unchanged_context_line');
  });
});

describe('splitOwnText on how mail clients quote', () => {
  const own = (...lines: string[]): string => splitOwnText(lines.join('\n')).own.replace(/\s+/g, ' ').trim();

  it('leaves out an attribution a client wrapped over two or three lines', () => {
    expect(own('Have you tried this?', 'On Thu, 26 Sep 2019, Ann Example of', 'the example list', 'wrote:', '', '> quoted words')).toBe('Have you tried this?');
    expect(own('On Mon, Oct 26, 2020 at 7:33 PM Ann Example', '<ann@example.org> wrote:', '>', '> quoted words', '', 'My answer.')).toBe('My answer.');
  });

  it('leaves out attributions in other languages, with a space before the colon, or without a verb', () => {
    expect(own('Le 30/01/2023 à 00:40, Ann wrote :', '> quoted words', 'No, it does not.')).toBe('No, it does not.');
    expect(own('20.02.2021 20:45, Ann Example пишет:', '...', '> quoted words', '', 'It does not print the UUID.')).toBe('It does not print the UUID.');
    expect(own('Ann Example - 26.08.21, 12:44:05 CEST:', '> quoted words', 'Not related.')).toBe('Not related.');
    expect(own('Ann Example stammered and stuttered:', '> quoted words', '', 'But the driver exists.')).toBe('But the driver exists.');
    expect(own('Thanks for the hint.', 'Am 19.10.22 um 14:25 schrieb Ann:', '> quoted words')).toBe('Thanks for the hint.');
  });

  it("ends at a message quoted without `>`: Outlook's separator, its header block, its appointment", () => {
    expect(own('Unsubscribe', '', '-----Original Message----- From: Ann Example', 'Sent: Monday, July 19, 2021 2:59 PM', 'To: The list', 'Subject: Re: Fedora', '', 'The words replied to.')).toBe('Unsubscribe');
    expect(own('Thanks!', '', '________________________________', 'From: Ann Example <ann@example.org>', 'Sent: Tuesday, January 28, 2025 3:56 PM', 'To: The list <list@example.org>', 'Subject: Re: Consoles', '', 'The words replied to.')).toBe('Thanks!');
    expect(own('Grazie.', '', '-----Messaggio originale-----', 'Da: Anna Esempio <anna@example.org>', 'Inviato: lunedì 6 gennaio 2020 14:18', 'Oggetto: Re: Tempo', '', 'Il mio problema.')).toBe('Grazie.');
    expect(own('I cannot make it tomorrow.', '', '-----Original Appointment-----', 'From: Ann Example', 'When: Tuesday', 'Join the meeting')).toBe('I cannot make it tomorrow.');
  });

  it("keeps a forward's text, after a note or a signature too, and the reply a webmail writes under what it quotes", () => {
    expect(own('---------- Forwarded message ----------', 'Date: Mon, 13 May 2019 22:38:25', 'From: Ann Example <ann@example.org>', 'To: list@example.org', 'Subject: News', '', 'The release is out.')).toBe('News The release is out.');
    // What the writer passes on is what the list gets: it is found by its subject and words, not only by the note.
    expect(own('See below.', '', '---------- Forwarded message ----------', 'From: Ann Example', 'Date: Mon, 13 May 2019', 'Subject: News', '', 'The release is out.')).toBe('See below. News The release is out.');
    expect(own('FYI.', '-- ', 'Bob', '', '---------- Forwarded message ----------', 'Date: Wed, 22 Mar 2023 11:12:05', 'From: Ann Example <ann@example.org>', 'Subject: [orca] A new screen reader,', '    reaches 0.1.0', '', 'It is out.')).toBe('FYI. [orca] A new screen reader, reaches 0.1.0 It is out.');
    expect(own('', '-- ', 'Bob <bob at example dot org>', '', '---------- Forwarded message ----------', 'Date: Wed, 22 Mar 2023 11:12:05', 'From: Ann Example <ann@example.org>', 'Subject: A new screen reader', '', 'It reaches 0.1.0.')).toContain('A new screen reader It reaches 0.1.0.');
    const below = own('--- Ursprüngliche Nachricht ---', 'Von: Ann Example <ann@example.org>', 'Datum: 08.01.2021 09:16:26', 'An: bob@example.org', 'Betreff: Re: Raid1', '', 'Use write-mostly.', '', 'Thanks, that helps.');
    expect(below).toContain('Thanks, that helps.');
    expect(below).not.toContain('Datum');
  });

  it("keeps what Mutt forwards and the words after it, a v2 cover letter's first description, and prose that ends in a verb of writing", () => {
    expect(own('Reproduces for me on 5.15.', '', '----- Forwarded message from Ann Example <ann@example.org> -----', 'Date: Mon, 13 Dec 2021 10:00:00 +0100', 'From: Ann Example <ann@example.org>', 'To: list@example.org', 'Subject: A hang in scrub', '', 'The bug report.', '', '----- End forwarded message -----', '', 'One more note.')).toBe(
      'Reproduces for me on 5.15. A hang in scrub The bug report. One more note.',
    );
    // Above the first version's text, not above a quoted message: no headers or `>` follow.
    expect(own('v1->v2:', '- a third patch', '', '--------------- Original message ------------------', '', 'While adding a test I found a gap.')).toBe('v1->v2: - a third patch While adding a test I found a gap.');
    expect(own('Dev-replace has two sources of writes:', '- the scrub', '- the copy')).toBe('Dev-replace has two sources of writes: - the scrub - the copy');
    expect(own('Quoting the changelog:', '', '    Fix the hang.')).toBe('Quoting the changelog: Fix the hang.');
  });

  it("searches a forwarded message's sender with its text, where a list rewrites the sender to itself, and shows it in no excerpt", () => {
    // blinux-list 2021: "Vox.com: Why captchas are getting harder (fwd)" names its writer only here.
    const gmail = ['---------- Forwarded message ----------', 'From: Jude Example <jude@example.org>', 'To: Jude Example <jude@example.net>', 'Date: Mon, 13 May 2019 22:38:25', 'Subject: Why captchas are getting harder', '', 'An article.'].join('\n');
    expect(splitOwnText(gmail)).toMatchObject({ own: 'Why captchas are getting harder\n\nAn article.', forwarded: 'Jude Example <jude@example.org>' });
    const mutt = ['Reproduces for me.', '', '----- Forwarded message from Ann Example <ann@example.org> -----', 'Date: Mon, 13 Dec 2021 10:00:00 +0100', 'From: Ann Example <ann@example.org>', 'Subject: A hang', '', 'The report.', '----- End forwarded message -----'].join('\n');
    expect(splitOwnText(mutt).forwarded).toBe('Ann Example <ann@example.org>');
    // A sender wrapped onto the next line (blinux-list 2021), a CRLF line, Thunderbird in French.
    const wrapped = ['---------- Forwarded message ----------', 'Date: Mon, 13 May 2019 22:38:25', 'From: "Arch Linux: Recent news updates: Ann via arch-announce"', '    <arch-announce@example.org>', 'To: list@example.org', 'Subject: News', '', 'The news.'].join('\n');
    expect(splitOwnText(wrapped).forwarded).toBe('"Arch Linux: Recent news updates: Ann via arch-announce" <arch-announce@example.org>');
    expect(splitOwnText(gmail.replace(/\n/g, '\r\n'))).toMatchObject({ forwarded: 'Jude Example <jude@example.org>', own: expect.stringContaining('Why captchas are getting harder') });
    const french = ['-------- Message transféré --------', 'Sujet : Dae, Digital Audio Editor', 'Date : Mon, 13 May 2019 22:38:25 +0200', 'De : Didier Example <didier@example.org>', 'Pour : slint@example.org', '', 'Un éditeur audio.'].join('\n');
    expect(splitOwnText(french)).toMatchObject({ own: 'Dae, Digital Audio Editor\n\nUn éditeur audio.', forwarded: 'Didier Example <didier@example.org>' });
    // A header block that is a quoted reply, not a forward, names no forwarded sender.
    expect(splitOwnText(['My answer.', '', '-----Original Message-----', 'From: Bob <bob@example.org>', 'Sent: Monday, 13 May 2019 10:00', 'Subject: Q', '', 'The question.'].join('\n')).forwarded).toBe('');
    const input = { list: 'blinux', path: 'blinux/m/1/', thread: 'blinux/t/1/', subject: 'Why captchas are getting harder (fwd)', fromName: 'Linux for blind general discussion', fromAddress: 'blinux-list@example.org', dateMs: 0, text: gmail };
    const [shown] = searchDocuments({ ...input, obfuscation: 'none' });
    expect(shown!.fields[2]).toContain('Jude Example <jude@example.org>');
    expect(shown!.excerpt).toBe('Why captchas are getting harder An article.');
    // Its address is searchable as the list shows addresses: the local part only, where it hides domains.
    const [hidden] = searchDocuments({ ...input, obfuscation: 'domain' });
    expect(hidden!.fields[2]).toContain('Jude Example <jude ');
    expect(hidden!.fields[2]).not.toContain('example.org');
  });

  it("skips a forwarder's signature that opens a forward, and searches its name", () => {
    const text = ['', '-- ', 'Jude <jude at example dot org>', '"A motto', 'in two lines."', '', '---------- Forwarded message ----------', 'Date: Wed, 22 Mar 2023 11:12:05', 'From: Ann Example <ann@example.org>', 'Subject: A new screen reader', '', 'It reaches 0.1.0.'].join('\n');
    expect(splitOwnText(text).own.replace(/\s+/g, ' ').trim()).toBe('A new screen reader It reaches 0.1.0.');
    expect(splitOwnText(text).signature).toBe('Jude');
    // Without a forward below, the words under an opening delimiter are the message.
    expect(own('-- ', 'I have a two-disk enclosure on USB.')).toBe('I have a two-disk enclosure on USB.');
  });

  it('ends a signature known by its shape where a quote begins: an interleaved reply goes on', () => {
    expect(own('> a passage of the article', '-- https://en.wikipedia.org/wiki/Tactile_graphic', '> the next passage', 'I used a multifunction device.')).toBe('I used a multifunction device.');
    // `-- ` is a signature to the end (RFC 3676), and so is a bare `--`: Outlook's writers put it
    // above a `>` quote whose wrapped remnants are not quoted.
    expect(own('My answer.', '-- ', 'Ann', '> quoted words', 'Motto.')).toBe('My answer.');
    expect(own('My answer.', '', '--', 'CJ', '', '> While I agree the Meerkat is', 'about', '> 5.5 times')).toBe('My answer.');
  });

  it("searches the signature's first line as the writer's name, where a list rewrites the sender to itself", () => {
    expect(splitOwnText(['Mastermind', '-- ', 'Rudy Vener', 'Website: https://example.org'].join('\n')).signature).toBe('Rudy Vener');
    expect(splitOwnText(['Use quit.', '-- Ann <ann at example dot org> "A motto', 'in two lines."', '', '> quoted'].join('\n')).signature).toBe('Ann');
    // A closing comes before the name; a motto, a link or a version is none.
    expect(splitOwnText(['See you.', '-- ', 'Warm regards,', 'Brandt Steenkamp'].join('\n')).signature).toBe('Brandt Steenkamp');
    expect(splitOwnText(['See you.', '-- ', 'Sincerely, Alexander'].join('\n')).signature).toBe('Alexander');
    expect(splitOwnText(['See you.', '-- ', 'Ann Example | Example Corp'].join('\n')).signature).toBe('Ann Example');
    for (const line of ['https://example.org/ann', 'Always, there is only one truth!', '2.33.0.rc1.237.g0d66db33f3-goog', 'Deet-doot-dot, I am a bot.', 'gpg @keyserver: Ann <ann at example dot org>']) {
      expect([line, splitOwnText(['Thanks.', '-- ', line].join('\n')).signature]).toEqual([line, '']);
    }
    // A forwarded message's signature is its writer's, not the forwarder's.
    expect(splitOwnText(['FYI.', '', '---------- Forwarded message ----------', 'Date: Mon, 13 May 2019', 'From: Ann Example <ann@example.org>', 'Subject: News', '', 'Out now.', '-- ', 'Ann Example'].join('\n')).signature).toBe('');
    const [doc] = searchDocuments({ list: 'blinux', path: 'blinux/m/1/', thread: 'blinux/t/1/', subject: 'Re: Games', fromName: 'Linux for blind general discussion', fromAddress: 'blinux-list@example.org', obfuscation: 'none', dateMs: 0, text: 'Mastermind\n-- \nRudy Vener\nWebsite: https://example.org\n' });
    expect(doc!.fields[1]).toBe('Linux for blind general discussion blinux-list@example.org Rudy Vener');
    expect(doc!.fields[2]).not.toContain('Website');
  });

  it('keeps own text that looks like a header: a patch\'s From: line, a From: line discussed, headers in a diff', () => {
    expect(own('From: Ann Example <ann@example.org>', '', 'Fix the leak in the allocator.')).toBe('From: Ann Example <ann@example.org> Fix the leak in the allocator.');
    expect(own('Header names:', '', 'From: lines name the author of a patch;', 'To: lines name who reads it.', 'Subject: lines say what it does.', 'Keep all three.')).toBe('Header names: From: lines name the author of a patch; To: lines name who reads it. Subject: lines say what it does. Keep all three.');
    const patch = splitOwnText(['Add a template.', '---', 'diff --git a/mail.tmpl b/mail.tmpl', '--- a/mail.tmpl', '+++ b/mail.tmpl', '@@ -1,1 +1,4 @@', '+From: template_sender', '+Sent: template_date', '+To: template_recipient', '+Subject: template_subject', ' body', 'Then the rest.'].join('\n'));
    expect(patch.own).toContain('Then the rest.');
    expect(patch.code).toContain('template_sender');
  });

  it('leaves out the signature but keeps the files of a cover letter listed after it', () => {
    const { own: text, code } = splitOwnText(['This series reworks the queue.', '', '-- ', 'Ann', '', 'Ann Example (2):', '  wal: add a queue', '  wal: use it', '', ' src/wal/queue.c | 12 ++++', ' 1 file changed, 12 insertions(+)'].join('\n'));
    expect(text.trim()).toBe('This series reworks the queue.');
    expect(code).toContain('src/wal/queue.c');
  });

  it('leaves out a signature without its space, one written on the delimiter line, and a Google Groups footer', () => {
    expect(own('Try a live image.', '--', 'United States of Example', '', '_______________________________________________', 'Example-list mailing list', 'https://example.org/mailman/listinfo/example-list')).toBe('Try a live image.');
    expect(own('Use quit to leave sftp.', '', '-- Ann <ann at example dot org> "A motto', 'in two lines."', '', 'On Thu, 26 Oct 2023, Bob wrote:', '> quoted words')).toBe('Use quit to leave sftp.');
    expect(own('Read the man page.', 'Regards, Ann', '', 'To unsubscribe from this group and stop receiving emails from it, send an email to example+unsubscribe@example.org.')).toBe('Read the man page. Regards, Ann');
  });

  it('reads a signature delimiter that opens the text as none, and a dash that begins a line as prose', () => {
    expect(own('-- ', 'I have a two-disk enclosure on USB.')).toBe('I have a two-disk enclosure on USB.');
    expect(own('Not using the drive is bad because:', '', '-- other drives get all the data, so', 'one failure costs more', '', 'I prefer equal drives.')).toContain('I prefer equal drives.');
  });

  it('leaves out snip markers', () => {
    expect(own('<snip>', 'nit: this could be one line.', '[...]', '> quoted words', '...', 'Ok.')).toBe('nit: this could be one line. Ok.');
  });
});

describe('searchDocuments', () => {
  it('cuts the excerpt from the writer\'s words, not the attribution or signature around them', () => {
    const [input] = inputs([{ id: 'r', text: 'On Mon, Oct 26, 2020 at 7:33 PM Ann Example\n<ann@example.org> wrote:\n> Has anyone tried it?\n\nYes, it works.\n-- \nBob Example\nhttps://example.org/bob' }]);
    expect(searchDocuments(input!)[0]!.excerpt).toBe('Yes, it works.');
  });

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
