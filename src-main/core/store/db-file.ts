/** The metadata database's file name in a data folder; apart from db.ts so the hot commands need not load the driver to find it. */
export const DB_FILE = 'tokendesk.db'
