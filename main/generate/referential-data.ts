/**
 * The wording of the demo referential: 20 determinants and the item specs of each channel, in
 * French and English. Pure data; `referential.ts` numbers the items (TEL-01…), gives them weights
 * and source labels, and derives the 2023 variant. Order matters: codes follow it, and the first two
 * email items are the headline items MEL-01 and MEL-02 that `shared/headline.ts` names.
 */
import type { ChannelCode, StepCode } from '../../shared/domain.js';

export const DETERMINANTS = [
  { code: 'accessibilite', fr: 'Accessibilité', en: 'Accessibility' },
  { code: 'reactivite', fr: 'Réactivité', en: 'Responsiveness' },
  { code: 'courtoisie', fr: 'Courtoisie', en: 'Courtesy' },
  { code: 'personnalisation', fr: 'Personnalisation', en: 'Personalisation' },
  { code: 'temps-attente', fr: "Temps d'attente", en: 'Waiting time' },
  { code: 'transfert', fr: 'Efficacité du transfert', en: 'Transfer effectiveness' },
  { code: 'reclamations', fr: 'Traitement des réclamations', en: 'Complaint handling' },
  { code: 'clarte', fr: "Clarté de l'information", en: 'Clarity of information' },
  { code: 'fiabilite', fr: 'Fiabilité de la réponse', en: 'Reliability of the answer' },
  { code: 'ecoute', fr: 'Écoute et compréhension de la demande', en: 'Listening and understanding' },
  { code: 'orientation', fr: "Qualité de l'orientation", en: 'Quality of guidance' },
  { code: 'horaires', fr: "Amplitude et information sur les horaires", en: 'Opening hours' },
  { code: 'lisibilite', fr: 'Lisibilité des supports', en: 'Readability of documents' },
  { code: 'ergonomie', fr: 'Ergonomie des services numériques', en: 'Usability of digital services' },
  { code: 'confort', fr: "Confort de l'accueil", en: 'Comfort of the premises' },
  { code: 'signaletique', fr: 'Signalétique', en: 'Signage' },
  { code: 'confidentialite', fr: 'Confidentialité', en: 'Confidentiality' },
  { code: 'suivi', fr: 'Suivi de la demande', en: 'Follow-up of the request' },
  { code: 'completude', fr: 'Complétude de la réponse', en: 'Completeness of the answer' },
  { code: 'image', fr: 'Professionnalisme et image', en: 'Professionalism and image' },
] as const;
export type DeterminantCode = (typeof DETERMINANTS)[number]['code'];

/** Unit of a raw measure; durations are written only for minute items. */
export type MeasureUnit = 'sonneries' | 'minutes' | 'heures' | 'jours' | 'secondes' | 'clics' | 'pourcent' | 'publications' | 'heures-par-jour' | 'heures-par-semaine';

export interface SpecOptions {
  readonly type?: 'seuil-max' | 'seuil-min';
  readonly threshold?: number;
  readonly unit?: MeasureUnit;
  /** Probability that the item does not apply in an audit (e.g. no transfer happened). */
  readonly na?: number;
}

export type ItemSpec = readonly [fr: string, en: string, step: 'A' | 'I' | 'T', determinant: DeterminantCode, options?: SpecOptions];

export const STEP_OF: Readonly<Record<ItemSpec[2], StepCode>> = { A: 'acces', I: 'information', T: 'traitement' };

/** Prefix of item codes per channel. */
export const CHANNEL_PREFIX: Readonly<Record<ChannelCode, string>> = {
  telephone: 'TEL',
  email: 'MEL',
  courrier: 'COU',
  'site-web': 'WEB',
  'reseaux-sociaux': 'RS',
  visite: 'VIS',
};

/** Items every channel carries (processing of the request), written once. */
const COMMON: readonly ItemSpec[] = [
  ['La réponse apportée est exacte', 'The answer given is accurate', 'T', 'fiabilite'],
  ['La réponse est conforme à la réglementation en vigueur', 'The answer complies with current regulations', 'T', 'fiabilite'],
  ['La réponse traite toutes les questions posées', 'The answer covers every question asked', 'T', 'completude'],
  ['Les pièces justificatives à fournir sont indiquées', 'The supporting documents required are listed', 'T', 'completude', { na: 0.3 }],
  ['Le coût de la démarche (ou sa gratuité) est précisé', 'The cost of the procedure (or that it is free) is stated', 'T', 'completude', { na: 0.3 }],
  ['Le délai de traitement de la démarche est annoncé', 'The processing time of the procedure is stated', 'T', 'completude'],
  ["Les horaires d'ouverture du service compétent sont indiqués", 'The opening hours of the competent department are given', 'I', 'horaires'],
  ["L'adresse du service compétent est indiquée", 'The address of the competent department is given', 'I', 'orientation'],
  ['La possibilité de faire la démarche en ligne est signalée', 'The option of completing the procedure online is mentioned', 'I', 'orientation', { na: 0.3 }],
  ["L'usager est orienté vers le bon service", 'The user is directed to the right department', 'I', 'orientation'],
  ["L'information est formulée sans jargon administratif", 'The information is worded without administrative jargon', 'T', 'clarte'],
  ['Les sigles employés sont explicités', 'Acronyms used are spelled out', 'T', 'clarte'],
  ["L'information est structurée et facile à suivre", 'The information is structured and easy to follow', 'T', 'clarte'],
  ["La réponse est adaptée à la situation de l'usager", "The answer is tailored to the user's situation", 'T', 'personnalisation'],
  ['Un contact est proposé pour toute question complémentaire', 'A contact is offered for any further question', 'T', 'suivi'],
  ["Une solution alternative est proposée si la demande ne peut aboutir", 'An alternative is offered if the request cannot be met', 'T', 'completude', { na: 0.4 }],
  ["La réponse anticipe les questions suivantes de l'usager", "The answer anticipates the user's next questions", 'T', 'completude'],
  ['Les informations données sont cohérentes avec le site internet', 'The information given is consistent with the website', 'T', 'fiabilite'],
  ["L'usager obtient une réponse sans avoir à relancer", 'The user gets an answer without having to chase it', 'T', 'reactivite'],
  ['La réclamation reçoit une réponse motivée', 'The complaint receives a reasoned answer', 'T', 'reclamations', { na: 0.6 }],
  ['Les voies de recours sont indiquées en cas de refus', 'Means of appeal are given in case of refusal', 'T', 'reclamations', { na: 0.7 }],
  ['La demande est traitée dès le premier contact', 'The request is handled at the first contact', 'T', 'reactivite'],
  ['Le vocabulaire employé est respectueux', 'The wording used is respectful', 'T', 'courtoisie'],
  ['Un lien ou un document de référence est proposé', 'A link or a reference document is offered', 'T', 'fiabilite'],
  ["Aucune information contradictoire n'est donnée", 'No contradictory information is given', 'T', 'fiabilite'],
];

