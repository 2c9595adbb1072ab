/**
 * Search normalisation for Vietnamese names: lower case, no diacritics ("đ" becomes "d"),
 * punctuation turned into spaces, runs of spaces collapsed. "Phường Bãi Cháy" -> "phuong bai chay".
 */
export function normalizeSearchText(input: string): string {
  return input
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Canonical form of a display name as typed by a person: NFC, single spaces, trimmed. */
export function cleanDisplayName(input: string): string {
  return input.normalize('NFC').replace(/\s+/g, ' ').trim();
}
