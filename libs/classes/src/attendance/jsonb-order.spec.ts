import { jsonbOrder } from './jsonb-order';

describe('jsonbOrder', () => {
  it('orders keys as jsonb keeps them: shorter first, then byte order; nested objects and arrays too', () => {
    const value = { results: [{ outcome: 'accepted', id: 'a', current: { deviceTime: 't', status: 'present' }, residentId: 'r', code: undefined }] };
    const ordered = jsonbOrder(value);
    expect(JSON.stringify(ordered)).toBe('{"results":[{"id":"a","current":{"status":"present","deviceTime":"t"},"outcome":"accepted","residentId":"r"}]}');
    expect(Object.keys(jsonbOrder({ markOutcome: 1, message: 2, code: 3, id: 4 }))).toEqual(['id', 'code', 'message', 'markOutcome']);
  });

  it('leaves scalars and null alone', () => {
    expect(jsonbOrder(null)).toBeNull();
    expect(jsonbOrder('x')).toBe('x');
    expect(jsonbOrder([1, 'a', null])).toEqual([1, 'a', null]);
  });
});
