import { VerifiedTokens } from './verified-tokens';

const claims = (exp?: number) => ({ sub: 'a1', role: 'commune_officer' as const, epoch: 0, ...(exp === undefined ? {} : { exp }) });
/** A clock the test sets (ms). */
const at = () => {
  const clock = { t: 0, now: () => clock.t };
  return clock;
};

describe('VerifiedTokens', () => {
  it('answers a verified token until its exp, and not after', () => {
    const clock = at();
    const tokens = new VerifiedTokens(10, clock.now);
    tokens.add('t1', claims(1000));
    clock.t = 999_999;
    expect(tokens.get('t1')).toEqual(claims(1000));
    clock.t = 1_000_000;
    expect(tokens.get('t1')).toBeUndefined();
    expect(tokens.size).toBe(0);
  });

  it('knows only the exact token text', () => {
    const tokens = new VerifiedTokens(10, at().now);
    tokens.add('header.payload.sig', claims(1000));
    expect(tokens.get('header.payload.sif')).toBeUndefined();
    expect(tokens.get('header.payload.sig ')).toBeUndefined();
    expect(tokens.get('header.payload.sig')).toBeDefined();
  });

  it('keeps nothing without exp or already expired, nothing with size 0, and drops the least recently used beyond its size', () => {
    const clock = at();
    const none = new VerifiedTokens(10, clock.now);
    none.add('t', claims());
    expect(none.get('t')).toBeUndefined();
    clock.t = 1_000_000;
    none.add('late', claims(1000));
    expect(none.get('late')).toBeUndefined();
    clock.t = 0;
    const off = new VerifiedTokens(0, clock.now);
    off.add('t', claims(1000));
    expect(off.get('t')).toBeUndefined();
    const two = new VerifiedTokens(2, clock.now);
    two.add('a', claims(1000));
    two.add('b', claims(1000));
    two.add('c', claims(1000));
    expect(two.size).toBe(2);
    expect(two.get('a')).toBeUndefined();
    expect(two.get('c')).toBeDefined();
  });
});
