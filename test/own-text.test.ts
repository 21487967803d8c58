import { describe, expect, it } from 'vitest';
import { attributionEnd, attributionLines, isSnipMarker, listFooterAt, quotedHeaderEnd, separatorKind, signatureAt } from '../src/lib/own-text.ts';

/** The number of lines of the attribution that ends on the last line of `before`, with a quote after it. */
const spanAbove = (...before: string[]): number => attributionLines([...before, '> the quoted words'], before.length - 1);

describe('attributionLines', () => {
  it('knows attributions by their verb, in the languages of the lists read', () => {
    for (const line of [
      'On Mon, 1 Dec 2021, Ann Example wrote:',
      'Ann Example <ann@example.org> writes:',
      'On Fri, 2021-12-10 21:53 -0500, Ann Example wrote as excerpted:',
      'Le 18/02/2022 à 11:18, Ann Example a écrit :',
      'Ann Example, le sam. 06 nov. 2021 22:38:20 -0400, a ecrit:',
      'Am 19.10.22 um 14:25 schrieb Ann Example:',
      'Den 6 november 2024 17:53:07 skrev Ann Example <ann@example.org>:',
      '20.02.2021 20:45, Ann Example пишет:',
      'Dne 04. 01. 22 v 19:35 Ann Example napsal(a):',
      'Dňa 9. 2. 2022 o 11:48 Ann Example napísal(a):',
      'W dniu 21.07.2023 o 19:10, Ann Example pisze:',
      'Il giorno mar 5 gen 2021 alle ore 07:44 Ann Example ha scritto:',
      'Em 18/07/2023 20:52, Ann Example escreveu:',
      '在 2021/4/29 21:22, Ann Example 写道:',
      'Quoting Ann Example <ann@example.org>:',
    ]) {
      expect([line, spanAbove(line)]).toEqual([line, 1]);
      // The verb is enough: a client may put a snip marker or nothing quoted under it.
      expect([line, attributionLines([line, '[...]', 'My answer.'], 0)]).toEqual([line, 1]);
    }
  });

  it('takes in the lines of an attribution a client wrapped', () => {
    expect(spanAbove('On Thu, 26 Sep 2019, Ann Example of', 'the example list', 'wrote:')).toBe(3);
    expect(spanAbove('On Mon, Oct 26, 2020 at 7:33 PM Ann Example', '<ann@example.org> wrote:')).toBe(2);
    expect(spanAbove('Ann Example <ann@example.org>, 5 Oca 2021 Sal, 14:29', 'tarihinde şunu yazdı:')).toBe(2);
    // The writer's sentence above a one-line attribution is not part of it.
    expect(spanAbove('Thanks, that works.', 'On Mon, 1 Dec 2021, Ann Example wrote:')).toBe(1);
  });

  it('knows an attribution without a verb by a date, a time or an address, above a quote only', () => {
    expect(spanAbove('Ann Example - 26.08.21, 12:44:05 CEST:')).toBe(1);
    expect(attributionLines(['Oct 19, 2021 07:35:54 Ann Example <ann@example.org>:', '', '> the quoted words'], 0)).toBe(1);
    expect(attributionLines(['The meeting moved to 10:30:', 'bring the agenda.'], 0)).toBe(0);
  });

  it('takes a short line that opens a reply, right above a quote, for its attribution', () => {
    expect(attributionLines(['', 'Ann Example stammered and stuttered:', '> the quoted words'], 1)).toBe(1);
    expect(attributionLines(['I disagree with one point.', 'You said:', '> the quoted words'], 1)).toBe(0);
    // blinux-list and linux-btrfs: a custom attribution has two words or more and no comma.
    for (const line of ['According to Jude:', 'Thus spake Karen:', 'Jude DaShiell ameadika:']) expect([line, attributionLines([line, '> the quoted words'], 0)]).toEqual([line, 1]);
    for (const line of ['Tim here, responding in-line:', 'Nit:', 'Nit :', 'Hi all, see below:']) expect([line, attributionLines([line, '> the quoted words'], 0)]).toEqual([line, 0]);
    // With a verb of writing, or a client's opening, a comma is no sign of prose (linux-btrfs 2020).
    for (const line of ['Matthew Wilcox (Oracle) wrote on Sun, Oct 04, 2020:', 'On Tuesday, Jane said:']) expect([line, attributionLines([line, '> the quoted words'], 0)]).toEqual([line, 1]);
  });

  it('leaves sentences that end in a colon', () => {
    expect(attributionLines(['Here is the output:', 'mkfs.btrfs -f /dev/sdb'], 0)).toBe(0);
    expect(attributionLines(['The build failed.', 'All warnings (new ones prefixed by >>):', '>> fs/example.c:12: warning'], 1)).toBe(0);
    expect(attributionLines(['No colon here'], 0)).toBe(0);
  });
});