/** Common items that make no sense on a website (nobody answers, nobody is chased). */
const NOT_ON_WEBSITE = new Set(["L'usager obtient une réponse sans avoir à relancer", 'La demande est traitée dès le premier contact']);

const TELEPHONE: readonly ItemSpec[] = [
  ['Nombre de sonneries avant le décroché', 'Number of rings before pick-up', 'A', 'accessibilite', { type: 'seuil-max', threshold: 5, unit: 'sonneries' }],
  ["Temps d'attente avant d'obtenir un interlocuteur (minutes)", 'Waiting time before reaching someone (minutes)', 'A', 'temps-attente', { type: 'seuil-max', threshold: 3, unit: 'minutes' }],
  ["Un message d'accueil annonce le nom de la structure", 'A greeting message gives the name of the organisation', 'A', 'image'],
  ['Le serveur vocal propose au plus 4 choix', 'The voice menu offers at most 4 options', 'A', 'accessibilite'],
  ["Les horaires d'ouverture sont annoncés en dehors des heures d'ouverture", 'Opening hours are announced outside opening hours', 'A', 'horaires'],
  ['Le standard est joignable entre 12 h et 14 h', 'The switchboard can be reached between 12:00 and 14:00', 'A', 'horaires'],
  ['Le standard est joignable après 17 h 30', 'The switchboard can be reached after 17:30', 'A', 'horaires'],
  ["Amplitude d'ouverture du standard (heures par jour)", 'Switchboard opening span (hours per day)', 'A', 'horaires', { type: 'seuil-min', threshold: 8, unit: 'heures-par-jour' }],
  ["L'interlocuteur se présente (nom ou service)", 'The agent introduces themselves (name or department)', 'A', 'courtoisie'],
  ["L'interlocuteur salue l'usager", 'The agent greets the user', 'A', 'courtoisie'],
  ["Le ton de l'interlocuteur est aimable et souriant", "The agent's tone is friendly and warm", 'A', 'courtoisie'],
  ["L'interlocuteur reformule la demande", 'The agent rephrases the request', 'I', 'ecoute'],
  ["L'interlocuteur pose des questions pour préciser la demande", 'The agent asks questions to clarify the request', 'I', 'ecoute'],
  ["L'interlocuteur laisse l'usager exposer sa demande sans l'interrompre", 'The agent lets the user explain without interrupting', 'I', 'ecoute'],
  ['La mise en attente est annoncée', 'Putting the call on hold is announced', 'I', 'transfert', { na: 0.4 }],
  ["La mise en attente est accompagnée d'une musique ou d'un message", 'Hold time comes with music or a message', 'I', 'transfert', { na: 0.4 }],
  ['Durée de la mise en attente lors du transfert (minutes)', 'Hold time during the transfer (minutes)', 'I', 'transfert', { type: 'seuil-max', threshold: 2, unit: 'minutes', na: 0.4 }],
  ["Le transfert aboutit au bon service", 'The transfer reaches the right department', 'I', 'transfert', { na: 0.4 }],
  ["Le nom du correspondant vers lequel l'appel est transféré est indiqué", 'The name of the person the call is transferred to is given', 'I', 'transfert', { na: 0.4 }],
  ["La demande n'a pas à être répétée après le transfert", 'The request need not be repeated after the transfer', 'I', 'transfert', { na: 0.4 }],
  ["En cas d'absence du bon interlocuteur, un rappel est proposé", 'If the right person is away, a call-back is offered', 'I', 'suivi', { na: 0.5 }],
  ['Le rappel promis intervient dans la journée', 'The promised call-back happens the same day', 'T', 'suivi', { na: 0.6 }],
  ['Une adresse électronique ou un numéro direct est communiqué', 'An email address or a direct number is given', 'I', 'orientation'],
  ["L'interlocuteur utilise le nom de l'usager", "The agent uses the user's name", 'I', 'personnalisation'],
  ["L'interlocuteur s'adapte au niveau de connaissance de l'usager", "The agent adapts to the user's level of knowledge", 'I', 'personnalisation'],
  ["L'interlocuteur vérifie que l'usager a bien compris", 'The agent checks that the user has understood', 'T', 'clarte'],
  ["L'interlocuteur propose d'envoyer l'information par écrit", 'The agent offers to send the information in writing', 'T', 'suivi'],
  ["L'interlocuteur conclut par une formule de politesse", 'The agent ends with a polite phrase', 'T', 'courtoisie'],
  ["L'interlocuteur demande si l'usager a d'autres questions", 'The agent asks whether the user has other questions', 'T', 'ecoute'],
  ["L'appel n'est pas coupé pendant la conversation", 'The call is not cut off during the conversation', 'A', 'accessibilite'],
  ['Aucun bruit de fond ne gêne la conversation', 'No background noise disturbs the conversation', 'A', 'image'],
  ['Le numéro de téléphone est facile à trouver sur le site internet', 'The phone number is easy to find on the website', 'A', 'accessibilite'],
  ["Le numéro d'appel n'est pas surtaxé", 'The phone number is not premium-rate', 'A', 'accessibilite'],
  ["Durée totale de l'appel (minutes)", 'Total length of the call (minutes)', 'T', 'reactivite', { type: 'seuil-max', threshold: 10, unit: 'minutes' }],
  ["L'usager n'est pas mis en attente plus de deux fois", 'The user is not put on hold more than twice', 'I', 'temps-attente'],
  ["Le serveur vocal indique le temps d'attente estimé", 'The voice menu gives the estimated waiting time', 'A', 'temps-attente'],
  ['En cas de saturation, un rappel automatique est proposé', 'When lines are busy, an automatic call-back is offered', 'A', 'temps-attente', { na: 0.5 }],
  ['La réclamation est notée et un suivi est annoncé', 'The complaint is recorded and a follow-up is announced', 'T', 'reclamations', { na: 0.6 }],
  ["L'interlocuteur présente des excuses en cas de dysfonctionnement", 'The agent apologises for a malfunction', 'T', 'reclamations', { na: 0.6 }],
  ["Les coordonnées de l'usager sont vérifiées", "The user's contact details are checked", 'T', 'suivi'],
  ["Aucune information personnelle inutile n'est demandée", 'No unnecessary personal information is requested', 'T', 'confidentialite'],
  ["L'identité est vérifiée avant de donner des informations personnelles", 'Identity is checked before personal information is given', 'T', 'confidentialite', { na: 0.5 }],
  ["Le message d'accueil est clair et audible", 'The greeting message is clear and audible', 'A', 'image'],
  ['Le serveur vocal permet de joindre un conseiller à tout moment', 'The voice menu lets the caller reach an agent at any time', 'A', 'accessibilite'],
  ['Le numéro publié est en service', 'The published number is in service', 'A', 'fiabilite'],
  ["L'interlocuteur épelle les noms et adresses communiqués", 'The agent spells out names and addresses', 'T', 'clarte'],
  ["L'interlocuteur parle à un rythme permettant la prise de notes", 'The agent speaks slowly enough for notes to be taken', 'T', 'clarte'],
  ["L'interlocuteur reste courtois jusqu'à la fin de l'appel", 'The agent stays courteous until the end of the call', 'T', 'courtoisie'],
  ["L'interlocuteur remercie l'usager de son appel", 'The agent thanks the user for calling', 'T', 'courtoisie'],
  ["L'interlocuteur s'exprime avec assurance sur le sujet", 'The agent speaks confidently on the subject', 'T', 'image'],
  ["L'usager n'est pas renvoyé vers un autre canal sans raison", 'The user is not sent to another channel without reason', 'I', 'orientation'],
  ['Une référence de dossier est communiquée', 'A case reference is given', 'T', 'suivi', { na: 0.5 }],
  ["Le décroché intervient avant la 5e sonnerie lors du second appel", 'Pick-up before the 5th ring on the second call', 'A', 'accessibilite', { na: 0.5 }],
];

