import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UserPlus } from 'lucide-react';
import type { User } from '../../api/types';
import { useCan, useSession } from '../../auth/session';
import { Alert } from '../../ui/Alert';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ResourceList, noItems } from '../../ui/ResourceList';
import { RoleSelect } from '../../ui/RoleSelect';
import { SectionHeader } from '../../ui/SectionHeader';
import { CreateUserForm } from './CreateUserForm';
import { useUpdateUser, useUsers } from './queries';

/** Settings → Users: the account's users, their roles and whether they may sign in. */
export function UsersPage() {
  const { t } = useTranslation();
  const me = useSession();
  const canWrite = useCan('users:write');
  const users = useUsers();
  const update = useUpdateUser();
  const [creating, setCreating] = useState(false);
  const [createdName, setCreatedName] = useState<string | null>(null);

  const rows = users.data?.pages.flatMap((page) => page.items) ?? [];
  const pendingId = update.isPending ? update.variables?.id : undefined;

  function onCreated(user: User) {
    setCreating(false);
    setCreatedName(user.name);
  }

  return (
    <div className="stack">
      <SectionHeader
        title={t('users.title')}
        description={t('users.description')}
        action={
          canWrite &&
          !creating && (
            <button
              type="button"
              className="button button-primary"
              data-testid="new-user"
              onClick={() => {
                setCreatedName(null);
                setCreating(true);
              }}
            >
              <UserPlus size={16} aria-hidden="true" />
              {t('users.create')}
            </button>
          )
        }
      />

      {createdName && (
        <Alert tone="success" testId="user-created">
          {t('users.created', { name: createdName })}
        </Alert>
      )}
      {creating && <CreateUserForm onCreated={onCreated} onCancel={() => setCreating(false)} />}
      <ErrorAlert error={update.error} testId="update-user-error" />

      <ResourceList
        query={{ isPending: users.isPending, isError: users.isError, error: users.error, data: rows }}
        isEmpty={noItems}
        empty={t('users.empty')}
      >
        {(items) => (
          <div className="table-wrap">
            <table className="table table-cards" data-testid="users-table">
              <thead>
                <tr>
                  <th scope="col">{t('users.columns.user')}</th>
                  <th scope="col">{t('users.columns.role')}</th>
                  <th scope="col">{t('users.columns.extension')}</th>
                  <th scope="col">{t('users.columns.status')}</th>
                  {canWrite && (
                    <th scope="col">
                      <span className="visually-hidden">{t('common.actions')}</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {items.map((user) => {
                  const self = user.id === me.user.id;
                  const pending = pendingId === user.id;
                  const shownRole = pending && update.variables?.change.role ? update.variables.change.role : user.role;
                  return (
                    <tr key={user.id} data-testid={`user-row-${user.email}`} className={user.active ? '' : 'row-muted'}>
                      <td className="cell-user">
                        <span className="cell-strong">
                          {user.name}
                          {self && <span className="muted"> ({t('common.you')})</span>}
                        </span>
                        <span className="cell-secondary">{user.email}</span>
                      </td>
                      <td data-label={t('users.columns.role')}>
                        {canWrite && !self ? (
                          <RoleSelect
                            className="select-compact"
                            aria-label={t('users.roleOf', { name: user.name })}
                            data-testid="user-role-select"
                            value={shownRole}
                            disabled={pending}
                            onChange={(role) => update.mutate({ id: user.id, change: { role } })}
                          />
                        ) : (
                          t(`roles.${user.role}`)
                        )}
                      </td>
                      <td data-label={t('users.columns.extension')}>
                        {user.extension ?? (
                          <span className="muted">
                            <span aria-hidden="true">—</span>
                            <span className="visually-hidden">{t('common.none')}</span>
                          </span>
                        )}
                      </td>
                      <td data-label={t('users.columns.status')}>
                        <span className={user.active ? 'badge badge-success' : 'badge'}>
                          {user.active ? t('users.active') : t('users.inactive')}
                        </span>
                      </td>
                      {canWrite && (
                        <td className="cell-actions">
                          {!self && (
                            <button
                              type="button"
                              className="button button-small"
                              disabled={pending}
                              data-testid={user.active ? 'user-deactivate' : 'user-reactivate'}
                              onClick={() => update.mutate({ id: user.id, change: { active: !user.active } })}
                            >
                              {user.active ? t('users.deactivate') : t('users.reactivate')}
                            </button>
                          )}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </ResourceList>
      {users.hasNextPage && (
        <div>
          <button
            type="button"
            className="button"
            disabled={users.isFetchingNextPage}
            onClick={() => void users.fetchNextPage()}
          >
            {t('common.loadMore')}
          </button>
        </div>
      )}
    </div>
  );
}
