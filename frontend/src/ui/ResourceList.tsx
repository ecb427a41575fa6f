import type { ReactNode } from 'react';
import { ErrorAlert } from './ErrorAlert';
import { Spinner } from './Spinner';

/** What ResourceList needs to know of a query (or of several combined). */
export interface QueryState<T> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: T | undefined;
}

interface ResourceListProps<T> {
  query: QueryState<T>;
  isEmpty: (data: T) => boolean;
  /** Shown when there is nothing; a plain text becomes a muted paragraph. */
  empty: ReactNode;
  emptyTestId?: string;
  /** The list itself, rendered only once there is data to show. */
  children: (data: T) => ReactNode;
}

/** The loading / failed / empty / list states every resource list goes through. */
export function ResourceList<T>({ query, isEmpty, empty, emptyTestId, children }: ResourceListProps<T>) {
  if (query.isPending) return <Spinner />;
  if (query.isError || query.data === undefined) return <ErrorAlert error={query.error} />;
  if (isEmpty(query.data)) {
    return typeof empty === 'string' ? (
      <p className="muted" data-testid={emptyTestId}>
        {empty}
      </p>
    ) : (
      <>{empty}</>
    );
  }
  return <>{children(query.data)}</>;
}

/** For lists given as arrays. */
export const noItems = (items: readonly unknown[]) => items.length === 0;
