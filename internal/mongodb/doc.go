// Package mongodb is the storage adapter that lets hocvuso scale out: it
// implements lms.Store on MongoDB (a replica set or a sharded cluster) with
// go.mongodb.org/mongo-driver/v2.
//
// It uses only what both MongoDB 6+ and FerretDB v1.24 serve: single-document
// CRUD, findOneAndUpdate, and unique and compound indexes, plus TTL indexes
// where the server has them. There are no multi-document transactions, so
// every store method is one atomic single-document write or a read, save
// the learner's dirty mark that follows a write changing report figures
// (see "The reports' roll-up" below).
//
// # Collections, _ids and shard keys
//
// Every hot path is a point operation on _id, so on a sharded cluster each
// one is routed to a single shard:
//
//   - users: _id is the user ID. Phone lookups use the unique index on
//     phone. Shard-key candidate: hashed _id. A unique index on a sharded
//     collection must be prefixed by the shard key, so sharding users on
//     hashed _id would lose the phone uniqueness the store guarantees.
//     We therefore keep users unsharded: tens of millions of accounts of a
//     few hundred bytes fit comfortably on one replica set. Should it ever
//     have to be sharded, the way is a separate phones collection keyed by
//     phone (claim the phone by inserting there first, then insert the user,
//     and remove the claim if that fails) with users on hashed _id. That is a
//     new migration, not a change of the lms contract.
//   - sessions: _id is the SHA-256 hash of the session token. Shard key:
//     hashed _id. DeleteUserSessions uses the index on user_id and is the
//     one scatter-gather query, run only after a secret change.
//     A TTL index on expires_at removes expired sessions.
//   - ratelimits: _id is the key, the window length and the window start,
//     so a hit is one atomic upsert with $inc. Shard key: hashed _id.
//     A TTL index on expires_at (the end of the window) removes old counters.
//   - audit: _id is the entry ID. Shard key: hashed _id; the log is written
//     far more than it is read, and ListAudit, an administrator's page,
//     may afford to gather from every shard.
//   - lesson_completions: _id is user|course|lesson, so completing twice is
//     a duplicate insert that keeps the first record. Shard key: hashed
//     user_id (indexed): a learner's progress is read by user, one shard.
//   - course_states: _id is user|course, one upsert per lesson opened.
//     Shard key: hashed user_id, as above.
//   - attempts: _id is user:quiz:number, so two starts cannot both create
//     attempt N; every change is one update guarded by rev. Shard key:
//     hashed user_id (a learner's attempts are read together); updates
//     name _id, which MongoDB routes without the shard key.
//   - item_calibrations: one document per item, rewritten by
//     "hocvuso assess calibrate"; never sharded.
//   - content and content_versions: a few hundred documents written at
//     start-up; never sharded.
//   - meta: one document holding the schema version; never sharded.
//   - enrolments: _id is class|user, so joining twice stores one record.
//     class_seats: _id is class|k, one per place taken in a class with a
//     capacity; the unique _id hands each place to one learner even when
//     joins race, where a counter would need an atomic $inc. Both are small
//     per class and may stay unsharded or shard on hashed _id.
//   - rollup_facts: _id is the user ID; one document per learner counted in
//     the reports (lms.LearnerFacts), read by commune through the index on
//     unit. Shard key: hashed _id; a report's read by unit gathers from
//     every shard, as a report may.
//   - rollup_dirty: _id is the user ID, one mark per learner whose facts
//     may be stale, with the mark's token, indexed. Shard key: hashed _id;
//     refreshers read the oldest tokens from every shard. (On FerretDB, _id
//     is user|token, one document per mark; see rollup_ferret.go.)
//
// # The reports' roll-up
//
// SQLite keeps counters; here the reports count the stored facts when
// asked (rollup.go), because counters need atomic $inc or transactions.
// Each write that can change a learner's figures marks the learner dirty
// once the write has succeeded, as a second write. Unlike SQLite, where
// triggers mark in the same transaction, a crash between the write and
// the mark can leave a learner's figures stale until
// "hocvuso report verify --repair".
//
// # FerretDB
//
// The tests run the lms contract against FerretDB v1.24 in-process. Two of
// its limits shape this package: it refuses TTL indexes (Open then creates a
// plain index, and DeleteExpired does the TTL monitor's work), and its
// findAndModify is a read followed by a write, so concurrent $inc updates
// of one document lose increments (on FerretDB HitRate counts by inserting
// one document per hit instead; see ratelimits_ferret.go). Its updates and
// deletes are likewise a read and then a write by _id, so on FerretDB the
// roll-up's dirty marks are inserted, one document per mark, and never
// updated (see rollup_ferret.go). And its update command holds every
// statement's query open to the end: one with 100 statements or more
// exhausts its SQLite connections and hangs, so bulk updates are not
// used on it.
package mongodb
