/**
 * The texts of the errors the main side throws, in French and in English. An `AppError` built by
 * `AppError.keyed(code, key, params)` carries `{ key, params }` across every boundary, so the
 * interface renders it in the user's current language (`localizedErrorMessage`); the `message`
 * the server sends is the French rendering, what the CLI prints and what any error without a key
 * still shows. A parameter may itself be a keyed text (a reason inside a refusal), rendered in the
 * same language. Pure: no Node, no React.
 */
import type { ErrorCode } from './errors.js';

export type ErrorLang = 'fr' | 'en';

/** A value filling a `{name}` placeholder: text, a number, or another keyed text. */
export type ErrorParam = string | number | ErrorText;
export type ErrorParams = Readonly<Record<string, ErrorParam>>;

export interface ErrorText {
  key: ErrorMessageKey;
  params?: ErrorParams;
}

/** What each error code means, in a few words: the title above its message. */
export const ERROR_CODE_TITLES: Readonly<Record<ErrorCode, Readonly<Record<ErrorLang, string>>>> = {
  INVALID_INPUT: { fr: 'Demande invalide', en: 'Invalid request' },
  UNKNOWN_METHOD: { fr: 'Opération inconnue', en: 'Unknown operation' },
  FORBIDDEN: { fr: 'Opération refusée', en: 'Operation refused' },
  NOT_FOUND: { fr: 'Introuvable', en: 'Not found' },
  WORKSPACE_TOO_NEW: { fr: 'Espace de travail trop récent', en: 'Workspace too recent' },
  WORKSPACE_INVALID: { fr: 'Espace de travail invalide', en: 'Invalid workspace' },
  WORKSPACE_FOREIGN: { fr: 'Ce n’est pas un espace de travail', en: 'Not a workspace' },
  WORKSPACE_CORRUPT: { fr: 'Espace de travail endommagé', en: 'Damaged workspace' },
  WORKSPACE_LOCKED: { fr: 'Espace de travail occupé', en: 'Workspace in use' },
  WORKSPACE_READONLY: { fr: 'Espace de travail en lecture seule', en: 'Read-only workspace' },
  DISK_FULL: { fr: 'Disque plein', en: 'Disk full' },
  DISK_IO: { fr: 'Erreur du disque', en: 'Disk error' },
  FILE_UNREADABLE: { fr: 'Fichier illisible', en: 'Unreadable file' },
  FILE_HOSTILE: { fr: 'Fichier refusé par précaution', en: 'File refused as a precaution' },
  LAYOUT_UNKNOWN: { fr: 'Type de fichier non reconnu', en: 'File type not recognised' },
  IMPORT_REFUSED: { fr: 'Import refusé', en: 'Import refused' },
  NOTHING_TO_UNDO: { fr: 'Rien à annuler', en: 'Nothing to undo' },
  CANCELLED: { fr: 'Annulé', en: 'Cancelled' },
  CONFLICT: { fr: 'Opération impossible pour l’instant', en: 'Not possible right now' },
  INTERNAL: { fr: 'Erreur interne', en: 'Internal error' },
};

