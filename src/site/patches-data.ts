/**
 * A list's patch series when the site is built: found from the index and what the parse phase
 * recorded of each message (no body is read), kept between builds by the list's inputs key and
 * Threadline's sources.
 */
import { patchFindings } from '../lib/analysis.ts';
import { findPatchSeries, type ListPatches } from '../lib/patch-series.ts';
import { sourcesKey } from '../compiled.ts';
import type { ListData, Store } from '../store/store.ts';

/**
 * Find a list's series.
 *
 * @param data the list
 */
export function findListPatches(data: ListData): ListPatches {
  return findPatchSeries({ index: data.index, analysis: data.columns.analysis.map(patchFindings), settings: data.config.patches });
}

/**
 * A list's series: as the last build found them when the list did not change, else found anew
 * (and kept for the next build).
 *
 * @param store the store
 * @param data the list
 */
export async function listPatchesOf(store: Store, data: ListData): Promise<ListPatches> {
  const name = `patches-${data.config.name}`;
  const sources = sourcesKey();
  // Kept for the list's inputs (in the tag): series kept for other inputs are not read.
  const tag = `${sources}\u0000${data.inputsKey}`;
  const saved = await store.readCache<ListPatches>(name, tag);
  if (saved) return saved;
  const patches = findListPatches(data);
  store.keepCache(name, patches, tag);
  return patches;
}
