import type { DomainMessages } from './en.js';

/** The words of the domain in German (see `en.ts`). Program, category and lab names stay as published. */
export const de: DomainMessages = {
  'admissionStatus.SEEKING_PARTNERS': 'Partner gesucht',
  'admissionStatus.NOT_SEEKING_PARTNERS': 'Keine Partner gesucht',
  'admissionStatus.NO_ADMISSION_REVIEW': 'Keine Aufnahmeprüfung nötig: für Tests an die Labore wenden',
  'admissionStatus.CLOSED': 'Geschlossen',

  'admissionStatusShort.SEEKING_PARTNERS': 'Partner gesucht',
  'admissionStatusShort.NOT_SEEKING_PARTNERS': 'Keine Partner gesucht',
  'admissionStatusShort.NO_ADMISSION_REVIEW': 'Labore kontaktieren',
  'admissionStatusShort.CLOSED': 'Geschlossen',

  'admissionStatusNextStep.SEEKING_PARTNERS':
    'Dieses Programm sucht Partner: Anbieter, die die Anforderungen erfüllen, können sich jetzt bewerben.',
  'admissionStatusNextStep.NOT_SEEKING_PARTNERS':
    'Dieses Programm hat derzeit genug Partner und nimmt keine Bewerbungen an. Sein Status wird aktualisiert, sobald sich der Bedarf ändert.',
  'admissionStatusNextStep.NO_ADMISSION_REVIEW':
    'Eine Aufnahmeprüfung ist nicht nötig: Wenden Sie sich für die Tests an eines der Zertifizierungslabore.',
  'admissionStatusNextStep.CLOSED':
    'Dieses Programm ist geschlossen: Es zertifiziert keine neuen Produkte mehr und nimmt keine Bewerbungen an.',

  'listingStatus.LISTED': 'Gelistet',
  'listingStatus.WITHDRAWN': 'Zurückgezogen',

  'specAvailability.ON_ADMISSION': 'Nach Aufnahme ins Programm erhältlich',
  'labAvailability.NOT_APPLICABLE': 'Entfällt',
  'labAvailability.COMING_SOON': 'Demnächst',

  'applicationStatus.SUBMITTED': 'Eingereicht',
  'applicationStatus.IN_REVIEW': 'In Prüfung',
  'applicationStatus.INFO_REQUESTED': 'Weitere Angaben angefordert',
  'applicationStatus.ACCEPTED': 'Angenommen: Programminformationen geteilt, Bedingungen angeboten',
  'applicationStatus.ONBOARDED': 'Aufgenommen: Bedingungen unterzeichnet',
  'applicationStatus.DECLINED': 'Abgelehnt',
  'applicationStatus.WITHDRAWN': 'Zurückgezogen',

  'watchTrigger.STARTS_SEEKING': 'Sobald es Partner sucht',
  'watchTrigger.ANY_STATUS_CHANGE': 'Bei jeder Änderung seines Status',
  'watchTriggerPhrase.STARTS_SEEKING': 'sobald es Partner sucht',
  'watchTriggerPhrase.ANY_STATUS_CHANGE': 'bei jeder Änderung seines Status',

  attribution:
    'Programmdaten nach der Microsoft-Dokumentationsseite „How to Join“, zertifizierte Produkte nach den Produktseiten der Programme in derselben Dokumentation (CC BY 4.0).',

  'feed.title': 'CertHub: Statusänderungen der Zertifizierungsprogramme',
  'feed.categoryTitle': 'CertHub: Statusänderungen der Programme in {category}',
  'feed.description': 'Wenn ein Zertifizierungsprogramm beginnt oder aufhört, Partner zu suchen.',
  'feed.entryTitle': '{program}: {status}',
  'feed.statusChanged': '{program} ({category}) wechselte von „{from}“ zu „{to}“.',
  'feed.listed': '{program} ({category}) wurde als „{to}“ aufgenommen.',

  'watcherEmail.confirmSubject': 'Bitte bestätigen: Nachrichten zu {program}',
  'watcherEmail.confirmAsked': 'Jemand, hoffentlich Sie, möchte über {program} informiert werden ({trigger}).',
  'watcherEmail.confirmLink': 'Bestätigen Sie mit diesem Link: {link}',
  'watcherEmail.confirmIgnore': 'Waren Sie das nicht, ignorieren Sie diese Nachricht: Es wird nichts weiter gesendet.',
  'watcherEmail.alreadySubject': 'Sie verfolgen {program} bereits',
  'watcherEmail.alreadyAsked':
    'Jemand, hoffentlich Sie, hat erneut um Nachrichten zu {program} gebeten. Sie erhalten sie bereits ({trigger}), es hat sich nichts geändert.',
  'watcherEmail.alreadyChange':
    'Um über etwas anderes informiert zu werden, melden Sie sich mit dem Link unten ab und danach neu an.',
  'watcherEmail.subject': '{program}: {status}',
  'watcherEmail.statusNow': '{program} ist jetzt: {to}.',
  'watcherEmail.statusNowWas': '{program} ist jetzt: {to} (vorher: {from}).',
  'watcherEmail.seeProgram': 'Zum Programm: {link}',
  'watcherEmail.unsubscribe': 'Diese Nachrichten mit einem Klick abbestellen: {link}',
};
