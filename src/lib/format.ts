/**
 * Small text formats shared by pages: addresses and sizes. Independent of the machine's locale.
 */
import type { Obfuscation } from './list-config.ts';
import type { Address } from './message.ts';
import { obfuscateAddress, obfuscateText } from './obfuscate.ts';

/**
 * An address as shown in headers: `Name <local@xxxxxxx>` under the list's obfuscation.
 *
 * @param address the mailbox
 * @param mode the list's obfuscation
 */
export function formatAddress(address: Address, mode: Obfuscation): string {
  const shown = obfuscateAddress(address.address, mode);
  if (address.name === '') return shown;
  const name = obfuscateText(address.name, mode);
  return shown === '' ? name : `${name} <${shown}>`;
}

/**
 * A byte count for people: `512 B`, `14.2 KB`, `3.1 MB`.
 *
 * @param bytes the size
 */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} KB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/**
 * The name a list or tree shows for a sender: the display name, else the address's local part,
 * obfuscated like everything else (some clients put the address in the name).
 *
 * @param name the display name
 * @param address the address
 * @param mode the list's obfuscation
 */
export function senderLabel(name: string, address: string, mode: Obfuscation): string {
  if (name !== '') return obfuscateText(name, mode);
  if (address !== '') return mode === 'none' ? address : address.split('@')[0]!;
  return 'unknown';
}
