/**
 * What the Fiche structure asks first: who the structure is and whether it has audits in the
 * edition shown. A structure with no audit there is a normal state (just created, first audit not
 * entered yet), answered as such rather than as an error from the peer and trend questions.
 */
export interface StructureStatus {
  structure: {
    code: string;
    name: string;
    category: string;
    sector: 'public' | 'prive';
    departement: string | null;
    region: string | null;
    population: number | null;
  };
  /** The edition the answer is about: the one asked for, else the latest with audits, else this year. */
  edition: number;
  /** `audited`: it has audits in that edition (peers, trends… can be asked); `no-audit`: none there. */
  state: 'audited' | 'no-audit';
  /** Its audits in that edition. */
  audits: number;
  /** Editions where it has audits, ascending (empty for a structure never audited). */
  editionsWithAudits: number[];
}