const EMAIL: readonly ItemSpec[] = [
  // MEL-01 and MEL-02: the headline items of shared/headline.ts. Keep them first.
  ['Délai de réponse au courriel (heures)', 'Email reply time (hours)', 'T', 'reactivite', { type: 'seuil-max', threshold: 24, unit: 'heures' }],
  ['Le courriel de réponse contient une formule de politesse', 'The reply email contains a polite phrase', 'T', 'courtoisie'],
  ["L'adresse électronique ou le formulaire de contact est facile à trouver", 'The email address or contact form is easy to find', 'A', 'accessibilite'],
  ['Un accusé de réception automatique est envoyé', 'An automatic acknowledgement is sent', 'A', 'reactivite'],
  ["Délai d'envoi de l'accusé de réception (minutes)", 'Time to send the acknowledgement (minutes)', 'A', 'reactivite', { type: 'seuil-max', threshold: 60, unit: 'minutes', na: 0.2 }],
  ["L'accusé de réception indique un délai de réponse", 'The acknowledgement states a reply time', 'A', 'suivi', { na: 0.2 }],
  ["Le formulaire de contact ne demande pas d'informations superflues", 'The contact form asks for no unnecessary information', 'A', 'confidentialite'],
  ['Le formulaire de contact fonctionne du premier coup', 'The contact form works at the first attempt', 'A', 'ergonomie'],
  ["La réponse commence par une formule d'appel (Madame, Monsieur)", 'The reply opens with a salutation (Dear Sir or Madam)', 'T', 'courtoisie'],
  ["La réponse reprend le nom de l'usager", "The reply uses the user's name", 'T', 'personnalisation'],
  ["La réponse rappelle l'objet de la demande", 'The reply restates the subject of the request', 'T', 'ecoute'],
  ["L'objet du courriel de réponse est explicite", 'The subject line of the reply is explicit', 'T', 'clarte'],
  ['La réponse est signée (nom, fonction)', 'The reply is signed (name, position)', 'T', 'image'],
  ["Les coordonnées complètes de l'expéditeur figurent dans la réponse", "The sender's full contact details appear in the reply", 'T', 'suivi'],
  ["La réponse ne comporte pas de faute d'orthographe", 'The reply has no spelling mistakes', 'T', 'image'],
  ['La réponse est mise en forme (paragraphes, listes)', 'The reply is laid out (paragraphs, lists)', 'T', 'lisibilite'],
  ['Les pièces jointes sont lisibles et nommées clairement', 'Attachments are readable and clearly named', 'T', 'lisibilite', { na: 0.5 }],
  ['Les liens proposés fonctionnent', 'The links offered work', 'T', 'fiabilite', { na: 0.3 }],
  ["La réponse provient d'une adresse nominative ou de service", 'The reply comes from a named or departmental address', 'T', 'image'],
  ['La réponse est rédigée pour l\'usager, sans formule automatique', 'The reply is written for the user, not a canned text', 'T', 'personnalisation'],
  ['La demande est transmise au service compétent si nécessaire', 'The request is passed to the competent department if needed', 'I', 'transfert', { na: 0.5 }],
  ["L'usager est informé du transfert de sa demande", 'The user is told the request has been passed on', 'I', 'transfert', { na: 0.5 }],
  ['Délai de réponse après transfert (jours)', 'Reply time after transfer (days)', 'I', 'transfert', { type: 'seuil-max', threshold: 5, unit: 'jours', na: 0.5 }],
  ["Aucune relance n'est nécessaire pour obtenir la réponse", 'No reminder is needed to obtain the reply', 'T', 'suivi'],
  ['La réponse tient en un seul courriel', 'The reply fits in a single email', 'T', 'clarte'],
  ['La réponse indique les horaires de contact téléphonique', 'The reply gives the hours for phone contact', 'I', 'horaires'],
  ['La réponse propose un rendez-vous si la démarche l\'exige', 'The reply offers an appointment when the procedure requires one', 'I', 'orientation', { na: 0.4 }],
  ['Le courriel de réponse est lisible sur mobile', 'The reply email is readable on a mobile phone', 'T', 'ergonomie'],
  ['Le ton de la réponse est bienveillant', 'The tone of the reply is kind', 'T', 'courtoisie'],
  ['La réponse ne se contente pas de renvoyer vers le site internet', 'The reply does not merely point to the website', 'T', 'completude'],
  ['Aucun tiers ne figure en copie visible de la réponse', 'No third party appears in visible copy of the reply', 'T', 'confidentialite'],
  ['La réclamation fondée fait l\'objet d\'excuses', 'A justified complaint receives an apology', 'T', 'reclamations', { na: 0.6 }],
  ["La boîte de contact n'est pas saturée (pas de message d'erreur)", 'The contact mailbox is not full (no error message)', 'A', 'accessibilite'],
  ['La réponse mentionne un interlocuteur identifié', 'The reply names an identified contact person', 'T', 'suivi'],
  ['La réponse est datée', 'The reply is dated', 'T', 'lisibilite'],
  ['La réponse invite à recontacter le service si besoin', 'The reply invites the user to get back in touch if needed', 'T', 'suivi'],
  ["Le délai annoncé dans l'accusé de réception est respecté", 'The time stated in the acknowledgement is met', 'T', 'reactivite', { na: 0.3 }],
  ['La police et la taille des caractères sont lisibles', 'Font and character size are readable', 'T', 'lisibilite'],
  ['La réponse ne comporte aucune mention publicitaire', 'The reply contains no advertising', 'T', 'image'],
  ["La réponse tient compte des précisions apportées par l'usager", 'The reply takes into account the details the user gave', 'T', 'ecoute'],
  ['Les informations importantes sont mises en évidence', 'Key information is highlighted', 'T', 'lisibilite'],
  ['Un numéro de dossier est attribué à la demande', 'A case number is assigned to the request', 'T', 'suivi', { na: 0.4 }],
  ['La réponse précise la suite donnée à la demande', 'The reply states what happens next', 'T', 'suivi'],
];

