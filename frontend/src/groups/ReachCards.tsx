import { useTranslation } from 'react-i18next';
import type { GroupKind, GroupReach } from '../api/groups';

type Block = 'A' | 'B' | 'C' | 'D';

/** Which of the seed's blocks a group of this kind shows. */
export function blocksFor(kind: GroupKind): Block[] {
  if (kind === 'sms') return ['A', 'B'];
  if (kind === 'whatsapp') return ['A', 'C'];
  return ['A', 'B', 'C', 'D'];
}

const FIGURES: Record<Block, (keyof GroupReach)[]> = {
  A: ['members'],
  B: ['sms_reachable'],
  C: ['whatsapp_registered', 'whatsapp_with_number', 'whatsapp_reachable'],
  D: ['both_with_numbers', 'both_reachable'],
};

/** The group's reach as figure cards: A members, B SMS, C WhatsApp, D both channels. */
export function ReachCards({ kind, reach }: { kind: GroupKind; reach: GroupReach }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.resolvedLanguage ?? 'en');
  return (
    <div className="reach-cards" data-testid="reach-cards">
      {blocksFor(kind).map((block) => (
        <section
          key={block}
          className="reach-card"
          data-testid={`reach-block-${block}`}
          aria-labelledby={`reach-${block}`}
        >
          <h2 id={`reach-${block}`} className="reach-card-title">
            <span className="reach-card-letter" aria-hidden="true">
              {block}
            </span>
            {t(`groups.blocks.${block}`)}
          </h2>
          <dl className="reach-figures">
            {FIGURES[block].map((key) => (
              <div key={key} className="reach-figure" data-testid={`reach-${key}`}>
                <dd>{number.format(reach[key])}</dd>
                <dt>{t(`groups.reach.${key}`)}</dt>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </div>
  );
}
