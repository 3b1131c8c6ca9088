/**
 * Real French regions and their département codes (codes as text: "06", "2A", "974"), and the
 * word lists the generator builds fictional place and brand names from. Only the geography is
 * real; every structure name is invented and marked "(démo)".
 */

export const REGIONS: ReadonlyArray<{ readonly name: string; readonly departements: readonly string[] }> = [
  { name: 'Auvergne-Rhône-Alpes', departements: ['01', '03', '07', '15', '26', '38', '42', '43', '63', '69', '73', '74'] },
  { name: 'Bourgogne-Franche-Comté', departements: ['21', '25', '39', '58', '70', '71', '89', '90'] },
  { name: 'Bretagne', departements: ['22', '29', '35', '56'] },
  { name: 'Centre-Val de Loire', departements: ['18', '28', '36', '37', '41', '45'] },
  { name: 'Corse', departements: ['2A', '2B'] },
  { name: 'Grand Est', departements: ['08', '10', '51', '52', '54', '55', '57', '67', '68', '88'] },
  { name: 'Hauts-de-France', departements: ['02', '59', '60', '62', '80'] },
  { name: 'Île-de-France', departements: ['75', '77', '78', '91', '92', '93', '94', '95'] },
  { name: 'Normandie', departements: ['14', '27', '50', '61', '76'] },
  { name: 'Nouvelle-Aquitaine', departements: ['16', '17', '19', '23', '24', '33', '40', '47', '64', '79', '86', '87'] },
  { name: 'Occitanie', departements: ['09', '11', '12', '30', '31', '32', '34', '46', '48', '65', '66', '81', '82'] },
  { name: 'Pays de la Loire', departements: ['44', '49', '53', '72', '85'] },
  { name: "Provence-Alpes-Côte d'Azur", departements: ['04', '05', '06', '13', '83', '84'] },
  { name: 'Guadeloupe', departements: ['971'] },
  { name: 'Martinique', departements: ['972'] },
  { name: 'Guyane', departements: ['973'] },
  { name: 'La Réunion', departements: ['974'] },
  { name: 'Mayotte', departements: ['976'] },
];

/** Every département with its region. */
export const DEPARTEMENTS: ReadonlyArray<{ readonly code: string; readonly region: string }> = REGIONS.flatMap((r) => r.departements.map((code) => ({ code, region: r.name })));

export const PLACE_STARTS = [
  'Val', 'Mont', 'Roch', 'Bel', 'Font', 'Clair', 'Haut', 'Bois', 'Ver', 'Sauv', 'Land', 'Mar', 'Cor', 'Brun', 'Grand',
  'Sal', 'Ros', 'Aub', 'Char', 'Lor', 'Vill', 'Pont', 'Riv', 'Cham', 'Bour', 'Tour', 'Fleur', 'Mess', 'Gren', 'Berth',
] as const;
export const PLACE_ENDS = [
  'brune', 'court', 'ville', 'mont', 'lac', 'fort', 'val', 'noire', 'bourg', 'ignac', 'ières', 'oux', 'elles', 'anges',
  'igny', 'ette', 'ans', 'erre', 'ain', 'ouse', 'euil', 'ard', 'esse', 'ozet',
] as const;
/** Fictional rivers, for "X-sur-Lère" and département names. */
export const RIVERS = ['Lère', 'Brévonne', 'Morvanne', 'Vénelle', 'Oudre', 'Ternelle', 'Sorgeval', 'Aulnoise', 'Clarence', 'Dormeuse', 'Virolle', 'Sablonne', 'Gravette', 'Loupière'] as const;
export const REGION_WORDS = ['Hautes-Terres', 'Marches', 'Plaines', 'Rivages', 'Monts', 'Pays', 'Côtes', 'Collines', 'Vallées'] as const;
export const REGION_QUALIFIERS = ['de Brume', "d'Ambre", 'du Levant', 'du Couchant', "d'Argent", 'de Lumière', 'des Lacs', 'de Bruyère', "d'Opaline", 'des Vents'] as const;
export const OTHER_PUBLIC_KINDS = [
  'Office de tourisme de', "Centre communal d'action sociale de", 'Syndicat des eaux de', 'Centre hospitalier de',
  "Office public de l'habitat de", 'Conservatoire de', 'Syndicat de collecte des déchets de', 'Caisse des écoles de',
] as const;
export const PRIVATE_KINDS = ['Banque', 'Assurances', 'Mutuelle', 'Énergie', 'Télécom', 'Transports', 'Enseigne', 'Immobilier', 'Eaux'] as const;
export const PRIVATE_BRANDS = ['Alpha', 'Bêta', 'Gamma', 'Delta', 'Oméga', 'Horizon', 'Azur', 'Boréal', 'Zénith', 'Orion', 'Véga', 'Atlas', 'Hélios', 'Nova', 'Sirius'] as const;
export const PRIVATE_SUFFIXES = ['', ' Services', ' Conseil', ' Direct'] as const;