const COURRIER: readonly ItemSpec[] = [
  ['Délai de réponse au courrier (jours)', 'Letter reply time (days)', 'T', 'reactivite', { type: 'seuil-max', threshold: 15, unit: 'jours' }],
  ['Un accusé de réception est envoyé', 'An acknowledgement is sent', 'A', 'reactivite'],
  ["Délai d'envoi de l'accusé de réception (jours)", 'Time to send the acknowledgement (days)', 'A', 'reactivite', { type: 'seuil-max', threshold: 8, unit: 'jours', na: 0.3 }],
  ["L'adresse postale du service est facile à trouver", 'The postal address of the department is easy to find', 'A', 'accessibilite'],
  ["La lettre comporte l'en-tête et le logo de la structure", "The letter bears the organisation's letterhead and logo", 'T', 'image'],
  ["La lettre comporte une formule d'appel personnalisée", 'The letter has a personalised salutation', 'T', 'personnalisation'],
  ['La lettre se termine par une formule de politesse', 'The letter ends with a polite closing', 'T', 'courtoisie'],
  ['La lettre est signée par un responsable identifié', 'The letter is signed by an identified manager', 'T', 'image'],
  ["Le nom et les coordonnées d'un agent référent sont indiqués", 'The name and details of a contact officer are given', 'T', 'suivi'],
  ["La lettre rappelle la date et l'objet de la demande", 'The letter restates the date and subject of the request', 'T', 'ecoute'],
  ['La lettre comporte une référence de dossier', 'The letter carries a case reference', 'T', 'suivi'],
  ['La lettre est datée', 'The letter is dated', 'T', 'lisibilite'],
  ['La mise en page facilite la lecture', 'The layout makes reading easy', 'T', 'lisibilite'],
  ['La taille des caractères est suffisante (11 points au moins)', 'Character size is sufficient (at least 11 points)', 'T', 'lisibilite'],
  ["La lettre ne comporte pas de faute d'orthographe", 'The letter has no spelling mistakes', 'T', 'image'],
  ['La lettre tient sur deux pages au plus', 'The letter is no longer than two pages', 'T', 'clarte'],
  ['Les documents joints sont annoncés dans la lettre', 'Enclosures are listed in the letter', 'T', 'completude', { na: 0.5 }],
  ['Les documents annoncés sont effectivement joints', 'The announced enclosures are actually enclosed', 'T', 'fiabilite', { na: 0.5 }],
  ['Le nom et l\'adresse du destinataire sont exacts', "The addressee's name and address are correct", 'T', 'fiabilite'],
  ['La demande est transmise au service compétent si nécessaire', 'The request is passed to the competent department if needed', 'I', 'transfert', { na: 0.5 }],
  ["L'usager est informé par écrit du transfert de sa demande", 'The user is told in writing the request has been passed on', 'I', 'transfert', { na: 0.5 }],
  ['Un numéro de téléphone direct est indiqué', 'A direct phone number is given', 'I', 'orientation'],
  ['Une adresse électronique de contact est indiquée', 'A contact email address is given', 'I', 'orientation'],
  ['La lettre propose un rendez-vous si nécessaire', 'The letter offers an appointment if needed', 'I', 'orientation', { na: 0.4 }],
  ['Le ton de la lettre est courtois', 'The tone of the letter is courteous', 'T', 'courtoisie'],
  ['La lettre évite les formules administratives stéréotypées', 'The letter avoids stock administrative phrases', 'T', 'personnalisation'],
  ['La réponse à la réclamation reconnaît le désagrément subi', 'The reply to the complaint acknowledges the inconvenience', 'T', 'reclamations', { na: 0.6 }],
  ["Les données personnelles de l'usager sont protégées", "The user's personal data are protected", 'T', 'confidentialite'],
  ['La lettre indique la suite donnée à la demande', 'The letter states what happens next', 'T', 'suivi'],
  ["Le délai annoncé dans l'accusé de réception est respecté", 'The time stated in the acknowledgement is met', 'T', 'reactivite', { na: 0.3 }],
  ['Les informations importantes sont mises en évidence', 'Key information is highlighted', 'T', 'lisibilite'],
  ['La lettre mentionne les moyens de contact numériques', 'The letter mentions digital contact options', 'I', 'orientation'],
  ["L'enveloppe est correctement affranchie", 'The envelope carries the right postage', 'T', 'image'],
];

