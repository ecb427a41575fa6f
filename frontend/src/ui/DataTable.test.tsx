import { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import {
  DataTable,
  NO_SELECTION,
  VIRTUALIZE_FROM,
  nextSort,
  orderedColumns,
  type DataColumn,
  type Selection,
  type SortBy,
} from './DataTable';

interface Row {
  id: number;
  name: string;
  city: string;
}

const columns: DataColumn<Row>[] = [
  { id: 'name', label: 'Name', sortable: true, alwaysVisible: true, cell: (r) => r.name },
  { id: 'city', label: 'City', cell: (r) => r.city },
];
const rows: Row[] = [
  { id: 1, name: 'Anna', city: 'Wien' },
  { id: 2, name: 'Bernd', city: 'Graz' },
];

function Harness({ hasMore = false, onLoadMore = () => {} }: { hasMore?: boolean; onLoadMore?: () => void }) {
  const [sort, setSort] = useState<SortBy | null>(null);
  const [selection, setSelection] = useState<Selection>(NO_SELECTION);
  return (
    <>
      <DataTable
        rows={rows}
        columns={columns}
        getRowId={(r) => String(r.id)}
        label="People"
        sort={sort}
        onSortChange={setSort}
        layout={{ order: ['city', 'name'], hidden: [] }}
        selection={selection}
        onSelectionChange={setSelection}
        rowName={(r) => r.name}
        hasMore={hasMore}
        loadingMore={false}
        onLoadMore={onLoadMore}
      />
      <output data-testid="state">{JSON.stringify({ sort, selection })}</output>
    </>
  );
}

describe('DataTable', () => {
  it('toggles a sortable header between ascending and descending', async () => {
    render(<Harness />);
    const user = userEvent.setup();
    const header = screen.getByRole('columnheader', { name: /Name/ });
    expect(header).toHaveAttribute('aria-sort', 'none');
    expect(screen.getByRole('columnheader', { name: 'City' })).not.toHaveAttribute('aria-sort');
    await user.click(screen.getByTestId('sort-name'));
    expect(header).toHaveAttribute('aria-sort', 'ascending');
    await user.click(screen.getByTestId('sort-name'));
    expect(header).toHaveAttribute('aria-sort', 'descending');
    await user.click(screen.getByTestId('sort-name'));
    expect(header).toHaveAttribute('aria-sort', 'ascending');
  });

  it('shows columns in the layout order', () => {
    render(<Harness />);
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['', 'City', 'Name']);
  });

  it('selects rows, then every row matching the filter, then none', async () => {
    render(<Harness hasMore />);
    const user = userEvent.setup();
    await user.click(screen.getByRole('checkbox', { name: 'Select Anna' }));
    expect(screen.getByTestId('state')).toHaveTextContent('"ids":["1"]');
    await user.click(screen.getByTestId('select-all'));
    expect(screen.getByTestId('select-all-bar')).toHaveTextContent('All 2 loaded rows are selected.');
    await user.click(screen.getByTestId('select-all-matching'));
    expect(screen.getByTestId('state')).toHaveTextContent('"allMatching":true');
    expect(screen.getByTestId('select-all-bar')).toHaveTextContent('All rows matching the filter are selected.');
    await user.click(screen.getByRole('button', { name: 'Clear selection' }));
    expect(screen.getByTestId('state')).toHaveTextContent('"ids":[],"allMatching":false');
  });

  it('asks for the next keyset page', async () => {
    const onLoadMore = vi.fn();
    render(<Harness hasMore onLoadMore={onLoadMore} />);
    await userEvent.setup().click(screen.getByTestId('load-more'));
    expect(onLoadMore).toHaveBeenCalled();
  });

  it('renders only the rows in view of a long list', () => {
    const many = Array.from({ length: VIRTUALIZE_FROM + 50 }, (_, i) => ({
      id: i + 1,
      name: `P${i + 1}`,
      city: 'Wien',
    }));
    render(
      <DataTable
        rows={many}
        columns={columns}
        getRowId={(r) => String(r.id)}
        label="People"
        sort={null}
        onSortChange={() => {}}
        layout={{ order: [], hidden: ['city'] }}
        hasMore={false}
        loadingMore={false}
        onLoadMore={() => {}}
        rowTestId={(r) => `row-${r.id}`}
      />,
    );
    const shown = screen.queryAllByTestId(/^row-/);
    expect(shown.length).toBeLessThan(many.length);
    expect(screen.queryByRole('columnheader', { name: 'City' })).not.toBeInTheDocument();
  });

  it('computes the next sort and the column order', () => {
    expect(nextSort(null, 'name')).toEqual({ id: 'name', desc: false });
    expect(nextSort({ id: 'name', desc: false }, 'name')).toEqual({ id: 'name', desc: true });
    expect(nextSort({ id: 'name', desc: true }, 'city')).toEqual({ id: 'city', desc: false });
    expect(orderedColumns(columns, { order: ['gone', 'city'], hidden: [] }).map((c) => c.id)).toEqual(['city', 'name']);
  });
});
