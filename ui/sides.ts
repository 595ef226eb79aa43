// One term for each side of a deal, following the seed documents: 飞出地 / 飞入地 for enclave
// parks (001_912eb91544dc7613.txt speaks of the 飞出地), 派出方 / 承接方 for other pairings.
// Levers, the negotiation view and the exports all name the sides through here, so the same
// side is never called 派出方 in one place and 输出方 in another.
import { t } from './i18n.js';

const ENCLAVE_MODES = new Set(['enclavePark', 'reverseEnclave', 'twoWayEnclave']);

export function sideTerms(mode: string): { origin: string; host: string } {
  return ENCLAVE_MODES.has(mode) ? { origin: t('originEnclave'), host: t('hostEnclave') } : { origin: t('originPair'), host: t('hostPair') };
}

/** A message with {origin} and {host} replaced by the pairing mode's terms. */
export function withSides(text: string, mode: string): string {
  const { origin, host } = sideTerms(mode);
  return text.replace(/\{origin\}/g, () => origin).replace(/\{host\}/g, () => host);
}
