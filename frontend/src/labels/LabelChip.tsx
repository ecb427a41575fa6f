import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { X } from 'lucide-react';
import type { LabelRef } from '../api/desk';
import { textColorOn } from './colors';
import './labels.css';

interface LabelChipProps {
  label: LabelRef;
  /** Shows a × that calls this. */
  onRemove?: () => void;
  removing?: boolean;
  small?: boolean;
}

/** A label in its colour. */
export function LabelChip({ label, onRemove, removing, small }: LabelChipProps) {
  const { t } = useTranslation();
  const style = { '--label-bg': label.color, '--label-fg': textColorOn(label.color) } as CSSProperties;
  return (
    <span
      className={small ? 'label-chip label-chip-small' : 'label-chip'}
      style={style}
      data-testid="label-chip"
      data-label-id={label.id}
    >
      <span className="label-chip-name">{label.name}</span>
      {onRemove && (
        <button
          type="button"
          className="label-chip-remove"
          aria-label={t('labels.remove', { name: label.name })}
          title={t('labels.remove', { name: label.name })}
          disabled={removing}
          data-testid="label-remove"
          onClick={onRemove}
        >
          <X size={12} aria-hidden="true" />
        </button>
      )}
    </span>
  );
}

/** A colour sample, for lists and pickers. */
export function LabelSwatch({ color }: { color: string }) {
  return <span className="label-swatch" style={{ background: color }} aria-hidden="true" />;
}
