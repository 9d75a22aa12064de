/**
 * What an exchange department publishes: one table in a schema of its own in
 * the exchange database. The department's sandbox creates and fills it; the
 * connector reads it. Both sides take the layout from here so they cannot
 * drift apart.
 */
export interface ExchangeTable<Row> {
  department: string;
  /** The department's own schema; tests may publish into another one of their own. */
  schema: string;
  table: string;
  /** Column persons are looked up by; the sandbox indexes it. */
  idColumn: keyof Row & string;
  /** Columns in the department's SQL types, in the order rows are inserted. */
  columns: readonly ExchangeColumn<Row>[];
}

export interface ExchangeColumn<Row> {
  name: keyof Row & string;
  type: string;
}

/** Lets a sandbox and its connector agree on a schema other than the department's own. */
export interface ExchangeTableOptions {
  schema?: string;
}

const PLAIN_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** The table with the schema override applied; refuses names that would need quoting. */
export function exchangeTableFor<Row>(
  table: ExchangeTable<Row>,
  options: ExchangeTableOptions = {},
): ExchangeTable<Row> {
  const schema = options.schema ?? table.schema;
  if (!PLAIN_IDENTIFIER.test(schema)) {
    throw new Error('exchange schema must be a plain lower-case SQL identifier');
  }
  return { ...table, schema };
}

/** `schema.table`, safe to place in SQL text: both parts are plain identifiers. */
export function qualifiedName(table: Pick<ExchangeTable<never>, 'schema' | 'table'>): string {
  return `${table.schema}.${table.table}`;
}
