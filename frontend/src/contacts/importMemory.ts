// The running import is remembered in the browser, so that leaving the page
// and coming back shows its progress again.

import type { ID } from '../api/types';

const key = (userId: ID) => `switchboard.contacts.import.${userId}`;

/** The import the user last started here, until they close its result. */
export function rememberedImport(userId: ID): ID | null {
  try {
    const value = Number(localStorage.getItem(key(userId)));
    return Number.isInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

export function rememberImport(userId: ID, id: ID | null) {
  try {
    if (id === null) localStorage.removeItem(key(userId));
    else localStorage.setItem(key(userId), String(id));
  } catch {
    // Private mode without storage: progress is shown only while the page stays.
  }
}
