import { useTranslation } from 'react-i18next';
import { LogOut } from 'lucide-react';
import { hasPermissions, useLogout, useSession } from '../auth/session';
import { PresenceSelector } from '../presence/PresenceSelector';
import { LanguageSelect } from './LanguageSelect';

/** Header of the signed-in app: account, user and role, language, sign out. */
export function UserBar() {
  const { t } = useTranslation();
  const me = useSession();
  const logout = useLogout();

  const initials = me.user.name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join('');

  return (
    <header className="userbar">
      <div className="userbar-account">
        <span className="userbar-label">{t('header.account')}</span>
        <span className="userbar-account-name" data-testid="account-name">
          {me.account.name}
        </span>
      </div>
      <div className="userbar-right">
        {hasPermissions(me, 'presence:write') && <PresenceSelector />}
        <LanguageSelect />
        <div className="userbar-user">
          <span className="avatar" aria-hidden="true">
            {initials || '?'}
          </span>
          <span className="userbar-user-text">
            <span className="userbar-user-name" data-testid="user-name">
              {me.user.name}
            </span>
            <span className="userbar-user-role" data-testid="user-role">
              {t(`roles.${me.role}`)}
            </span>
          </span>
        </div>
        <button
          type="button"
          className="button button-ghost"
          data-testid="sign-out"
          disabled={logout.isPending}
          onClick={() => logout.mutate()}
        >
          <LogOut size={16} aria-hidden="true" />
          <span className="sign-out-text">{logout.isPending ? t('header.signingOut') : t('header.signOut')}</span>
        </button>
      </div>
    </header>
  );
}
