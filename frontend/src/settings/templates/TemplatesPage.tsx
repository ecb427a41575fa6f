import { useTranslation } from 'react-i18next';
import { SMSTemplates } from './SMSTemplates';
import { WhatsAppTemplates } from './WhatsAppTemplates';
import '../../templates/templates.css';

/** Settings → Templates: WhatsApp templates per channel (synced from the provider) and SMS text templates. */
export function TemplatesPage() {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <div className="section-header">
        <div>
          <h2>{t('templates.title')}</h2>
          <p className="muted">{t('templates.description')}</p>
        </div>
      </div>
      <WhatsAppTemplates />
      <SMSTemplates />
    </div>
  );
}