const WEBSITE: readonly ItemSpec[] = [
  ["Le site apparaît en première page d'un moteur de recherche", 'The website appears on the first page of a search engine', 'A', 'accessibilite'],
  ["Temps de chargement de la page d'accueil (secondes)", 'Home page load time (seconds)', 'A', 'ergonomie', { type: 'seuil-max', threshold: 3, unit: 'secondes' }],
  ['Le site est sécurisé (https)', 'The website is secure (https)', 'A', 'image'],
  ["Le site s'affiche correctement sur smartphone", 'The website displays properly on a smartphone', 'A', 'ergonomie'],
  ["Nombre de clics pour atteindre l'information recherchée", 'Number of clicks to reach the information sought', 'A', 'ergonomie', { type: 'seuil-max', threshold: 3, unit: 'clics' }],
  ['Un moteur de recherche interne est proposé', 'An internal search engine is offered', 'A', 'ergonomie'],
  ['Le moteur de recherche interne donne un résultat pertinent', 'The internal search engine gives a relevant result', 'A', 'ergonomie', { na: 0.2 }],
  ['Le menu principal comporte au plus 8 rubriques', 'The main menu has at most 8 sections', 'A', 'ergonomie'],
  ['Le plan du site est accessible', 'The site map is available', 'A', 'accessibilite'],
  ["La déclaration d'accessibilité (RGAA) est publiée", 'The accessibility statement (RGAA) is published', 'A', 'accessibilite'],
  ['Taux de conformité RGAA déclaré (%)', 'Declared RGAA compliance rate (%)', 'A', 'accessibilite', { type: 'seuil-min', threshold: 50, unit: 'pourcent', na: 0.3 }],
  ["Les images porteuses d'information ont une alternative textuelle", 'Informative images have a text alternative', 'A', 'accessibilite'],
  ['Le texte peut être agrandi sans perte de contenu', 'Text can be enlarged without loss of content', 'A', 'accessibilite'],
  ['Les contrastes de couleurs sont suffisants', 'Colour contrasts are sufficient', 'A', 'lisibilite'],
  ["Les coordonnées figurent sur la page d'accueil", 'Contact details appear on the home page', 'I', 'orientation'],
  ["Les horaires d'ouverture figurent sur la page d'accueil", 'Opening hours appear on the home page', 'I', 'horaires'],
  ["Les horaires d'ouverture sont à jour", 'Opening hours are up to date', 'I', 'horaires'],
  ['Les fermetures exceptionnelles sont annoncées', 'Exceptional closures are announced', 'I', 'horaires'],
  ['Un formulaire de contact est proposé', 'A contact form is offered', 'I', 'accessibilite'],
  ['Une foire aux questions est proposée', 'A FAQ is offered', 'I', 'clarte'],
  ['Les démarches en ligne sont regroupées dans une rubrique dédiée', 'Online procedures are grouped in a dedicated section', 'I', 'orientation'],
  ['Chaque démarche présente les pièces à fournir', 'Each procedure lists the documents to provide', 'I', 'completude'],
  ['Chaque démarche présente ses délais', 'Each procedure states its processing time', 'I', 'completude'],
  ['Les formulaires sont téléchargeables', 'Forms can be downloaded', 'I', 'completude'],
  ['Les formulaires téléchargeables sont remplissables à l\'écran', 'Downloadable forms can be filled in on screen', 'I', 'ergonomie', { na: 0.2 }],
  ["Les actualités datent de moins d'un mois", 'News items are less than a month old', 'I', 'fiabilite'],
  ['La date de mise à jour des pages est indiquée', 'The date pages were last updated is shown', 'I', 'fiabilite'],
  ["Aucun lien brisé n'est rencontré pendant la recherche", 'No broken link is met during the search', 'I', 'fiabilite'],
  ['Les documents téléchargeables indiquent leur format et leur poids', 'Downloadable documents state their format and size', 'I', 'lisibilite'],
  ['Les textes sont découpés en paragraphes courts avec intertitres', 'Texts are split into short paragraphs with headings', 'I', 'lisibilite'],
  ["Le fil d'Ariane indique la position dans le site", 'A breadcrumb shows the position in the site', 'I', 'ergonomie'],
  ['Un lien vers les réseaux sociaux de la structure est proposé', "A link to the organisation's social networks is offered", 'I', 'orientation'],
  ['Le numéro de téléphone est cliquable sur mobile', 'The phone number is clickable on mobile', 'A', 'ergonomie'],
  ['La démarche en ligne peut être faite sans créer de compte', 'The online procedure can be done without creating an account', 'T', 'ergonomie', { na: 0.3 }],
  ['La démarche en ligne aboutit sans erreur technique', 'The online procedure completes without a technical error', 'T', 'fiabilite', { na: 0.3 }],
  ['Un récapitulatif est fourni à la fin de la démarche en ligne', 'A summary is given at the end of the online procedure', 'T', 'suivi', { na: 0.3 }],
  ['Un accusé de réception électronique est envoyé après la démarche', 'An electronic acknowledgement is sent after the procedure', 'T', 'suivi', { na: 0.3 }],
  ["L'état d'avancement de la démarche peut être suivi en ligne", 'The progress of the procedure can be tracked online', 'T', 'suivi', { na: 0.3 }],
  ['Durée pour réaliser la démarche en ligne (minutes)', 'Time to complete the online procedure (minutes)', 'T', 'reactivite', { type: 'seuil-max', threshold: 10, unit: 'minutes', na: 0.3 }],
  ['Les mentions légales sont présentes', 'The legal notice is present', 'T', 'image'],
  ['La politique de confidentialité est accessible', 'The privacy policy is available', 'T', 'confidentialite'],
  ['Le bandeau de cookies permet de tout refuser en un clic', 'The cookie banner lets the user refuse all in one click', 'T', 'confidentialite'],
  ['Les données demandées dans les formulaires sont limitées au nécessaire', 'Data requested in forms is limited to what is necessary', 'T', 'confidentialite'],
  ['Un espace usager permet de retrouver ses démarches', "A user account lists the user's procedures", 'T', 'suivi'],
  ['Une aide contextuelle est proposée dans les formulaires', 'Contextual help is offered in forms', 'T', 'clarte'],
  ["Les messages d'erreur des formulaires expliquent comment corriger", 'Form error messages explain how to correct the input', 'T', 'clarte'],
  ['Un agent conversationnel ou une aide en ligne est proposé', 'A chatbot or online help is offered', 'A', 'accessibilite'],
  ['Le site est disponible en version anglaise', 'The website is available in English', 'A', 'accessibilite'],
  ['Une version en « facile à lire et à comprendre » est proposée', 'An easy-to-read version is offered', 'A', 'accessibilite'],
  ['Les vidéos sont sous-titrées', 'Videos are subtitled', 'A', 'accessibilite', { na: 0.4 }],
  ['Les informations sont identiques sur mobile et sur ordinateur', 'Information is the same on mobile and desktop', 'I', 'fiabilite'],
  ['Les pages importantes sont lisibles sans télécharger de PDF', 'Key pages can be read without downloading a PDF', 'I', 'lisibilite'],
  ["Les numéros d'urgence utiles sont indiqués", 'Useful emergency numbers are given', 'I', 'orientation'],
  ['La page de contact indique un délai de réponse', 'The contact page states a reply time', 'I', 'reactivite'],
  ['Un moyen de signaler un problème est proposé', 'A way to report a problem is offered', 'T', 'reclamations'],
  ['La procédure de réclamation est décrite', 'The complaint procedure is described', 'T', 'reclamations'],
  ["L'identité visuelle est cohérente sur toutes les pages", 'The visual identity is consistent across pages', 'T', 'image'],
  ["L'organigramme ou l'annuaire des services est publié", 'The organisation chart or department directory is published', 'I', 'orientation'],
  ['Un simulateur est proposé pour les démarches courantes', 'A simulator is offered for common procedures', 'I', 'completude'],
];

