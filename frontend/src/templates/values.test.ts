import { describe, expect, it } from 'vitest';
import { appointmentReminder, orderUpdate } from './fixtures';
import { emptyValues, preview, previewText, toParameters } from './values';

describe('template values', () => {
  it('sends positional values as a list in placeholder order', () => {
    const values = { ...emptyValues(orderUpdate), 'body.2': 'A-1042', 'body.1': 'Anna' };
    expect(toParameters(orderUpdate, values)).toEqual({ body: ['Anna', 'A-1042'] });
  });

  it('keeps empty values in their place so the server names them', () => {
    expect(toParameters(orderUpdate, { 'body.1': '', 'body.2': 'A-1042' })).toEqual({ body: ['', 'A-1042'] });
  });

  it('sends named values by name, the header media link and button payloads by position', () => {
    const values = {
      header: ' https://example.com/termin.jpg ',
      'body.first_name': 'Anna',
      'body.date': '12. Mai',
      'buttons.0': '',
      'buttons.1': 'CANCEL',
    };
    expect(toParameters(appointmentReminder, values)).toEqual({
      header: { type: 'image', link: 'https://example.com/termin.jpg' },
      body: { first_name: 'Anna', date: '12. Mai' },
      buttons: ['', 'CANCEL'],
    });
  });

  it('leaves an empty header out', () => {
    expect(toParameters(appointmentReminder, emptyValues(appointmentReminder)).header).toBeUndefined();
  });

  it('previews the message with the values, unfilled placeholders kept visible', () => {
    const p = preview(orderUpdate, { 'body.1': 'Anna', 'body.2': '' });
    expect(previewText(p)).toBe('Hallo Anna, Ihre Bestellung {{2}} ist unterwegs.\n\nSwitchboard Demo');
    expect(p.body.filter((part) => part.variable).map((part) => part.filled)).toEqual([true, false]);
  });

  it('previews the header media and the buttons', () => {
    const p = preview(appointmentReminder, { header: 'https://example.com/t.jpg' });
    expect(p.media).toEqual({ type: 'image', link: 'https://example.com/t.jpg' });
    expect(p.buttons).toEqual(['Bestätigen', 'Absagen']);
  });
});
