/** A numbered schema step. `sql` runs inside one transaction that also sets `user_version`. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  /**
   * True when a workspace still lacking this step can be read as it is (the step adds nothing a
   * reader relies on): a read-only workspace that needs only such steps opens for reading.
   */
  readonly readableWithout?: boolean;
}
