// The database layer's entry point: the connection and the query helpers.
import dbConnection from './connection';

export { getDb, getDatabase } from './connection';
// Route handlers that still query SQLite directly take the handle under this name.
export { getConnection as connection } from './connection';
export * from './helpers';

export default dbConnection;
