import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router-dom';
import {
  BookUser,
  FileText,
  KeyRound,
  ListOrdered,
  MessageSquareText,
  RadioTower,
  ShieldCheck,
  Tags,
  UserRound,
  Users,
} from 'lucide-react';
import type { LucideIcon } from 'lucide-react';
import { useSession } from '../auth/session';
import { PageHeader } from '../ui/PageHeader';

interface Section {
  id:
    | 'profile'
    | 'users'
    | 'tokens'
    | 'channels'
    | 'queues'
    | 'canned'
    | 'labels'
    | 'templates'
    | 'contactFields'
    | 'consent';
  icon: LucideIcon;
  /** Needed to see the section; undefined means everyone. */
  permission?: string;
}

export const SETTINGS_SECTIONS: Section[] = [
  { id: 'profile', icon: UserRound },
  { id: 'users', icon: Users, permission: 'users:read' },
  { id: 'tokens', icon: KeyRound, permission: 'tokens:read' },
  { id: 'channels', icon: RadioTower, permission: 'channels:write' },
  { id: 'queues', icon: ListOrdered, permission: 'queues:read' },
  { id: 'canned', icon: MessageSquareText, permission: 'canned:read' },
  { id: 'labels', icon: Tags, permission: 'labels:read' },
  { id: 'templates', icon: FileText, permission: 'templates:read' },
  { id: 'contactFields', icon: BookUser, permission: 'settings:write' },
  { id: 'consent', icon: ShieldCheck, permission: 'settings:write' },
];

/** Settings frame: a sub-navigation of the sections the user may open. */
export function SettingsLayout() {
  const { t } = useTranslation();
  const me = useSession();
  const sections = SETTINGS_SECTIONS.filter((s) => !s.permission || me.permissions.includes(s.permission));
  return (
    <>
      <PageHeader title={t('settings.title')} />
      <div className="settings">
        <nav className="settings-nav" aria-label={t('settings.sections')}>
          {sections.map(({ id, icon: Icon }) => (
            <NavLink key={id} to={`/settings/${id}`} className="settings-nav-link" data-testid={`settings-nav-${id}`}>
              <Icon size={16} aria-hidden="true" />
              <span>
                {id === 'queues'
                  ? t('routing.nav')
                  : id === 'channels' ||
                      id === 'canned' ||
                      id === 'labels' ||
                      id === 'templates' ||
                      id === 'contactFields'
                    ? t(`${id}.nav`)
                    : id === 'consent'
                      ? t('consentSettings.nav')
                      : t(`settings.${id}`)}
              </span>
            </NavLink>
          ))}
        </nav>
        <section className="settings-body">
          <Outlet />
        </section>
      </div>
    </>
  );
}