const SOCIAL: readonly ItemSpec[] = [
  ['Délai de réponse au message privé (heures)', 'Private message reply time (hours)', 'T', 'reactivite', { type: 'seuil-max', threshold: 24, unit: 'heures' }],
  ['Les comptes officiels sont identifiables (certification, logo)', 'Official accounts are identifiable (verification, logo)', 'A', 'image'],
  ['Les comptes sont accessibles depuis le site internet', 'The accounts can be reached from the website', 'A', 'accessibilite'],
  ['La messagerie privée est ouverte', 'Private messaging is open', 'A', 'accessibilite'],
  ['Un message automatique indique le délai de réponse', 'An automatic message states the reply time', 'A', 'reactivite'],
  ['Nombre de publications au cours des 30 derniers jours', 'Number of posts over the last 30 days', 'A', 'reactivite', { type: 'seuil-min', threshold: 8, unit: 'publications' }],
  ['Les horaires de réponse de la messagerie sont affichés', 'Messaging reply hours are displayed', 'A', 'horaires'],
  ['La réponse est publiée sous le nom de la structure', "The reply is posted under the organisation's name", 'T', 'image'],
  ['La réponse commence par une salutation', 'The reply opens with a greeting', 'T', 'courtoisie'],
  ['La réponse se termine par une formule de politesse', 'The reply ends with a polite phrase', 'T', 'courtoisie'],
  ["La réponse s'adresse à l'usager par son nom", 'The reply addresses the user by name', 'T', 'personnalisation'],
  ["La réponse est signée du prénom ou des initiales de l'agent", "The reply is signed with the agent's first name or initials", 'T', 'personnalisation'],
  ['La réponse publique invite à poursuivre en message privé', 'The public reply invites the user to continue privately', 'T', 'confidentialite', { na: 0.5 }],
  ["Aucune donnée personnelle n'est demandée en commentaire public", 'No personal data is requested in a public comment', 'T', 'confidentialite'],
  ['Le ton de la réponse est adapté au réseau social', 'The tone of the reply suits the social network', 'T', 'courtoisie'],
  ['La réponse comporte un lien vers la page utile du site', 'The reply links to the relevant page of the website', 'I', 'orientation'],
  ['Le lien proposé fonctionne', 'The link offered works', 'I', 'fiabilite', { na: 0.3 }],
  ["La réponse est rédigée sans faute d'orthographe", 'The reply has no spelling mistakes', 'T', 'image'],
  ['La réponse tient en un seul message', 'The reply fits in a single message', 'T', 'clarte'],
  ['Les commentaires négatifs reçoivent une réponse', 'Negative comments receive a reply', 'T', 'reclamations', { na: 0.4 }],
  ['La réponse à une critique reste factuelle et courtoise', 'The reply to criticism stays factual and courteous', 'T', 'reclamations', { na: 0.4 }],
  ['Les publications annoncent les fermetures exceptionnelles', 'Posts announce exceptional closures', 'I', 'horaires'],
  ['Les publications sont accessibles (texte alternatif, sous-titres)', 'Posts are accessible (alt text, subtitles)', 'A', 'accessibilite'],
  ['La page présente les coordonnées de la structure', "The page shows the organisation's contact details", 'I', 'orientation'],
  ['La demande est relayée au service compétent si nécessaire', 'The request is passed to the competent department if needed', 'I', 'transfert', { na: 0.5 }],
  ["L'usager est informé de la transmission de sa demande", 'The user is told the request has been passed on', 'I', 'transfert', { na: 0.5 }],
  ['Le message privé reçoit une réponse sans relance', 'The private message is answered without a reminder', 'T', 'suivi'],
];

