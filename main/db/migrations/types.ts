/** A numbered schema step. `sql` runs inside one transaction that also sets `user_version`. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}
