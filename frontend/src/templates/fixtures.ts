// Templates as the API lists them, for the unit tests.
import type { WhatsAppTemplate } from '../api/templates';

export const orderUpdate: WhatsAppTemplate = {
  id: 11,
  channel_id: 1,
  provider_id: 'sandbox-order_update-de',
  name: 'order_update',
  language: 'de',
  category: 'UTILITY',
  status: 'APPROVED',
  parameter_format: 'POSITIONAL',
  components: [
    { type: 'BODY', text: 'Hallo {{1}}, Ihre Bestellung {{2}} ist unterwegs.' },
    { type: 'FOOTER', text: 'Switchboard Demo' },
  ],
  variables: [
    { field: 'body.1', component: 'body', name: '1', type: 'text', required: true, example: 'Anna' },
    { field: 'body.2', component: 'body', name: '2', type: 'text', required: true, example: 'A-1042' },
  ],
  synced_at: '2026-05-01T10:00:00Z',
  deleted_at: null,
};

export const appointmentReminder: WhatsAppTemplate = {
  id: 12,
  channel_id: 1,
  provider_id: 'sandbox-appointment_reminder-de',
  name: 'appointment_reminder',
  language: 'de',
  category: 'UTILITY',
  status: 'APPROVED',
  parameter_format: 'NAMED',
  components: [
    { type: 'HEADER', format: 'IMAGE' },
    { type: 'BODY', text: 'Hallo {{first_name}}, wir erinnern an Ihren Termin am {{date}}.' },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'QUICK_REPLY', text: 'Bestätigen' },
        { type: 'QUICK_REPLY', text: 'Absagen' },
      ],
    },
  ],
  variables: [
    { field: 'header', component: 'header', type: 'image', required: true },
    { field: 'body.first_name', component: 'body', name: 'first_name', type: 'text', required: true },
    { field: 'body.date', component: 'body', name: 'date', type: 'text', required: true },
    {
      field: 'buttons.0',
      component: 'button',
      type: 'payload',
      required: false,
      button_index: 0,
      button_text: 'Bestätigen',
    },
    {
      field: 'buttons.1',
      component: 'button',
      type: 'payload',
      required: false,
      button_index: 1,
      button_text: 'Absagen',
    },
  ],
  synced_at: '2026-05-01T10:00:00Z',
  deleted_at: null,
};
