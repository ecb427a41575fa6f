import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ShieldAlert } from 'lucide-react';
import type { Permission } from '../api/types';
import { EmptyState } from '../ui/EmptyState';
import { useSession } from './session';

interface RequirePermissionProps {
  /** Needed to see the page; with a list, any one of them will do. */
  permission: Permission | Permission[];
  children: ReactNode;
}

/** Renders its children only for users holding the permission. */
export function RequirePermission({ permission, children }: RequirePermissionProps) {
  const { t } = useTranslation();
  const me = useSession();
  const anyOf = Array.isArray(permission) ? permission : [permission];
  if (anyOf.length > 0 && !anyOf.some((p) => me.permissions.includes(p))) {
    return (
      <EmptyState
        testId="no-access"
        icon={<ShieldAlert size={28} />}
        title={t('noAccess.title')}
        description={t('noAccess.description')}
      />
    );
  }
  return <>{children}</>;
}
