/** What a response shows of a personal number when the caller may not see it in full. */

/** "001090012345" -> "********2345" (the last four digits stay, as on a receipt). */
export function maskCccd(cccd: string): string {
  return cccd.length <= 4 ? '*'.repeat(cccd.length) : '*'.repeat(cccd.length - 4) + cccd.slice(-4);
}

/** "0912345678" -> "0912***678": operator prefix and the last three digits stay. */
export function maskPhone(phone: string): string {
  if (phone.length < 8) return '*'.repeat(phone.length);
  return phone.slice(0, 4) + '*'.repeat(phone.length - 7) + phone.slice(-3);
}
