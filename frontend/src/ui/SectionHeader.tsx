import type { ReactNode } from 'react';

interface SectionHeaderProps {
  /** The heading's content: usually a text, sometimes with a badge. */
  title: ReactNode;
  description?: ReactNode;
  /** The heading level; settings sections use h2, their subsections h3. */
  level?: 'h2' | 'h3';
  titleId?: string;
  /** The section's main action, e.g. "New label". */
  action?: ReactNode;
  descriptionTestId?: string;
}

/** Title row of a section: its heading, a one-line description and the section's action. */
export function SectionHeader({
  title,
  description,
  level = 'h2',
  titleId,
  action,
  descriptionTestId,
}: SectionHeaderProps) {
  const Heading = level;
  return (
    <div className="section-header">
      <div>
        <Heading id={titleId}>{title}</Heading>
        {description && (
          <p className="muted" data-testid={descriptionTestId}>
            {description}
          </p>
        )}
      </div>
      {action}
    </div>
  );
}