const VISIT: readonly ItemSpec[] = [
  ["Temps d'attente avant d'être reçu (minutes)", 'Waiting time before being served (minutes)', 'A', 'temps-attente', { type: 'seuil-max', threshold: 5, unit: 'minutes' }],
  ["Les horaires d'ouverture sont affichés à l'entrée", 'Opening hours are displayed at the entrance', 'A', 'horaires'],
  ["L'accueil est ouvert le samedi matin", 'The reception is open on Saturday morning', 'A', 'horaires'],
  ["Amplitude d'ouverture hebdomadaire (heures)", 'Weekly opening span (hours)', 'A', 'horaires', { type: 'seuil-min', threshold: 35, unit: 'heures-par-semaine' }],
  ["L'accueil est signalé dès l'entrée", 'The reception is signposted from the entrance', 'A', 'signaletique'],
  ['Le bâtiment est signalé depuis la voie publique', 'The building is signposted from the street', 'A', 'signaletique'],
  ['Les services sont indiqués par une signalétique claire', 'Departments are shown by clear signage', 'A', 'signaletique'],
  ['Le bâtiment est accessible aux personnes à mobilité réduite', 'The building is accessible to people with reduced mobility', 'A', 'accessibilite'],
  ['Des places de stationnement sont disponibles à proximité', 'Parking spaces are available nearby', 'A', 'accessibilite'],
  ['Le site est desservi par les transports en commun', 'The site is served by public transport', 'A', 'accessibilite'],
  ["Un système de gestion de la file d'attente est en place", 'A queue management system is in place', 'A', 'temps-attente'],
  ["Le temps d'attente estimé est affiché", 'The estimated waiting time is displayed', 'A', 'temps-attente'],
  ["Des sièges sont disponibles dans la zone d'attente", 'Seats are available in the waiting area', 'A', 'confort'],
  ['Les locaux sont propres', 'The premises are clean', 'A', 'confort'],
  ['La température des locaux est agréable', 'The temperature of the premises is pleasant', 'A', 'confort'],
  ['Des toilettes sont accessibles au public', 'Toilets are available to the public', 'A', 'confort'],
  ['Un espace permet de parler confidentiellement', 'A space allows a confidential conversation', 'T', 'confidentialite'],
  ["Les échanges ne sont pas audibles par les autres usagers", 'Conversations cannot be overheard by other users', 'T', 'confidentialite'],
  ["Des documents d'information sont en libre-service", 'Information leaflets are available for self-service', 'I', 'lisibilite'],
  ['Les documents en libre-service sont à jour', 'Self-service leaflets are up to date', 'I', 'fiabilite'],
  ["L'agent salue l'usager dès son arrivée", 'The agent greets the user on arrival', 'A', 'courtoisie'],
  ["L'agent sourit et regarde l'usager", 'The agent smiles and looks at the user', 'A', 'courtoisie'],
  ["L'agent est identifiable (badge, nom)", 'The agent can be identified (badge, name)', 'A', 'image'],
  ["L'agent interrompt ses autres tâches pour recevoir l'usager", 'The agent stops other tasks to serve the user', 'A', 'courtoisie'],
  ["L'agent écoute la demande sans interrompre", 'The agent listens to the request without interrupting', 'I', 'ecoute'],
  ["L'agent pose des questions pour préciser la demande", 'The agent asks questions to clarify the request', 'I', 'ecoute'],
  ["L'agent accompagne l'usager vers le bon guichet si nécessaire", 'The agent takes the user to the right desk if needed', 'I', 'transfert', { na: 0.5 }],
  ["Le changement de guichet n'oblige pas à répéter la demande", 'Changing desks does not require repeating the request', 'I', 'transfert', { na: 0.5 }],
  ["Durée d'attente au second guichet (minutes)", 'Waiting time at the second desk (minutes)', 'I', 'transfert', { type: 'seuil-max', threshold: 5, unit: 'minutes', na: 0.5 }],
  ["L'agent remet un document écrit récapitulatif", 'The agent hands over a written summary', 'T', 'clarte'],
  ["L'agent vérifie que l'usager a bien compris", 'The agent checks that the user has understood', 'T', 'clarte'],
  ["L'agent prend congé avec une formule de politesse", 'The agent says goodbye with a polite phrase', 'T', 'courtoisie'],
  ["Un rendez-vous est proposé si la demande ne peut être traitée immédiatement", 'An appointment is offered if the request cannot be handled at once', 'T', 'suivi', { na: 0.4 }],
  ['Un registre ou un formulaire de réclamation est disponible', 'A complaints book or form is available', 'T', 'reclamations'],
  ['Un poste informatique en libre accès est proposé', 'A self-service computer is available', 'I', 'ergonomie'],
  ['Un accompagnement aux démarches en ligne est proposé', 'Help with online procedures is offered', 'I', 'accessibilite'],
  ["L'agent s'adresse à l'usager par son nom", 'The agent addresses the user by name', 'T', 'personnalisation'],
];

