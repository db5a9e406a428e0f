// The database layer's entry point: the connection and the query helpers.
import dbConnection from './connection';

export { getDb, getDatabase } from './connection';
export * from './helpers';

export default dbConnection;
