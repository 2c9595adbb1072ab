import { VerifiedTokens } from './verified-tokens';

const claims = (exp?: number) => ({ sub: 'a1', role: 'commune_officer' as const, epoch: 0, ...(exp === undefined ? {} : { exp }) });

describe('VerifiedTokens', () => {
  it('answers a verified token until its exp, and not after', () => {
    const tokens = new VerifiedTokens(10);
    tokens.add('t1', claims(1000));
    expect(tokens.get('t1', 999_999)).toEqual(claims(1000));
    expect(tokens.get('t1', 1_000_000)).toBeUndefined();
    expect(tokens.size).toBe(0);
  });

  it('knows only the exact token text', () => {
    const tokens = new VerifiedTokens(10);
    tokens.add('header.payload.sig', claims(1000));
    expect(tokens.get('header.payload.sif', 0)).toBeUndefined();
    expect(tokens.get('header.payload.sig ', 0)).toBeUndefined();
  });

  it('keeps nothing without exp, nothing with size 0, and drops the first added beyond its size', () => {
    const none = new VerifiedTokens(10);
    none.add('t', claims());
    expect(none.get('t', 0)).toBeUndefined();
    const off = new VerifiedTokens(0);
    off.add('t', claims(1000));
    expect(off.get('t', 0)).toBeUndefined();
    const two = new VerifiedTokens(2);
    two.add('a', claims(1000));
    two.add('b', claims(1000));
    two.add('c', claims(1000));
    expect(two.size).toBe(2);
    expect(two.get('a', 0)).toBeUndefined();
    expect(two.get('c', 0)).toBeDefined();
  });
});
