import { useTranslation } from 'react-i18next';
import { ChartColumn } from 'lucide-react';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';

export function StatsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('stats.title')} />
      <EmptyState
        testId="stats-empty"
        icon={<ChartColumn size={28} />}
        title={t('stats.emptyTitle')}
        description={t('stats.emptyDescription')}
      />
    </>
  );
}
