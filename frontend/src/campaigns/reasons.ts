import { useTranslation } from 'react-i18next';

/** A recipient's reason in words: exclusions and common provider codes, else the provider's message. */
export function useReasonText() {
  const { t, i18n } = useTranslation();
  return (reason: string, message: string): string => {
    const exclusion = `campaigns.exclusions.${reason}`;
    if (i18n.exists(exclusion)) return t(exclusion as 'campaigns.title');
    const provider = `campaigns.providerReasons.${reason}`;
    if (i18n.exists(provider)) return t(provider as 'campaigns.title');
    return message ? `${message} (${reason})` : reason;
  };
}
