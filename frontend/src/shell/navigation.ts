import type { LucideIcon } from 'lucide-react';
import { BookUser, ChartColumn, Inbox, Megaphone, Settings } from 'lucide-react';
import type { Me } from '../api/types';

export interface NavItem {
  id: 'inbox' | 'contacts' | 'campaigns' | 'stats' | 'settings';
  path: string;
  icon: LucideIcon;
  /** Shown when the user holds any of these; empty means everyone. */
  anyOf: string[];
}

/** The main sections, in menu order. */
export const NAV_ITEMS: NavItem[] = [
  { id: 'inbox', path: '/inbox', icon: Inbox, anyOf: ['conversations:read'] },
  { id: 'contacts', path: '/contacts', icon: BookUser, anyOf: ['contacts:read'] },
  { id: 'campaigns', path: '/campaigns', icon: Megaphone, anyOf: ['campaigns:read'] },
  { id: 'stats', path: '/stats', icon: ChartColumn, anyOf: ['stats:read', 'stats:campaigns'] },
  { id: 'settings', path: '/settings', icon: Settings, anyOf: [] },
];

export function visibleNavItems(me: Me): NavItem[] {
  return NAV_ITEMS.filter((item) => item.anyOf.length === 0 || item.anyOf.some((p) => me.permissions.includes(p)));
}

/** The page a user lands on: the first section their role may open. */
export function homePath(me: Me): string {
  return visibleNavItems(me)[0]?.path ?? '/settings';
}
