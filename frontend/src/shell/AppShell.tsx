import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation } from 'react-router-dom';
import { Menu, X } from 'lucide-react';
import { useSession } from '../auth/session';
import { Logo } from './Logo';
import { UserBar } from './UserBar';
import { navLabelKey, visibleNavItems } from './navigation';

/** The signed-in frame: sidebar navigation, the user bar and the current page. */
export function AppShell() {
  const { t } = useTranslation();
  const me = useSession();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);

  // On narrow screens the menu is a drop-down; close it after navigating.
  useEffect(() => setMenuOpen(false), [location.pathname]);

  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="sidebar-inner">
          <div className="sidebar-top">
            <Logo />
            <button
              type="button"
              className="icon-button menu-toggle"
              aria-expanded={menuOpen}
              aria-controls="main-nav"
              aria-label={menuOpen ? t('nav.closeMenu') : t('nav.openMenu')}
              onClick={() => setMenuOpen((open) => !open)}
            >
              {menuOpen ? <X size={20} /> : <Menu size={20} />}
            </button>
          </div>
          <nav id="main-nav" className={menuOpen ? 'main-nav open' : 'main-nav'} aria-label={t('nav.main')}>
            {visibleNavItems(me).map(({ id, path, icon: Icon }) => (
              <NavLink key={id} to={path} className="nav-link" data-testid={`nav-${id}`}>
                <Icon size={18} aria-hidden="true" />
                <span>{t(navLabelKey(id))}</span>
              </NavLink>
            ))}
          </nav>
        </div>
      </aside>
      <div className="main">
        <UserBar />
        <main className="content" id="content">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
