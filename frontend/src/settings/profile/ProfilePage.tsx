import { useTranslation } from 'react-i18next';
import { useSession } from '../../auth/session';

/** The signed-in user's own details, as /api/me reports them. */
export function ProfilePage() {
  const { t } = useTranslation();
  const me = useSession();
  const rows: [string, string][] = [
    [t('profile.name'), me.user.name],
    [t('profile.email'), me.user.email],
    [t('profile.role'), t(`roles.${me.role}`)],
    [t('profile.account'), me.account.name],
    [t('profile.extension'), me.extension ?? t('common.none')],
  ];
  return (
    <div className="panel">
      <h2>{t('profile.title')}</h2>
      <p className="muted">{t('profile.description')}</p>
      <dl className="details" data-testid="profile">
        {rows.map(([label, value]) => (
          <div key={label} className="details-row">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
