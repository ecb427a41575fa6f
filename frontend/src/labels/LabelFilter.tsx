import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ID } from '../api/types';
import { useCan } from '../auth/session';
import { useLabels } from './queries';

interface LabelFilterProps {
  value: ID | null;
  onChange: (labelId: ID | null) => void;
}

/** A compact select that narrows the conversation list to one label. */
export function LabelFilter({ value, onChange }: LabelFilterProps) {
  const { t } = useTranslation();
  const id = useId();
  const canRead = useCan('labels:read');
  const labels = useLabels(canRead);
  if (!canRead) return null;
  // A label that was deleted meanwhile still shows as chosen until changed.
  const known = value === null || labels.data?.some((l) => l.id === value);
  return (
    <>
      <label className="visually-hidden" htmlFor={id}>
        {t('labels.filter')}
      </label>
      <select
        id={id}
        className="select-compact"
        data-testid="label-filter"
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)}
      >
        <option value="">{t('labels.allLabels')}</option>
        {!known && <option value={value ?? ''}>{t('labels.unknown')}</option>}
        {labels.data?.map((label) => (
          <option key={label.id} value={label.id}>
            {label.name}
          </option>
        ))}
      </select>
    </>
  );
}
