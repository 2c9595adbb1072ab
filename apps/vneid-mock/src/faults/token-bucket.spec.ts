import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('lets one second of requests through, then refuses with the wait until the next token', () => {
    let now = 0;
    const bucket = new TokenBucket(10, () => now);
    for (let i = 0; i < 10; i++) expect(bucket.take()).toBeNull();
    expect(bucket.take()).toBe(100);
    now = 50;
    expect(bucket.take()).toBe(50);
    now = 100;
    expect(bucket.take()).toBeNull();
    expect(bucket.take()).toBe(100);
    now = 10_000; // a long pause fills it to one second's worth, no more
    for (let i = 0; i < 10; i++) expect(bucket.take()).toBeNull();
    expect(bucket.take()).not.toBeNull();
  });

  it('never refuses a client that sends at most the rate in any one-second window', () => {
    let now = 0;
    const bucket = new TokenBucket(5, () => now);
    for (let second = 0; second < 5; second++) {
      for (let i = 0; i < 5; i++) {
        now = second * 1000 + (i === 0 ? 0 : 999); // bursts at the edges of each window
        expect(bucket.take()).toBeNull();
      }
    }
  });

  it('does not limit at rate 0', () => {
    const bucket = new TokenBucket(0, () => 0);
    for (let i = 0; i < 1000; i++) expect(bucket.take()).toBeNull();
  });
});
