import { useTranslation } from 'react-i18next';
import { MessagesSquare } from 'lucide-react';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';

export function InboxPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('inbox.title')} />
      <EmptyState
        testId="inbox-empty"
        icon={<MessagesSquare size={28} />}
        title={t('inbox.emptyTitle')}
        description={t('inbox.emptyDescription')}
      />
    </>
  );
}
