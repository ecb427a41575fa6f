import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../api/types';
import type { ControlProps } from './Field';

interface RoleSelectProps extends Partial<ControlProps> {
  value: Role;
  onChange: (role: Role) => void;
  disabled?: boolean;
  className?: string;
  name?: string;
  'aria-label'?: string;
  'data-testid'?: string;
}

/** A select of the four roles, with their translated names. */
export function RoleSelect({ value, onChange, ...rest }: RoleSelectProps) {
  const { t } = useTranslation();
  return (
    <select {...rest} value={value} onChange={(e) => onChange(e.target.value as Role)}>
      {ROLES.map((role) => (
        <option key={role} value={role}>
          {t(`roles.${role}`)}
        </option>
      ))}
    </select>
  );
}
