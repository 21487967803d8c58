/**
 * The meeting pages of a built site: the sample archive's hackathon minutes, its agenda-less
 * series, an action item closed by a reply, and `minutes.json`.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../src/site/build.ts';
import { verifySite } from '../src/site/verify.ts';
import { Store } from '../src/store/store.ts';

const work = mkdtempSync(join(tmpdir(), 'threadline-minutes-pages-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const dist = join(work, 'dist');
const page = (path: string) => readFileSync(join(dist, path), 'utf8');

beforeAll(async () => {
  cpSync(new URL('../archive', import.meta.url), join(work, 'archive'), { recursive: true });
  await buildSite({ archiveDir: join(work, 'archive'), storeDir: join(work, 'store'), outDir: dist, base: '/', site: 'https://lists.example.org', jobs: 0 });
}, 120_000);

describe('meeting pages', () => {
  it('list the series on the minutes index, each with its own page', () => {
    const index = page('lumen-devel/minutes/index.html');
    expect(index).toContain('<a href="/lumen-devel/minutes/series/lumen-hackathon/">Lumen Hackathon</a>');
    expect(index).toContain('<a href="/lumen-devel/minutes/topics/">Topics</a>');
  });

  it('follow an action item until a reply reports it done, with that reply linked', () => {
    const series = page('lumen-devel/minutes/series/lumen-hackathon/index.html');
    const [open, done] = series.split('<summary>Done');
    expect(open).toContain('prepare the 1.10 release');
    expect(open).not.toContain('write up the release process on the wiki');
    expect(done).toMatch(/write up the release process on the wiki by 1 March<\/a>.*reported done: <a href="\/lumen-devel\/m\/[^"]+\/">As promised at the hackathon/s);
    // Attendance: one column per meeting that recorded it, one row per person.
    expect(series).toContain('<th scope="row">Zoë Müller</th><td><span title="present">●</span></td>');
  });

  it('link every topic and decision to its section of the minutes', () => {
    const topics = page('lumen-devel/minutes/topics/index.html');
    expect(topics).toMatch(/Write-Ahead Log <span class="muted">— <a href="\/lumen-devel\/minutes\/series\/lumen-hackathon\/">Lumen Hackathon<\/a>:<\/span> <a href="\/lumen-devel\/m\/[^"]+\/#s-write-ahead-log">2025-02-12<\/a>/);
    const decisions = page('lumen-devel/minutes/decisions/index.html');
    expect(decisions).toMatch(/<td>2025-02-12<\/td><td>Lumen Hackathon<\/td><td><a href="\/lumen-devel\/m\/[^"]+\/#s-release-planning">We all agreed on a six-month cadence/);
  });

  it('export minutes.json with absolute URLs, the meeting day, sections, decisions and actions', () => {
    const data = JSON.parse(page('lumen-devel/minutes/minutes.json')) as { meetings: { url: string; meetingDate: string; series: string; sections: unknown[]; actions: { owner: string | null; state: string; section: string | null }[] }[] };
    const hackathon = data.meetings.find((m) => m.series === 'Lumen Hackathon')!;
    expect(hackathon.url).toMatch(/^https:\/\/lists\.example\.org\/lumen-devel\/m\/.+\/$/);
    expect(hackathon.meetingDate).toBe('2025-02-12');
    expect(hackathon.sections.length).toBe(5);
    expect(hackathon.actions).toContainEqual(expect.objectContaining({ owner: 'Alice', state: 'done', section: 'Release Planning' }));
    expect(hackathon.actions.filter((a) => a.state === 'open').length).toBe(5);
  });

  it('leave no link of the new pages leading nowhere', async () => {
    const verified = await verifySite({ store: new Store(join(work, 'store')), outDir: dist, base: '/' });
    expect(verified.problems).toEqual([]);
  });
});
