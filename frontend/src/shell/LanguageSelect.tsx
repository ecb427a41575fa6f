import { useTranslation } from 'react-i18next';
import { Languages } from 'lucide-react';
import { LANGUAGES, currentLanguage, setLanguage, type Language } from '../i18n';

/** English/German switch; the choice is kept in this browser. */
export function LanguageSelect() {
  const { t } = useTranslation();
  return (
    <label className="language-select">
      <Languages size={16} aria-hidden="true" />
      <span className="visually-hidden">{t('header.language')}</span>
      <select
        data-testid="language-select"
        value={currentLanguage()}
        onChange={(e) => void setLanguage(e.target.value as Language)}
      >
        {LANGUAGES.map((lng) => (
          <option key={lng} value={lng} lang={lng}>
            {t(`languages.${lng}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
