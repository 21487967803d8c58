import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../scripts/cli.ts';

/** Run the CLI and collect what it writes to stderr. */
async function run(argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const code = await main(argv);
  return { code, stderr };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the command line', () => {
  it('says what is wrong with an option, with the usage, instead of a stack trace', async () => {
    for (const [argv, said] of [
      [['build', '--out'], /--out <value>' argument missing/],
      [['build', '--jobs', '-1'], /--jobs/],
      [['build', '--nope'], /Unknown option '--nope'/],
      [['import', 'extra'], /Unexpected argument 'extra'/],
    ] as const) {
      const { code, stderr } = await run([...argv]);
      expect(code, argv.join(' ')).toBe(2);
      expect(stderr).toMatch(said);
      expect(stderr).toMatch(/^threadline: /);
      expect(stderr).toContain('Usage:');
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('refuses a --jobs that is not a whole number', async () => {
    const { code, stderr } = await run(['build', '--jobs=-1']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--jobs must be a whole number ≥ 0, not "-1"/);
  });
});
