import { useTranslation } from 'react-i18next';
import { Megaphone } from 'lucide-react';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';

export function CampaignsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('campaigns.title')} />
      <EmptyState
        testId="campaigns-empty"
        icon={<Megaphone size={28} />}
        title={t('campaigns.emptyTitle')}
        description={t('campaigns.emptyDescription')}
      />
    </>
  );
}
