import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { EmptyState } from '../ui/EmptyState';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <EmptyState title={t('notFound.title')} description={t('notFound.description')}>
      <Link to="/" className="button">
        {t('notFound.back')}
      </Link>
    </EmptyState>
  );
}
