import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import '../i18n';
import { SegmentCount } from './Composer';

describe('SegmentCount', () => {
  it('counts GSM-7 characters and segments live', () => {
    render(<SegmentCount text={'a'.repeat(161)} />);
    expect(screen.getByTestId('sms-segments').textContent).toContain('161');
    expect(screen.getByTestId('sms-segments').textContent).toContain('2 SMS (GSM-7)');
  });

  it('switches to UCS-2 for characters outside GSM-7', () => {
    render(<SegmentCount text={'Grüße 😜'} />);
    expect(screen.getByTestId('sms-segments').textContent).toContain('UCS-2');
  });

  it('warns past 1,600 characters', () => {
    render(<SegmentCount text={'x'.repeat(1601)} />);
    expect(screen.getByTestId('sms-segments').textContent).toContain('1600');
  });
});
