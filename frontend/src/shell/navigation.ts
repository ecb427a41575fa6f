import type { LucideIcon } from 'lucide-react';
import {
  BookUser,
  ChartColumn,
  Headset,
  Inbox,
  Megaphone,
  Settings,
  ShieldCheck,
  Smartphone,
  UsersRound,
} from 'lucide-react';
import type { Me } from '../api/types';

export interface NavItem {
  id: 'inbox' | 'supervisor' | 'contacts' | 'groups' | 'consents' | 'campaigns' | 'stats' | 'sandbox' | 'settings';
  path: string;
  icon: LucideIcon;
  /** Shown when the user holds any of these; empty means everyone. */
  anyOf: string[];
}

/** The main sections, in menu order. */
export const NAV_ITEMS: NavItem[] = [
  { id: 'inbox', path: '/inbox', icon: Inbox, anyOf: ['conversations:read'] },
  { id: 'supervisor', path: '/supervisor', icon: Headset, anyOf: ['conversations:supervise'] },
  { id: 'contacts', path: '/contacts', icon: BookUser, anyOf: ['contacts:read'] },
  { id: 'groups', path: '/groups', icon: UsersRound, anyOf: ['groups:read'] },
  { id: 'consents', path: '/consents', icon: ShieldCheck, anyOf: ['consent:read'] },
  { id: 'campaigns', path: '/campaigns', icon: Megaphone, anyOf: ['campaigns:read'] },
  { id: 'stats', path: '/stats', icon: ChartColumn, anyOf: ['stats:read', 'stats:campaigns'] },
  { id: 'sandbox', path: '/sandbox', icon: Smartphone, anyOf: ['sandbox:use'] },
  { id: 'settings', path: '/settings', icon: Settings, anyOf: [] },
];

/** The translation key of an item's menu label (features keep theirs in their own section). */
export function navLabelKey(id: NavItem['id']) {
  if (id === 'sandbox' || id === 'supervisor') return `${id}.nav` as const;
  return `nav.${id}` as const;
}

export function visibleNavItems(me: Me): NavItem[] {
  return NAV_ITEMS.filter((item) => item.anyOf.length === 0 || item.anyOf.some((p) => me.permissions.includes(p)));
}

/** The page a user lands on: the first section their role may open. */
export function homePath(me: Me): string {
  return visibleNavItems(me)[0]?.path ?? '/settings';
}