/** Channel-specific items then the common ones, per channel, in code order. */
export function channelSpecs(channel: ChannelCode): readonly ItemSpec[] {
  switch (channel) {
    case 'telephone': return [...TELEPHONE, ...COMMON];
    case 'email': return [...EMAIL, ...COMMON];
    case 'courrier': return [...COURRIER, ...COMMON];
    case 'site-web': return [...WEBSITE, ...COMMON.filter((s) => !NOT_ON_WEBSITE.has(s[0]))];
    case 'reseaux-sociaux': return [...SOCIAL, ...COMMON];
    case 'visite': return [...VISIT, ...COMMON];
  }
}

/**
 * The 2023 referential revision: two items added (codes after the last of their channel) and two
 * withdrawn, so trends can show items that are not comparable across editions.
 */
export const REVISION_2023 = {
  edition: 2023,
  added: [
    { channel: 'site-web', spec: ['Un service de prise de rendez-vous en ligne est proposé', 'An online appointment booking service is offered', 'A', 'accessibilite'] },
    { channel: 'visite', spec: ["Un écran ou une borne annonce le numéro appelé", 'A screen or kiosk displays the number called', 'A', 'temps-attente'] },
  ] as ReadonlyArray<{ readonly channel: ChannelCode; readonly spec: ItemSpec }>,
  /** Labels of the withdrawn items (their codes are resolved in referential.ts). */
  withdrawn: ['Aucun bruit de fond ne gêne la conversation', 'Le site est disponible en version anglaise'],
} as const;
