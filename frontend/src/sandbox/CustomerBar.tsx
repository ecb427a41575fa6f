import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { History, UserPlus } from 'lucide-react';
import type { PhoneCustomer } from './customers';

interface CustomerBarProps {
  number: string;
  name: string;
  recent: PhoneCustomer[];
  errors: { number?: string; name?: string };
  onNumber: (number: string) => void;
  onName: (name: string) => void;
  onPick: (customer: PhoneCustomer) => void;
  onNewCustomer: () => void;
}

/** Who the phone is: the customer's number and profile name, and recently played customers. */
export function CustomerBar({
  number,
  name,
  recent,
  errors,
  onNumber,
  onName,
  onPick,
  onNewCustomer,
}: CustomerBarProps) {
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);

  return (
    <div className="phone-customer">
      <div className="phone-customer-row">
        <div className="phone-field phone-customer-number">
          <label htmlFor={`${id}-number`}>{t('sandbox.customer.number')}</label>
          <input
            id={`${id}-number`}
            data-testid="phone-number"
            type="tel"
            inputMode="tel"
            autoComplete="off"
            spellCheck={false}
            placeholder="+4915112345678"
            value={number}
            aria-invalid={errors.number ? true : undefined}
            aria-describedby={errors.number ? `${id}-number-error` : undefined}
            onChange={(e) => onNumber(e.target.value)}
          />
        </div>
        <div className="phone-field phone-customer-name">
          <label htmlFor={`${id}-name`}>{t('sandbox.customer.name')}</label>
          <input
            id={`${id}-name`}
            data-testid="phone-name"
            autoComplete="off"
            placeholder={t('sandbox.customer.namePlaceholder')}
            value={name}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? `${id}-name-error` : undefined}
            onChange={(e) => onName(e.target.value)}
          />
        </div>
        <button
          type="button"
          className="phone-icon-button phone-customer-toggle"
          aria-expanded={open}
          aria-controls={`${id}-recent`}
          aria-label={t('sandbox.customer.switch')}
          title={t('sandbox.customer.switch')}
          data-testid="phone-customers"
          onClick={() => setOpen((o) => !o)}
        >
          <History size={18} />
        </button>
      </div>
      {errors.number && (
        <p className="phone-field-error" id={`${id}-number-error`}>
          {errors.number}
        </p>
      )}
      {errors.name && (
        <p className="phone-field-error" id={`${id}-name-error`}>
          {errors.name}
        </p>
      )}
      {open && (
        <ul className="phone-recent" id={`${id}-recent`} aria-label={t('sandbox.customer.recent')}>
          {recent.map((customer) => (
            <li key={customer.number}>
              <button
                type="button"
                className="phone-recent-item"
                aria-current={customer.number === number ? true : undefined}
                onClick={() => {
                  onPick(customer);
                  setOpen(false);
                }}
              >
                <span className="phone-avatar phone-avatar-small" aria-hidden="true">
                  {(customer.name || '#').slice(0, 1).toUpperCase()}
                </span>
                <span className="phone-recent-text">
                  <span className="phone-recent-name">{customer.name || customer.number}</span>
                  <span className="phone-recent-number">{customer.number}</span>
                </span>
              </button>
            </li>
          ))}
          <li>
            <button
              type="button"
              className="phone-recent-item"
              data-testid="phone-new-customer"
              onClick={() => {
                onNewCustomer();
                setOpen(false);
              }}
            >
              <span className="phone-avatar phone-avatar-small phone-avatar-new" aria-hidden="true">
                <UserPlus size={14} />
              </span>
              <span className="phone-recent-text">
                <span className="phone-recent-name">{t('sandbox.customer.new')}</span>
                <span className="phone-recent-number">{t('sandbox.customer.newHint')}</span>
              </span>
            </button>
          </li>
        </ul>
      )}
    </div>
  );
}
