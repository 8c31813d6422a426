import { hi, type ZonedCalendar } from '../core/zonedTime.ts';
import { onCalcomPage, type StepAction } from '../core/vocabulary.ts';
import type { Answer } from './bookingSystem.ts';

/** The German sentence the voice agent says for an answer, as the app's prompts phrase it. */
export function agentSentence(
  answer: Answer,
  slotMs: number,
  calendar: ZonedCalendar,
  action: StepAction,
  conflictReply: 'alternatives' | 'generic-error',
): string {
  const time = (ms: number) => hi(calendar.toLocal(ms));
  const offer = answer.alternatives.length
    ? ` Ich kann Ihnen ${answer.alternatives.map((a) => time(a.slotMs)).join(' oder ')} Uhr anbieten.`
    : '';
  switch (answer.outcome) {
    case 'available':
      return `Ja, ${time(slotMs)} Uhr ist noch frei.`;
    case 'unavailable':
      return action === 'create_booking'
        ? `${time(slotMs)} ist leider schon vergeben.${offer}`
        : `${time(slotMs)} ist leider nicht verfügbar.${offer}`;
    case 'booked':
      if (action === 'external_reschedule') return '(verschoben auf der Cal.com-Seite)';
      if (action === 'reschedule_booking') return `Ihr Termin wurde auf ${time(slotMs)} Uhr umgebucht.`;
      return onCalcomPage(action) ? '(gebucht auf der Cal.com-Seite)' : `Ihr Termin um ${time(slotMs)} Uhr ist gebucht.`;
    case 'conflict':
      if (onCalcomPage(action)) return '(auf der Cal.com-Seite abgelehnt)';
      if (action === 'reschedule_booking') return 'Der Termin konnte nicht umgebucht werden. Bitte versuchen Sie es später erneut.';
      return conflictReply === 'generic-error'
        ? 'Es ist ein unerwarteter Fehler aufgetreten. Wir rufen Sie zurück.'
        : `${time(slotMs)} ist leider gerade vergeben worden.${offer}`;
    case 'error':
      return 'Es ist ein unerwarteter Fehler aufgetreten.';
    case 'cancelled':
      return onCalcomPage(action) ? '(storniert auf der Cal.com-Seite)' : `Ihr Termin um ${time(slotMs)} Uhr ist storniert.`;
  }
}