/** French texts: the reference (the `message` every keyed AppError carries is rendered from these). */
export const ERROR_MESSAGES_FR = {
  // Workspace: the open session, the demo, backups and restores.
  'workspace.notOpen': "Aucun espace de travail n'est ouvert.",
  'workspace.notFound': "L'espace de travail « {file} » est introuvable.",
  'workspace.alreadyExists': 'Le fichier « {file} » existe déjà : ouvrez-le plutôt que de le recréer.',
  'workspace.demoMissing': "L'espace de démonstration n'est pas installé : lancez « npx barometer demo » pour le créer.",
  'workspace.tooNew': "L'espace de travail « {file} » a été créé par une version plus récente de l'application (schéma {schema}, cette version connaît le schéma {supported}). Mettez l'application à jour pour l'ouvrir.",
  'workspace.notSqlite': "« {file} » n'est pas un espace de travail valide : ce n'est pas une base SQLite (document, fichier chiffré ou tronqué). Le fichier n'a pas été modifié.",
  'workspace.exportRefusedDamaged': "Export refusé : l'espace de travail « {file} » est endommagé (échec de la vérification d'intégrité), et un livrable produit à partir de lui pourrait contenir des chiffres faux. {advice}",
  'workspace.restoreAdvice.none': "Aucune copie de sauvegarde n'a été trouvée à côté du fichier : restaurez une copie de l'espace si vous en avez une, ou repartez d'un espace neuf en réimportant les fichiers sources (« barometer imports » en donne la liste).",
  'workspace.restoreAdvice.latest': "Une copie de sauvegarde peut être restaurée : « {copy} » (dans « {folder} », du {date} ; « barometer restore --latest » ou « Restaurer… » dans l'Accueil) ; sinon repartez d'un espace neuf en réimportant les fichiers sources (« barometer imports » en donne la liste).",
  'backup.copyIsWorkspace': "La copie ne peut pas remplacer l'espace de travail ouvert : choisissez un autre fichier.",
  'backup.copyFailed': "La copie de sauvegarde « {copy} » n'a pas pu être écrite ({reason}) : vérifiez la place libre sur le disque. L'espace de travail n'a pas été modifié.",
  'backup.notListed': "La sauvegarde « {name} » n'existe pas (ou plus) pour cet espace de travail : choisissez-en une dans la liste.",
  'backup.restoreSelf': "La copie à restaurer est l'espace de travail lui-même.",
  'backup.copyNotFound': 'La copie « {copy} » est introuvable.',
  'backup.prepareFailed': "La copie « {copy} » n'a pas pu être préparée ({reason}). L'espace de travail n'a pas été modifié.",
  'backup.replaceFailed': "La restauration n'a pas pu remplacer « {file} » ({reason}) : fermez les autres programmes qui l'ont ouvert, puis réessayez.",
  'backup.replaceFailedKept': "La restauration n'a pas pu remplacer « {file} » ({reason}) : fermez les autres programmes qui l'ont ouvert, puis réessayez. L'espace d'avant est aussi conservé sous « {kept} ».",
  'backup.fileBusy': '« {file} » est ouvert par un autre programme : fermez-le avant de restaurer une sauvegarde.',
  'backup.notRestorable': "La copie « {copy} » ne peut pas être restaurée : {reason} L'espace de travail n'a pas été modifié.",

  // Calls refused at the boundary (browser mode, settings, size limits).
  'api.notFromApp': 'Appel refusé : il ne vient pas de l’application.',
  'api.unknownMethod': 'Méthode inconnue : « {method} ».',
  'api.unknownTask': 'Aucune tâche de fond « {method} ».',
  'api.closing': "L'application se ferme : aucune nouvelle tâche n'est acceptée.",
  'api.requestTooLarge': 'Requête trop volumineuse (limite {limit} octets).',
  'api.fileTooLarge': 'Fichier trop volumineux (limite {limit} octets).',
  'api.stagedTooLarge': 'Fichier trop volumineux ({bytes} octets ; limite {limit}).',
  'api.demoSettingLocked': 'Le réglage « demo » ne peut pas être modifié.',
  'api.settingTooLarge': 'Réglage trop volumineux ({bytes} octets ; limite {limit}).',
  'api.browserImportOnlyDropped': "En mode navigateur, seuls les fichiers déposés dans l'application peuvent être importés (« {file} » refusé).",
  'api.openRefused': "Ouverture refusée : seuls le dossier d'exports de l'espace de travail et les fichiers écrits par l'application peuvent être ouverts.",
  'api.openMissing': "« {file} » est introuvable dans le dossier d'exports.",

  // Imports.
  'import.noFiles': 'Aucun fichier à importer.',
  'import.fileNotFound': 'Fichier introuvable : {file}',
  'import.nothingToUndo': 'Aucun import à annuler.',
  'import.cancelled': 'Import annulé.',
  'import.readCancelled': 'Lecture de « {file} » annulée.',
  'import.sheetMissing': "{file} : la feuille « {sheet} » n'existe pas (feuilles : {sheets}).",
  'import.unknownSheet': "La feuille « {sheet} » n'existe pas dans « {file} » (feuilles : {sheets}).",
  'import.noSheets': 'aucune',
  'import.emptySheet': '{file} : le fichier ne contient aucune ligne (feuille vide).',
  'import.noHeader': "{file} : aucune ligne d'en-tête reconnue dans les {rows} premières lignes. Colonnes attendues par exemple : {examples}.",
  'import.kindUnknown': "{file}, feuille « {sheet} », ligne {row} : type de fichier non reconnu. Colonnes trouvées : {found}. Il faut au moins un code structure et une référence d'audit (résultats), un code critère et ses étape/déterminant (référentiel), ou un code structure et sa catégorie (structures). Indiquez la correspondance des colonnes à la main.",
  'import.unreadable': 'Le fichier « {file} » est illisible : {reason}',
  'import.hostile': 'Le fichier « {file} » est refusé par précaution : {reason}',
  'import.reason.notAFile': "ce n'est pas un fichier.",
  'import.reason.emptyFile': 'le fichier est vide (0 octet).',
  'import.reason.notSpreadsheet': "ce n'est ni un classeur (xlsx, xls, ods) ni un fichier texte CSV.",
  'import.reason.utf16': 'il est encodé en UTF-16 (« Texte Unicode ») : enregistrez-le en « CSV UTF-8 » ou en .xlsx.',
  'import.reason.html': "c'est une page HTML ou un fichier XML (export « Excel » de certains sites) : ouvrez-le dans Excel et enregistrez-le au format .xlsx.",
  'import.reason.password': 'le classeur est protégé par mot de passe : enregistrez-le sans mot de passe.',
  'import.reason.noSheet': 'le classeur ne contient aucune feuille.',
  'import.reason.noData': 'le fichier ne contient aucune donnée.',
  'import.reason.xlsb': "c'est un classeur binaire Excel (.xlsb), non pris en charge : enregistrez-le au format .xlsx.",
  'import.reason.word': "c'est un document Word, pas un classeur.",
  'import.reason.powerpoint': "c'est une présentation PowerPoint, pas un classeur.",
  'import.reason.zipWithoutWorkbook': "c'est une archive ZIP qui ne contient pas de classeur Excel.",
  'import.reason.zipTruncated': "la fin de l'archive ZIP est introuvable : fichier tronqué (copie interrompue ?) ou qui n'est pas un classeur.",
  'import.reason.system': '{where} ({why}).',
  'import.reason.tooBig': '{where} : une de ses parties est trop volumineuse pour être lue en mémoire. Enregistrez les données en plusieurs fichiers, ou en CSV.',
  'import.reason.damaged': "{where}. Il est sans doute endommagé, tronqué ou d'une variante que l'application ne sait pas lire : réenregistrez-le au format .xlsx depuis Excel ou LibreOffice (s'il ne s'y ouvre pas non plus, demandez une nouvelle copie du fichier).",
  'import.where.open': 'ouverture impossible',
  'import.where.readFile': 'lecture du fichier impossible',
  'import.where.readCsv': 'lecture du fichier CSV impossible',
  'import.where.readWorkbook': 'lecture du classeur impossible',
  'import.where.readFormat': 'lecture du classeur .{format} impossible',
  'import.where.readSheet': 'lecture de la feuille « {sheet} » impossible',
  'import.system.ENOENT': 'fichier introuvable',
  'import.system.EACCES': 'accès refusé (droits insuffisants)',
  'import.system.EISDIR': "c'est un dossier, pas un fichier",
  'import.system.EBUSY': 'fichier verrouillé par une autre application : fermez-le puis réessayez',
  'import.system.EMFILE': 'trop de fichiers ouverts : réessayez',
  'import.system.EIO': 'erreur de lecture du disque',

  // Analyses and the structure record.
  'analytics.editionUnknown': "L'édition {edition} n'existe pas dans l'espace de travail (éditions : {known}).",
  'analytics.noEdition': "L'espace de travail ne contient aucune édition : importez d'abord des résultats d'audit.",
  'analytics.structureUnknown': 'Structure inconnue : « {structure} ».',
  'analytics.structureNotFound': 'Structure « {structure} » introuvable.',
  'analytics.structureNotAudited': "La structure « {structure} » n'a aucun audit dans l'édition {edition}.",
  'analytics.auditNotFound': "Audit « {reference} » introuvable dans l'édition {edition}.",
  'analytics.categoryUnknown': 'Catégorie inconnue : « {category} ».',
  'analytics.groupUnknown': 'Groupe inconnu : « {group} ».',
  'labels.unknown': "Label inconnu dans le référentiel de l'édition {edition} : « {label} » (labels : {known}).",
  'labels.rateOutOfRange': 'Le taux exigé est un pourcentage entre 0 et 100 (reçu {rate}).',
  'labels.notALabel': "« {label} » n'est pas un label.",
  'referential.none': "L'espace de travail ne contient aucun référentiel : importez d'abord un référentiel.",
  'referential.noneForEdition': "Aucun référentiel ne s'applique à l'édition {edition}.",
  'referential.itemNotFound': 'Critère « {code} » introuvable dans le référentiel valable à partir de {validFrom}.',

  // Exports.
  'export.browserExportFolder': "En mode navigateur, les exports vont dans le dossier d'exports de l'espace de travail.",
  'export.outDirMissing': 'Dossier de sortie manquant.',
  'export.cancelledByUser': "Annulé par l'utilisateur.",
  'export.structuresNotAudited': "Structure(s) sans audit dans l'édition {edition} : {codes}.",
  'export.reportWorkerStopped': "Le fil de rendu des rapports s'est arrêté (code {exitCode}).",
} as const;

