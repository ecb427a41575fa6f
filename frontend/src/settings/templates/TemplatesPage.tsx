import { useTranslation } from 'react-i18next';
import { SectionHeader } from '../../ui/SectionHeader';
import { SMSTemplates } from './SMSTemplates';
import { WhatsAppTemplates } from './WhatsAppTemplates';
import '../../templates/templates.css';

/** Settings → Templates: WhatsApp templates per channel (synced from the provider) and SMS text templates. */
export function TemplatesPage() {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <SectionHeader title={t('templates.title')} description={t('templates.description')} />
      <WhatsAppTemplates />
      <SMSTemplates />
    </div>
  );
}
