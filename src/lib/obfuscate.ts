/**
 * Address obfuscation, per list: harvesters read archives, so addresses are hidden by default.
 */
import type { Obfuscation } from './list-config.ts';

// Anything shaped like `local@domain.tld` in text is treated as an address: a Message-ID quoted in
// a body looks the same and is hidden too, which errs on the side of the people on the list.
// The lookbehind keeps the scan linear: a match may only start where a local part can start.
const ADDRESS_IN_TEXT = /(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]{1,64})@((?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24})\b/g;

/**
 * An address as the list shows it: `full` → `alice@xxxxxxx`, `domain` → `alice@…`, `none` → unchanged.
 *
 * @param address the address
 * @param mode the list's obfuscation
 */
export function obfuscateAddress(address: string, mode: Obfuscation): string {
  if (mode === 'none' || address === '') return address;
  const at = address.lastIndexOf('@');
  if (at < 0) return address;
  return `${address.slice(0, at)}@${mode === 'full' ? 'xxxxxxx' : '…'}`;
}

/**
 * Text with every address in it obfuscated (bodies and names are hidden the same way as headers).
 *
 * @param text any text
 * @param mode the list's obfuscation
 */
export function obfuscateText(text: string, mode: Obfuscation): string {
  if (mode === 'none' || !text.includes('@')) return text;
  return text.replace(ADDRESS_IN_TEXT, (_, local: string) => `${local}@${mode === 'full' ? 'xxxxxxx' : '…'}`);
}