export type ErrorMessageKey = keyof typeof ERROR_MESSAGES_FR;

/** English texts: the same keys (the compiler refuses a missing one) and the same placeholders (the unit test checks). */
export const ERROR_MESSAGES_EN: Readonly<Record<ErrorMessageKey, string>> = {
  'workspace.notOpen': 'No workspace is open.',
  'workspace.notFound': 'The workspace "{file}" cannot be found.',
  'workspace.alreadyExists': 'The file "{file}" already exists: open it rather than create it again.',
  'workspace.demoMissing': 'The demonstration workspace is not installed: run "npx barometer demo" to create it.',
  'workspace.tooNew': 'The workspace "{file}" was created by a newer version of the application (schema {schema}; this version knows schema {supported}). Update the application to open it.',
  'workspace.notSqlite': '"{file}" is not a valid workspace: it is not an SQLite database (a document, an encrypted or truncated file). The file was not changed.',
  'workspace.exportRefusedDamaged': 'Export refused: the workspace "{file}" is damaged (its integrity check failed), and a deliverable produced from it could contain wrong figures. {advice}',
  'workspace.restoreAdvice.none': 'No backup copy was found next to the file: restore a copy of the workspace if you have one, or start from a new workspace by importing the source files again ("barometer imports" lists them).',
  'workspace.restoreAdvice.latest': 'A backup copy can be restored: "{copy}" (in "{folder}", of {date}; "barometer restore --latest" or "Restore…" on the Home view); otherwise start from a new workspace by importing the source files again ("barometer imports" lists them).',
  'backup.copyIsWorkspace': 'The copy cannot replace the open workspace: choose another file.',
  'backup.copyFailed': 'The backup copy "{copy}" could not be written ({reason}): check the free space on the disk. The workspace was not changed.',
  'backup.notListed': 'The backup "{name}" does not exist (any more) for this workspace: choose one from the list.',
  'backup.restoreSelf': 'The copy to restore is the workspace itself.',
  'backup.copyNotFound': 'The copy "{copy}" cannot be found.',
  'backup.prepareFailed': 'The copy "{copy}" could not be prepared ({reason}). The workspace was not changed.',
  'backup.replaceFailed': 'The restore could not replace "{file}" ({reason}): close the other programs that have it open, then try again.',
  'backup.replaceFailedKept': 'The restore could not replace "{file}" ({reason}): close the other programs that have it open, then try again. The previous workspace is also kept as "{kept}".',
  'backup.fileBusy': '"{file}" is open in another program: close it before restoring a backup.',
  'backup.notRestorable': 'The copy "{copy}" cannot be restored: {reason} The workspace was not changed.',

  'api.notFromApp': 'Call refused: it does not come from the application.',
  'api.unknownMethod': 'Unknown method: "{method}".',
  'api.unknownTask': 'No background task "{method}".',
  'api.closing': 'The application is closing: no new task is accepted.',
  'api.requestTooLarge': 'Request too large (limit {limit} bytes).',
  'api.fileTooLarge': 'File too large (limit {limit} bytes).',
  'api.stagedTooLarge': 'File too large ({bytes} bytes; limit {limit}).',
  'api.demoSettingLocked': 'The "demo" setting cannot be changed.',
  'api.settingTooLarge': 'Setting too large ({bytes} bytes; limit {limit}).',
  'api.browserImportOnlyDropped': 'In browser mode only files dropped into the application can be imported ("{file}" refused).',
  'api.openRefused': 'Opening refused: only the workspace\'s exports folder and the files the application wrote can be opened.',
  'api.openMissing': '"{file}" cannot be found in the exports folder.',

  'import.noFiles': 'No file to import.',
  'import.fileNotFound': 'File not found: {file}',
  'import.nothingToUndo': 'No import to undo.',
  'import.cancelled': 'Import cancelled.',
  'import.readCancelled': 'Reading "{file}" was cancelled.',
  'import.sheetMissing': '{file}: the sheet "{sheet}" does not exist (sheets: {sheets}).',
  'import.unknownSheet': 'The sheet "{sheet}" does not exist in "{file}" (sheets: {sheets}).',
  'import.noSheets': 'none',
  'import.emptySheet': '{file}: the file contains no rows (empty sheet).',
  'import.noHeader': '{file}: no header row recognised in the first {rows} rows. Expected columns, for example: {examples}.',
  'import.kindUnknown': '{file}, sheet "{sheet}", row {row}: file type not recognised. Columns found: {found}. At least a structure code and an audit reference are needed (results), an item code with its step/determinant (framework), or a structure code with its category (structures). Give the column mapping by hand.',
  'import.unreadable': 'The file "{file}" cannot be read: {reason}',
  'import.hostile': 'The file "{file}" is refused as a precaution: {reason}',
  'import.reason.notAFile': 'it is not a file.',
  'import.reason.emptyFile': 'the file is empty (0 bytes).',
  'import.reason.notSpreadsheet': 'it is neither a workbook (xlsx, xls, ods) nor a CSV text file.',
  'import.reason.utf16': 'it is encoded in UTF-16 ("Unicode Text"): save it as "CSV UTF-8" or as .xlsx.',
  'import.reason.html': 'it is an HTML page or an XML file (the "Excel" export of some websites): open it in Excel and save it as .xlsx.',
  'import.reason.password': 'the workbook is password-protected: save it without a password.',
  'import.reason.noSheet': 'the workbook contains no sheet.',
  'import.reason.noData': 'the file contains no data.',
  'import.reason.xlsb': 'it is a binary Excel workbook (.xlsb), not supported: save it as .xlsx.',
  'import.reason.word': 'it is a Word document, not a workbook.',
  'import.reason.powerpoint': 'it is a PowerPoint presentation, not a workbook.',
  'import.reason.zipWithoutWorkbook': 'it is a ZIP archive that holds no Excel workbook.',
  'import.reason.zipTruncated': 'the end of the ZIP archive cannot be found: a truncated file (interrupted copy?) or not a workbook.',
  'import.reason.system': '{where} ({why}).',
  'import.reason.tooBig': '{where}: one of its parts is too large to be read in memory. Save the data in several files, or as CSV.',
  'import.reason.damaged': '{where}. It is probably damaged, truncated or a variant the application cannot read: save it again as .xlsx from Excel or LibreOffice (if it does not open there either, ask for a new copy of the file).',
  'import.where.open': 'cannot be opened',
  'import.where.readFile': 'the file cannot be read',
  'import.where.readCsv': 'the CSV file cannot be read',
  'import.where.readWorkbook': 'the workbook cannot be read',
  'import.where.readFormat': 'the .{format} workbook cannot be read',
  'import.where.readSheet': 'the sheet "{sheet}" cannot be read',
  'import.system.ENOENT': 'file not found',
  'import.system.EACCES': 'access denied (insufficient rights)',
  'import.system.EISDIR': 'it is a folder, not a file',
  'import.system.EBUSY': 'file locked by another application: close it, then try again',
  'import.system.EMFILE': 'too many open files: try again',
  'import.system.EIO': 'disk read error',

  'analytics.editionUnknown': 'The edition {edition} does not exist in the workspace (editions: {known}).',
  'analytics.noEdition': 'The workspace holds no edition: import audit results first.',
  'analytics.structureUnknown': 'Unknown structure: "{structure}".',
  'analytics.structureNotFound': 'Structure "{structure}" not found.',
  'analytics.structureNotAudited': 'The structure "{structure}" has no audit in the {edition} edition.',
  'analytics.auditNotFound': 'Audit "{reference}" not found in the {edition} edition.',
  'analytics.categoryUnknown': 'Unknown category: "{category}".',
  'analytics.groupUnknown': 'Unknown group: "{group}".',
  'labels.unknown': 'Unknown label in the referential of the {edition} edition: "{label}" (labels: {known}).',
  'labels.rateOutOfRange': 'The required rate is a percentage between 0 and 100 (got {rate}).',
  'labels.notALabel': '"{label}" is not a label.',
  'referential.none': 'The workspace holds no referential: import a referential first.',
  'referential.noneForEdition': 'No referential applies to the {edition} edition.',
  'referential.itemNotFound': 'Item "{code}" not found in the referential valid from {validFrom}.',

  'export.browserExportFolder': 'In browser mode, exports go to the workspace\'s exports folder.',
  'export.outDirMissing': 'Output folder missing.',
  'export.cancelledByUser': 'Cancelled by the user.',
  'export.structuresNotAudited': 'Structure(s) without an audit in the {edition} edition: {codes}.',
  'export.reportWorkerStopped': 'The report rendering thread stopped (code {exitCode}).',
};

