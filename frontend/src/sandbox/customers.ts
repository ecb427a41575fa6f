// The customers this browser played recently, so a tester can switch back.

/** A customer identity on the phone. */
export interface PhoneCustomer {
  number: string;
  name: string;
}

export const CUSTOMERS_STORAGE_KEY = 'switchboard.sandbox.customers';
export const DEFAULT_CUSTOMER_NUMBER = '+4915112345678';
/** A profile name, as a messenger would send one; not UI text. */
export const DEFAULT_CUSTOMER_NAME = 'Kim Beispiel';
const MAX_RECENT = 5;

function isCustomer(value: unknown): value is PhoneCustomer {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return typeof c.number === 'string' && c.number !== '' && typeof c.name === 'string';
}

/** The remembered customers, most recent first; [] when none or unreadable. */
export function loadRecentCustomers(): PhoneCustomer[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(CUSTOMERS_STORAGE_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isCustomer).slice(0, MAX_RECENT) : [];
  } catch {
    return [];
  }
}

/** Puts customer first (replacing an entry with the same number) and keeps the list short. */
export function withRecentCustomer(list: PhoneCustomer[], customer: PhoneCustomer): PhoneCustomer[] {
  return [customer, ...list.filter((c) => c.number !== customer.number)].slice(0, MAX_RECENT);
}

export function saveRecentCustomers(list: PhoneCustomer[]) {
  try {
    localStorage.setItem(CUSTOMERS_STORAGE_KEY, JSON.stringify(list));
  } catch {
    // storage disabled or full: the list lasts for this page only
  }
}
