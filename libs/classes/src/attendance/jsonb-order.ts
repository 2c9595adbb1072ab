/**
 * The value with every object's keys in the order PostgreSQL's jsonb keeps them (shorter keys first,
 * then byte order; for the ASCII keys of our answers): what a jsonb column gives back, so an answer sent
 * now and the same answer replayed from classes_sync_batches serialise to the same bytes.
 */
export function jsonbOrder<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => jsonbOrder(v)) as T;
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined);
  // our keys are ASCII: UTF-16 code units order as bytes do
  keys.sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = jsonbOrder((value as Record<string, unknown>)[k]);
  return out as T;
}
