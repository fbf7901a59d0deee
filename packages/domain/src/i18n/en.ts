/**
 * The words of the domain in English: statuses, availability, and the sentences the server sends
 * (Atom feeds, watcher emails). ICU MessageFormat: `{name}` is an argument; `'` only quotes when
 * followed by a syntax character, so apostrophes are written as they are. Every other catalogue
 * (`de.ts`, …) has exactly these keys, with the same arguments (checked by `messages.test.ts`).
 */
export const en = {
  'admissionStatus.SEEKING_PARTNERS': 'Seeking partners',
  'admissionStatus.NOT_SEEKING_PARTNERS': 'Not seeking partners',
  'admissionStatus.NO_ADMISSION_REVIEW': 'No admission review required: contact labs for testing',
  'admissionStatus.CLOSED': 'Closed',

  // Badge text: short enough for a table cell, still plain words.
  'admissionStatusShort.SEEKING_PARTNERS': 'Seeking partners',
  'admissionStatusShort.NOT_SEEKING_PARTNERS': 'Not seeking partners',
  'admissionStatusShort.NO_ADMISSION_REVIEW': 'Contact labs',
  'admissionStatusShort.CLOSED': 'Closed',

  // What a vendor should do next, by status: the program page's call to action.
  'admissionStatusNextStep.SEEKING_PARTNERS':
    'This program is seeking partners: vendors that meet the requirements can apply now.',
  'admissionStatusNextStep.NOT_SEEKING_PARTNERS':
    'This program has enough partners for now and is not taking applications. Its status is updated as needs change.',
  'admissionStatusNextStep.NO_ADMISSION_REVIEW':
    'No admission review is needed: contact one of the certification labs to arrange testing.',
  'admissionStatusNextStep.CLOSED': 'This program is closed: it no longer certifies new products and is not taking applications.',

  'listingStatus.LISTED': 'Listed',
  'listingStatus.WITHDRAWN': 'Withdrawn',

  'specAvailability.ON_ADMISSION': 'Available on admission to program',
  'labAvailability.NOT_APPLICABLE': 'Not applicable',
  'labAvailability.COMING_SOON': 'Coming soon',

  'applicationStatus.SUBMITTED': 'Submitted',
  'applicationStatus.IN_REVIEW': 'In review',
  'applicationStatus.INFO_REQUESTED': 'More information requested',
  'applicationStatus.ACCEPTED': 'Accepted: program information shared, terms offered',
  'applicationStatus.ONBOARDED': 'Onboarded: terms signed',
  'applicationStatus.DECLINED': 'Declined',
  'applicationStatus.WITHDRAWN': 'Withdrawn',

  'watchTrigger.STARTS_SEEKING': 'When it starts seeking partners',
  'watchTrigger.ANY_STATUS_CHANGE': 'At any change of its status',
  // The same, inside a sentence of a watcher's email.
  'watchTriggerPhrase.STARTS_SEEKING': 'when it starts seeking partners',
  'watchTriggerPhrase.ANY_STATUS_CHANGE': 'at any change of its status',

  attribution:
    'Program data adapted from the Microsoft docs page "How to Join", and certified products from the programs\' product pages in the same docs (CC BY 4.0).',

  'feed.title': "CertHub: certification programs' status changes",
  'feed.categoryTitle': "CertHub: {category} programs' status changes",
  'feed.description': 'When a certification program starts or stops seeking partners.',
  'feed.entryTitle': '{program}: {status}',
  'feed.statusChanged': '{program} ({category}) went from "{from}" to "{to}".',
  'feed.listed': '{program} ({category}) was listed as "{to}".',

  'watcherEmail.confirmSubject': 'Confirm: news of {program}',
  'watcherEmail.confirmAsked': 'Someone, hopefully you, asked to be told about {program} ({trigger}).',
  'watcherEmail.confirmLink': 'Confirm with this link: {link}',
  'watcherEmail.confirmIgnore': 'If it was not you, ignore this message: nothing more will be sent.',
  'watcherEmail.alreadySubject': 'You are watching {program}',
  'watcherEmail.alreadyAsked':
    'Someone, hopefully you, asked again for news of {program}. You already get it ({trigger}), and nothing has changed.',
  'watcherEmail.alreadyChange': 'To be told of something else, unsubscribe with the link below, then sign up again.',
  'watcherEmail.subject': '{program}: {status}',
  'watcherEmail.statusNow': '{program} is now: {to}.',
  'watcherEmail.statusNowWas': '{program} is now: {to} (it was: {from}).',
  'watcherEmail.seeProgram': 'See the program: {link}',
  'watcherEmail.unsubscribe': 'To stop these messages, one click: {link}',
} as const;

export type DomainMessageKey = keyof typeof en;
export type DomainMessages = Readonly<Record<DomainMessageKey, string>>;
