import { useTranslation } from 'react-i18next';
import { BookUser } from 'lucide-react';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';

export function ContactsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('contacts.title')} />
      <EmptyState
        testId="contacts-empty"
        icon={<BookUser size={28} />}
        title={t('contacts.emptyTitle')}
        description={t('contacts.emptyDescription')}
      />
    </>
  );
}
