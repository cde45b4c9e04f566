/** A search's label: a ticket number and a free-text note, both optional, bounded so a list stays readable. */

export const LABEL_TICKET_MAX = 64;
export const LABEL_NOTE_MAX = 500;

/** Trims both parts; null when nothing is left (the label is removed). */
export function normaliseLabel(l: { ticket: string; note: string }): { ticket: string; note: string } | null {
  const ticket = l.ticket.trim();
  const note = l.note.trim();
  return ticket === '' && note === '' ? null : { ticket, note };
}
