import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import type { ContactRef, Message } from '../api/inbox';

/** The current time, re-read every intervalMs so relative times stay true. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

function startOfDay(t: number): number {
  const d = new Date(t);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/**
 * A list row's time, as chat apps show it: "now", minutes, the time of day
 * today, "yesterday", the weekday within a week, else the date.
 */
export function formatListTime(iso: string, now: number, lng: string, t: TFunction): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const diff = now - at;
  if (diff < 60_000) return t('inbox.time.now');
  if (diff < 60 * 60_000) {
    return new Intl.NumberFormat(lng, { style: 'unit', unit: 'minute', unitDisplay: 'narrow' }).format(
      Math.floor(diff / 60_000),
    );
  }
  const today = startOfDay(now);
  if (at >= today) return new Intl.DateTimeFormat(lng, { hour: '2-digit', minute: '2-digit' }).format(at);
  if (at >= today - 86_400_000) return t('inbox.time.yesterday');
  if (at >= today - 6 * 86_400_000) return new Intl.DateTimeFormat(lng, { weekday: 'short' }).format(at);
  return new Intl.DateTimeFormat(lng, { day: 'numeric', month: 'short' }).format(at);
}

/** Time of day of a message. */
export function formatClock(iso: string, lng: string): string {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? '' : new Intl.DateTimeFormat(lng, { hour: '2-digit', minute: '2-digit' }).format(at);
}

/** The day a group of messages was sent, for the separators in the history. */
export function formatDay(iso: string, now: number, lng: string, t: TFunction): string {
  const at = Date.parse(iso);
  const today = startOfDay(now);
  if (at >= today) return t('inbox.time.today');
  if (at >= today - 86_400_000) return t('inbox.time.yesterday');
  return new Intl.DateTimeFormat(lng, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(at);
}

export function dayKey(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

/** "5 h 12 min" / "12 min" for how long the 24-hour window stays open. */
export function formatRemaining(ms: number, t: TFunction): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const hours = Math.floor(minutes / 60);
  if (hours > 0) return t('inbox.window.hoursMinutes', { hours, minutes: minutes % 60 });
  return t('inbox.window.minutes', { minutes });
}

/** Name to show for a contact: the name, else a number. */
export function contactLabel(contact: ContactRef): string {
  return contact.name?.trim() || contact.whatsapp_number || contact.sms_number || `#${contact.id}`;
}

export function initials(name: string): string {
  const letters = name
    .replace(/^\+/, '')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join('');
  return letters || '?';
}

/** One line of text standing for a message (quotes, notifications). */
export function messageSummary(message: Message, t: TFunction): string {
  const text = message.body?.trim() || message.media?.caption?.trim();
  switch (message.kind) {
    case 'image':
    case 'sticker':
    case 'video':
    case 'audio':
    case 'document':
      return text || message.media?.filename || t(`inbox.kinds.${message.kind}`);
    case 'location':
      return message.location?.name || message.location?.address || t('inbox.kinds.location');
    case 'unsupported':
      return t('inbox.message.unsupported');
    default:
      return text || t(`inbox.kinds.${message.kind}`);
  }
}