export const ERROR_MESSAGES: Readonly<Record<ErrorLang, Readonly<Record<ErrorMessageKey, string>>>> = {
  fr: ERROR_MESSAGES_FR,
  en: ERROR_MESSAGES_EN,
};

const LOCALES: Readonly<Record<ErrorLang, string>> = { fr: 'fr-FR', en: 'en-GB' };

function isErrorText(value: unknown): value is ErrorText {
  return typeof value === 'object' && value !== null && typeof (value as { key?: unknown }).key === 'string'
    && Object.hasOwn(ERROR_MESSAGES_FR, (value as { key: string }).key);
}

/**
 * Numbers of five digits or more get the language's grouping (« 1 048 576 ») ; shorter ones are
 * years, rows and codes, written as they are (« 2024 », never « 2 024 »).
 */
function formatParam(value: ErrorParam, lang: ErrorLang): string {
  if (typeof value === 'number') {
    return Math.abs(value) >= 10_000 ? new Intl.NumberFormat(LOCALES[lang]).format(value) : String(value);
  }
  if (typeof value === 'string') return value;
  return renderErrorText(value, lang);
}

/** A keyed text in `lang`; `{name}` placeholders without a parameter stay visible (a test catches them). */
export function renderErrorText(text: ErrorText, lang: ErrorLang): string {
  const template = ERROR_MESSAGES[lang][text.key] ?? ERROR_MESSAGES_FR[text.key];
  const params = text.params ?? {};
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? formatParam(params[name] as ErrorParam, lang) : whole));
}

/**
 * What the interface shows for an error: its keyed text in `lang` when it has one (and the key is
 * known to this build), else the message the server sent (French).
 */
export function localizedErrorMessage(error: { message: string; text?: unknown }, lang: ErrorLang): string {
  return isErrorText(error.text) ? renderErrorText(error.text, lang) : error.message;
}

/** The title for an error code in `lang` (a code this build does not know gets the generic one). */
export function errorCodeTitle(code: string, lang: ErrorLang): string {
  return (ERROR_CODE_TITLES as Readonly<Record<string, Readonly<Record<ErrorLang, string>>>>)[code]?.[lang] ?? ERROR_CODE_TITLES.INTERNAL[lang];
}
