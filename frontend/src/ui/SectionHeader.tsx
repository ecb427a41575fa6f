import type { ReactNode } from 'react';

interface SectionHeaderProps {
  title: string;
  description?: string;
  /** The heading level; settings sections use h2, their subsections h3. */
  level?: 'h2' | 'h3';
  titleId?: string;
  /** The section's main action, e.g. "New label". */
  action?: ReactNode;
}

/** Title row of a section: its heading, a one-line description and the section's action. */
export function SectionHeader({ title, description, level = 'h2', titleId, action }: SectionHeaderProps) {
  const Heading = level;
  return (
    <div className="section-header">
      <div>
        <Heading id={titleId}>{title}</Heading>
        {description && <p className="muted">{description}</p>}
      </div>
      {action}
    </div>
  );
}
