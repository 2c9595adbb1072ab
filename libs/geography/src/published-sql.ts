/**
 * The SQL geography publishes for other capabilities' joins. Geography owns the geo_* tables: others
 * read units through its services (GeoCatalog, UnitsInScope, ...) or through the relations below
 * (docs/architecture.md, "Rules"); a plain subquery, pulled up into the join by PostgreSQL.
 */

/** Villages as others may join them: code, commune, name and path (archived ones included, as a record's village may be). */
export const VILLAGES_SQL = '(SELECT code, commune_code, name, path FROM geo_villages)';

/** Communes as others may join them: code and province (every commune of the catalog). */
export const COMMUNES_SQL = '(SELECT code, province_code FROM geo_communes)';
