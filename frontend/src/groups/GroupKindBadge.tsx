import { useTranslation } from 'react-i18next';
import type { GroupKind } from '../api/groups';
import './groups.css';

/** SMS, WhatsApp or Multichannel: shown wherever a group appears. */
export function GroupKindBadge({ kind }: { kind: GroupKind }) {
  const { t } = useTranslation();
  return (
    <span className={`badge group-kind group-kind-${kind}`} data-testid="group-kind" data-kind={kind}>
      {t(`groups.kinds.${kind}`)}
    </span>
  );
}
