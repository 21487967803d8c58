/** Every source file of Threadline (src/, public/, the package files), sorted. */
export function sourceFilesIn(root: string): string[];
