/**
 * A list's patch series when the site is built: found from the index and what the parse phase
 * recorded of each message (no body is read), kept between builds by the list's inputs key.
 * Also what the search index needs to know of a message's patch (see `patchSearchFields`).
 */
import { patchFindings } from '../lib/analysis.ts';
import { findPatchSeries, type ListPatches, type PatchState } from '../lib/patch-series.ts';
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
  const saved = await store.readCache<{ inputsKey: string; patches: ListPatches }>(name);
  if (saved?.inputsKey === data.inputsKey) return saved.patches;
  const patches = findListPatches(data);
  await store.writeCache(name, { inputsKey: data.inputsKey, patches });
  return patches;
}

/** What search indexes of a message's patch. */
export interface PatchSearchFields {
  /** The message is a patch or a cover letter (`is:patch`). */
  isPatch: boolean;
  /** The state of the series it posts or answers (`state:applied`), undefined for other mail. */
  state: PatchState | undefined;
  /** The series got lost (`state:lost`). */
  lost: boolean;
  /** The series' title, for its lead message (cover letter, else first patch) only: indexed once per series. */
  seriesTitle: string | undefined;
}

/**
 * What search should index of a message's patch: whether it is one, the state of its series
 * (also for replies, so `state:lost` finds the discussion), and the series' title on its lead message.
 *
 * @param patches the list's series
 * @param n the message's position in date order
 */
export function patchSearchFields(patches: ListPatches, n: number): PatchSearchFields {
  const member = patches.members.get(n);
  const id = member?.series ?? patches.replyOf.get(n);
  const series = id === undefined ? undefined : patches.series[id];
  return {
    isPatch: member !== undefined,
    state: series?.state,
    lost: series?.lost !== undefined,
    seriesTitle: series && series.lead === n ? series.title : undefined,
  };
}
