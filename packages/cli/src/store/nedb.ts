import nedb from '@seald-io/nedb';

// The package is CommonJS with `module.exports = Datastore` but types it as `export default`, so
// under NodeNext TypeScript sees the class one `.default` deeper than Node puts it.
export const Datastore = nedb as unknown as typeof nedb.default;
export type Datastore = InstanceType<typeof nedb.default>;
