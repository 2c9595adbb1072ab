/**
 * The holder's name as public verification shows it: every word keeps its first letter and the rest
 * of its letters become `*`, one per letter ("Nguyễn Văn An" → "N***** V** A*"). Enough for someone
 * holding the paper certificate to see that it names its bearer, not enough to learn a name from a
 * serial. Letters are counted as characters (Vietnamese letters with diacritics are one each, in NFC);
 * a one-letter word stays as it is; spaces are collapsed.
 */
export function maskHolderName(fullName: string): string {
  return fullName
    .normalize('NFC')
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .map((word) => {
      const [first, ...rest] = Array.from(word);
      return first.toLocaleUpperCase('vi') + '*'.repeat(rest.length);
    })
    .join(' ');
}
