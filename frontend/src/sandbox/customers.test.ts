import { describe, expect, it } from 'vitest';
import { CUSTOMERS_STORAGE_KEY, loadRecentCustomers, saveRecentCustomers, withRecentCustomer } from './customers';

describe('recent customers', () => {
  it('puts the latest first, once per number, and keeps five', () => {
    let list = [1, 2, 3, 4, 5].map((i) => ({ number: `+4915100000${i}`, name: `C${i}` }));
    list = withRecentCustomer(list, { number: '+49151000003', name: 'Renamed' });
    expect(list.map((c) => c.name)).toEqual(['Renamed', 'C1', 'C2', 'C4', 'C5']);
    list = withRecentCustomer(list, { number: '+49151000009', name: 'New' });
    expect(list.map((c) => c.name)).toEqual(['New', 'Renamed', 'C1', 'C2', 'C4']);
  });

  it('survives a reload and ignores what it did not write', () => {
    saveRecentCustomers([{ number: '+4915112345678', name: 'Kim' }]);
    expect(loadRecentCustomers()).toEqual([{ number: '+4915112345678', name: 'Kim' }]);
    localStorage.setItem(CUSTOMERS_STORAGE_KEY, '[{"number":""},{"number":"+49151","name":"Ok"},7]');
    expect(loadRecentCustomers()).toEqual([{ number: '+49151', name: 'Ok' }]);
    localStorage.setItem(CUSTOMERS_STORAGE_KEY, 'not json');
    expect(loadRecentCustomers()).toEqual([]);
  });
});
