import { useTranslation } from 'react-i18next';

/** The product mark: a switchboard of two crossed lines and the name. */
export function Logo({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className="logo">
      <svg className="logo-mark" width="28" height="28" viewBox="0 0 28 28" aria-hidden="true">
        <rect width="28" height="28" rx="7" fill="currentColor" />
        <path
          d="M8 9h5l2 5 2 5h3M8 19h5l4-10h3"
          stroke="#fff"
          strokeWidth="2"
          fill="none"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      {!compact && <span className="logo-name">{t('app.name')}</span>}
    </span>
  );
}