describe('attributionEnd', () => {
  it('finds the last line of an attribution from its first', () => {
    const lines = ['Agreed.', '', 'On Tue, Jan 7, 2025 at 10:00 Ann Example <ann@example.org>', 'wrote:', '> the plan'];
    expect(attributionEnd(lines, 2)).toBe(3);
    expect(attributionEnd(lines, 0)).toBe(-1);
  });
});

describe('separatorKind', () => {
  it('tells the separator of a quote without `>` from that of a forward', () => {
    for (const line of ['-----Original Message-----', '----- Original Message -----', '-----Original Message----- From: Ann Example', '-----Original Appointment-----', '--- Ursprüngliche Nachricht ---', '------ Originalnachricht ------']) {
      expect([line, separatorKind(line)]).toEqual([line, 'quote']);
    }
    for (const line of ['---------- Forwarded message ---------', '-------- Forwarded Message --------', 'Begin forwarded message:']) {
      expect([line, separatorKind(line)]).toEqual([line, 'forward']);
    }
  });

  it('leaves a cover letter that repeats its earlier version, a rule and a signature delimiter', () => {
    for (const line of ['--- Original email ---', '----------', '-- ', '-- Original work by Ann --']) expect([line, separatorKind(line)]).toEqual([line, undefined]);
  });
});

describe('quotedHeaderEnd', () => {
  it("finds Outlook's header block, with a value it wrapped", () => {
    const lines = ['________________________________', 'From: list-bounces@example.org <list-bounces@exa', 'mple.org> On Behalf Of Ann Example', 'Sent: Monday, July 19, 2021 2:59 PM', 'To: The example list', 'Subject: Re: Fedora', '', 'The words replied to.'];
    expect(quotedHeaderEnd(lines, 1)).toBe(6);
    expect(quotedHeaderEnd(lines, 0)).toBe(-1);
  });

  it('finds a forwarded header block, bold, German, or after an mbox envelope line', () => {
    expect(quotedHeaderEnd(['Date: Tue, 19 Nov 2024 16:24:49 +0100', 'From: Ann Example <ann@example.org>', 'To: list@example.org', 'Subject: Re: Question', '', 'Hi,'], 0)).toBe(4);
    expect(quotedHeaderEnd(['*From:* Ann Example', '*Sent:* Monday, July 19, 2021 2:59 PM', '*To:* list', ''], 0)).toBe(3);
    expect(quotedHeaderEnd(['Da: Anna Esempio <anna@example.org>', 'Inviato: lunedì 6 gennaio 2020 14:18', 'A: la lista', 'Oggetto: Re: Tempo', ''], 0)).toBe(4);
    expect(quotedHeaderEnd(['Från: Anna Exempel <anna@example.org>', 'Skickat: den 6 januari 2020 14:18', 'Till: listan', 'Ämne: Sv: Tid', ''], 0)).toBe(4);
    // Without an address or a date, header names at the start of lines are prose.
    expect(quotedHeaderEnd(['From: lines name the author of a patch;', 'To: lines name who reads it.', 'Subject: lines say what it does.'], 0)).toBe(-1);
    expect(quotedHeaderEnd(['Von: Ann Example <ann@example.org>', 'Datum: 08.01.2021 09:16:26', 'An: bob@example.org', 'Betreff: Re: Raid1', ''], 0)).toBe(4);
    expect(quotedHeaderEnd(['From ann@example.org Tue Nov 19 10:26:36 2024', 'Date: Tue, 19 Nov 2024 16:24:49 +0100', 'From: Ann Example <ann@example.org>', 'To: list@example.org', ''], 0)).toBe(4);
  });

  it("leaves a patch's header lines and a header named in a sentence", () => {
    expect(quotedHeaderEnd(['From: Ann Example <ann@example.org>', '', 'Fix the leak in the allocator.'], 0)).toBe(-1);
    expect(quotedHeaderEnd(['From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001', 'From: Ann Example <ann@example.org>', 'Date: Mon, 1 Feb 2021 10:00:00 +0100', 'Subject: [PATCH] Fix the leak', ''], 0)).toBe(-1);
    expect(quotedHeaderEnd(['From: Ann Example <ann@example.org>', 'Date: Mon, 1 Feb 2021 10:00:00 +0100', 'Subject: [PATCH v2 1/3] Fix the leak', ''], 0)).toBe(-1);
    // git format-patch -k keeps the subject bare: its first line tells.
    expect(quotedHeaderEnd(['From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001', 'From: Ann Example <ann@example.org>', 'Date: Mon, 1 Feb 2021', 'Subject: iomap: use a union', ''], 1)).toBe(-1);
    expect(quotedHeaderEnd(['From: lines name the author of a patch;', 'To: lines name who reads it.'], 0)).toBe(-1);
  });
});

