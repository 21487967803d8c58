/** Every source file of Threadline (src/, public/, the package files), sorted. */
export function sourceFilesIn(root: string): string[];
/** A hash (hex) of Threadline's source files and `extra` files: relative paths and bytes. */
export function sourcesDigest(root: string, extra?: string[]): string;