describe('listFooterAt', () => {
  it("finds Mailman's, Google Groups' and groups.io's footers, not a reader's advice", () => {
    expect(listFooterAt(['_______________________________________________', 'Example-list mailing list', 'https://example.org/mailman/listinfo/example-list'], 0)).toBe(true);
    expect(listFooterAt(['You received this message because you are subscribed to the Google Groups "example" group.'], 0)).toBe(true);
    expect(listFooterAt(['To unsubscribe from this group and stop receiving emails from it, send an email to example+unsubscribe@example.org.'], 0)).toBe(true);
    expect(listFooterAt(['-=-=-=-=-=-=-=-=-=-=-=-', 'Groups.io Links: You receive all messages sent to this group.'], 0)).toBe(true);
    expect(listFooterAt(['To unsubscribe from this group, send a blank message to the -leave address.'], 0)).toBe(false);
    expect(listFooterAt(['________________________________', 'From: Ann Example'], 0)).toBe(false);
  });
});

describe('signatureAt', () => {
  it('finds `-- `, and a bare `--` or `-- ` with an address near the end, a quote or a footer', () => {
    expect(signatureAt(['Words.', '-- ', 'Ann'], 1)).toBe(true);
    expect(signatureAt(['Words.', '--', 'Ann', 'Example Corp'], 1)).toBe(true);
    expect(signatureAt(['Words.', '--', 'Ann', '', 'On Mon, Bob wrote:', '> quoted'], 1)).toBe(true);
    expect(signatureAt(['Words.', '-- Ann <ann at example dot org> "A motto,', 'in two lines."', '', 'On Mon, Bob wrote:', '> quoted'], 1)).toBe(true);
    expect(signatureAt(['Words.', '', '-- Ann', '', '_______________________________________________', 'Example-list mailing list'], 2)).toBe(true);
    expect(signatureAt(['Words.', '-- ~Ann'], 1)).toBe(true);
  });

  it('leaves a bare `--` with text going on, and a line that only begins with a dash', () => {
    expect(signatureAt(['Words.', '--', ...Array.from({ length: 20 }, (_, i) => `line ${i}`)], 1)).toBe(false);
    expect(signatureAt(['Not using the drive is bad because:', '', '-- other drives get all the data, so', 'one failure costs more', '', 'I prefer equal drives.'], 2)).toBe(false);
    // A build robot's report: `--` between indented blocks of compiler output.
    expect(signatureAt(['>> fs/example.c:12:5: warning: unused variable', '      12 |     int a;', '         |         ^', '--', '   fs/example.c: In function main:', '>> fs/example.c:20: warning'], 3)).toBe(false);
    // A signature indented under prose is one.
    expect(signatureAt(['Have you tried tzselect?', '', '--', '  Ann <ann at example dot org>', '  "A motto."'], 2)).toBe(true);
    const options = ['Two options:', '-- fast', '-- slow', '', 'Which one?'];
    expect([signatureAt(options, 1), signatureAt(options, 2)]).toEqual([false, false]);
  });
});

describe('isSnipMarker', () => {
  it('knows the marks of a cut quote', () => {
    for (const line of ['[...]', '[..]', '[…]', '[snip]', '<snip>', '<snipped>', '...', '…', 'snip..']) expect([line, isSnipMarker(line)]).toEqual([line, true]);
    for (const line of ['snip this', '[1]', 'Ok...', '']) expect([line, isSnipMarker(line)]).toEqual([line, false]);
  });
});
