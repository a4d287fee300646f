package sqlite

import (
	"context"
	"fmt"
)

// migrations are applied in order, each once, in its own transaction. Never
// edit one that has shipped: add a new one.
var migrations = []string{
	// 1: accounts, sessions, rate limits, audit log.
	`CREATE TABLE users (
		id TEXT PRIMARY KEY,
		phone TEXT NOT NULL UNIQUE,
		name TEXT NOT NULL,
		birth_year INTEGER NOT NULL,
		gender TEXT NOT NULL,
		ethnicity TEXT NOT NULL DEFAULT '',
		unit_code TEXT NOT NULL,
		role TEXT NOT NULL,
		secret_hash TEXT NOT NULL,
		assisted INTEGER NOT NULL DEFAULT 0,
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL
	) STRICT;
	CREATE INDEX users_unit ON users(unit_code, role);
	CREATE TABLE sessions (
		token_hash TEXT PRIMARY KEY,
		user_id TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		expires_at INTEGER NOT NULL
	) STRICT;
	CREATE INDEX sessions_user ON sessions(user_id);
	CREATE INDEX sessions_expiry ON sessions(expires_at);
	CREATE TABLE rate_limits (
		key TEXT NOT NULL,
		window_start INTEGER NOT NULL,
		count INTEGER NOT NULL,
		expires_at INTEGER NOT NULL,
		PRIMARY KEY (key, window_start)
	) STRICT, WITHOUT ROWID;
	CREATE INDEX rate_limits_expiry ON rate_limits(expires_at);
	CREATE TABLE audit_log (
		id TEXT PRIMARY KEY,
		at INTEGER NOT NULL,
		actor_id TEXT NOT NULL,
		action TEXT NOT NULL,
		target TEXT NOT NULL,
		unit_code TEXT NOT NULL,
		detail TEXT NOT NULL
	) STRICT;
	CREATE INDEX audit_log_at ON audit_log(at);`,

	// 2: content versions, lesson progress, reading preferences.
	`ALTER TABLE users ADD COLUMN text_size INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE users ADD COLUMN high_contrast INTEGER NOT NULL DEFAULT 0;
	CREATE TABLE content_current (
		kind TEXT NOT NULL,
		key TEXT NOT NULL,
		hash TEXT NOT NULL,
		updated_at INTEGER NOT NULL,
		PRIMARY KEY (kind, key)
	) STRICT, WITHOUT ROWID;
	CREATE TABLE content_versions (
		kind TEXT NOT NULL,
		key TEXT NOT NULL,
		hash TEXT NOT NULL,
		data BLOB NOT NULL,
		updated_at INTEGER NOT NULL,
		PRIMARY KEY (kind, key, hash)
	) STRICT, WITHOUT ROWID;
	CREATE TABLE lesson_completions (
		user_id TEXT NOT NULL,
		course_slug TEXT NOT NULL,
		lesson_id TEXT NOT NULL,
		content_hash TEXT NOT NULL,
		completed_at INTEGER NOT NULL,
		recorded_at INTEGER NOT NULL,
		PRIMARY KEY (user_id, course_slug, lesson_id)
	) STRICT, WITHOUT ROWID;
	CREATE INDEX lesson_completions_course ON lesson_completions(course_slug, lesson_id);
	CREATE TABLE course_states (
		user_id TEXT NOT NULL,
		course_slug TEXT NOT NULL,
		last_lesson_id TEXT NOT NULL,
		updated_at INTEGER NOT NULL,
		PRIMARY KEY (user_id, course_slug)
	) STRICT, WITHOUT ROWID;`,

	// 3: quiz attempts (one row each, the attempt as JSON) and item calibrations.
	`CREATE TABLE attempts (
		id TEXT PRIMARY KEY,
		user_id TEXT NOT NULL,
		quiz_id TEXT NOT NULL,
		course_slug TEXT NOT NULL,
		status TEXT NOT NULL,
		rev INTEGER NOT NULL,
		started_at INTEGER NOT NULL,
		data TEXT NOT NULL
	) STRICT;
	CREATE INDEX attempts_user ON attempts(user_id);
	CREATE INDEX attempts_quiz ON attempts(quiz_id, status);
	CREATE TABLE item_calibrations (
		item_id TEXT PRIMARY KEY,
		difficulty REAL NOT NULL,
		responses INTEGER NOT NULL,
		updated_at INTEGER NOT NULL
	) STRICT;`,

	// 4: starting an attempt reads the learner's attempts at one quiz.
	`CREATE INDEX attempts_user_quiz ON attempts(user_id, quiz_id, started_at);`,

	// 5: teams, classes, enrolments, attendance, support activities.
	`CREATE TABLE teams (
		id TEXT PRIMARY KEY, name TEXT NOT NULL, unit_code TEXT NOT NULL,
		leader_id TEXT NOT NULL, created_at INTEGER NOT NULL
	) STRICT;
	CREATE TABLE team_members (
		team_id TEXT NOT NULL, user_id TEXT NOT NULL, role TEXT NOT NULL, joined_at INTEGER NOT NULL,
		PRIMARY KEY (team_id, user_id)
	) STRICT, WITHOUT ROWID;
	CREATE INDEX team_members_user ON team_members(user_id);
	CREATE TABLE invites (
		code TEXT PRIMARY KEY, team_id TEXT NOT NULL, phone TEXT NOT NULL, created_by TEXT NOT NULL,
		expires_at INTEGER NOT NULL, used_by TEXT NOT NULL DEFAULT '', used_at INTEGER NOT NULL DEFAULT 0
	) STRICT;
	CREATE TABLE classes (
		id TEXT PRIMARY KEY, team_id TEXT NOT NULL, unit_code TEXT NOT NULL, join_code TEXT NOT NULL UNIQUE,
		status TEXT NOT NULL, data TEXT NOT NULL
	) STRICT;
	CREATE INDEX classes_team ON classes(team_id);
	CREATE INDEX classes_unit ON classes(unit_code);
	CREATE TABLE enrolments (
		class_id TEXT NOT NULL, user_id TEXT NOT NULL, via TEXT NOT NULL, at INTEGER NOT NULL,
		PRIMARY KEY (class_id, user_id)
	) STRICT, WITHOUT ROWID;
	CREATE INDEX enrolments_user ON enrolments(user_id);
	CREATE TABLE attendance (
		class_id TEXT NOT NULL, session_id TEXT NOT NULL, user_id TEXT NOT NULL, present INTEGER NOT NULL,
		marked_by TEXT NOT NULL, marked_at INTEGER NOT NULL,
		PRIMARY KEY (class_id, session_id, user_id)
	) STRICT, WITHOUT ROWID;
	CREATE TABLE activities (
		id TEXT PRIMARY KEY, trainer_id TEXT NOT NULL, unit_code TEXT NOT NULL, kind TEXT NOT NULL,
		date INTEGER NOT NULL, created_at INTEGER NOT NULL, data TEXT NOT NULL
	) STRICT;
	CREATE INDEX activities_trainer ON activities(trainer_id, created_at);
	CREATE INDEX activities_unit ON activities(unit_code, date);`,

	// 6: certificates and issuer keys.
	`CREATE TABLE certificates (
		code TEXT PRIMARY KEY, user_id TEXT NOT NULL, course_slug TEXT NOT NULL, status_index INTEGER NOT NULL UNIQUE,
		issued_at INTEGER NOT NULL, revoked_at INTEGER NOT NULL DEFAULT 0, data TEXT NOT NULL,
		UNIQUE (user_id, course_slug)
	) STRICT;
	CREATE INDEX certificates_revoked ON certificates(revoked_at);
	CREATE TABLE signing_keys (
		id TEXT PRIMARY KEY, private BLOB NOT NULL, public BLOB NOT NULL, created_at INTEGER NOT NULL, retired_at INTEGER NOT NULL DEFAULT 0
	) STRICT;`,

	// 7: reports: teams by unit, certificates by issue date.
	`CREATE INDEX teams_unit ON teams(unit_code);
	CREATE INDEX certificates_issued ON certificates(issued_at);`,

	// 8: officials' targets.
	`CREATE TABLE targets (
		unit_code TEXT NOT NULL, metric TEXT NOT NULL, period_from TEXT NOT NULL, period_to TEXT NOT NULL,
		goal INTEGER NOT NULL, set_by TEXT NOT NULL, set_at INTEGER NOT NULL,
		PRIMARY KEY (unit_code, metric, period_from, period_to)
	) STRICT, WITHOUT ROWID;`,

	// 9: the reports' roll-up (lms.RollupStore). Triggers mark a learner
	// dirty in the same transaction as every write that can change their
	// figures; the token is a sequence number, so a mark is never reused.
	`CREATE TABLE rollup_seq (n INTEGER NOT NULL) STRICT;
	INSERT INTO rollup_seq VALUES (0);
	CREATE TABLE rollup_dirty (user_id TEXT PRIMARY KEY, token INTEGER NOT NULL) STRICT, WITHOUT ROWID;
	CREATE INDEX rollup_dirty_token ON rollup_dirty(token);
	CREATE TABLE rollup_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT, WITHOUT ROWID;
	CREATE TABLE rollup_facts (user_id TEXT PRIMARY KEY, data TEXT NOT NULL) STRICT, WITHOUT ROWID;
	CREATE TABLE rollup_counts (
		commune TEXT NOT NULL, dim TEXT NOT NULL, course TEXT NOT NULL, key TEXT NOT NULL,
		enrolled INTEGER NOT NULL, started INTEGER NOT NULL, completed INTEGER NOT NULL,
		certified INTEGER NOT NULL, took INTEGER NOT NULL, passed INTEGER NOT NULL,
		PRIMARY KEY (commune, dim, course, key)
	) STRICT, WITHOUT ROWID;
	CREATE TABLE rollup_days (
		commune TEXT NOT NULL, dim TEXT NOT NULL, course TEXT NOT NULL, key TEXT NOT NULL, days INTEGER NOT NULL, n INTEGER NOT NULL,
		PRIMARY KEY (commune, dim, course, key, days)
	) STRICT, WITHOUT ROWID;
	CREATE TABLE rollup_mastery (
		commune TEXT NOT NULL, course TEXT NOT NULL, skill TEXT NOT NULL, level INTEGER NOT NULL, n INTEGER NOT NULL,
		PRIMARY KEY (commune, course, skill, level)
	) STRICT, WITHOUT ROWID;
	CREATE TRIGGER rollup_enrol AFTER INSERT ON enrolments BEGIN
		UPDATE rollup_seq SET n = n + 1;
		INSERT INTO rollup_dirty (user_id, token) VALUES (NEW.user_id, (SELECT n FROM rollup_seq))
			ON CONFLICT (user_id) DO UPDATE SET token = excluded.token;
	END;
	CREATE TRIGGER rollup_lesson AFTER INSERT ON lesson_completions BEGIN
		UPDATE rollup_seq SET n = n + 1;
		INSERT INTO rollup_dirty (user_id, token) VALUES (NEW.user_id, (SELECT n FROM rollup_seq))
			ON CONFLICT (user_id) DO UPDATE SET token = excluded.token;
	END;
	CREATE TRIGGER rollup_attempt_new AFTER INSERT ON attempts BEGIN
		UPDATE rollup_seq SET n = n + 1;
		INSERT INTO rollup_dirty (user_id, token) VALUES (NEW.user_id, (SELECT n FROM rollup_seq))
			ON CONFLICT (user_id) DO UPDATE SET token = excluded.token;
	END;
	CREATE TRIGGER rollup_attempt AFTER UPDATE ON attempts BEGIN
		UPDATE rollup_seq SET n = n + 1;
		INSERT INTO rollup_dirty (user_id, token) VALUES (NEW.user_id, (SELECT n FROM rollup_seq))
			ON CONFLICT (user_id) DO UPDATE SET token = excluded.token;
	END;
	CREATE TRIGGER rollup_cert_new AFTER INSERT ON certificates BEGIN
		UPDATE rollup_seq SET n = n + 1;
		INSERT INTO rollup_dirty (user_id, token) VALUES (NEW.user_id, (SELECT n FROM rollup_seq))
			ON CONFLICT (user_id) DO UPDATE SET token = excluded.token;
	END;
	CREATE TRIGGER rollup_cert AFTER UPDATE ON certificates BEGIN
		UPDATE rollup_seq SET n = n + 1;
		INSERT INTO rollup_dirty (user_id, token) VALUES (NEW.user_id, (SELECT n FROM rollup_seq))
			ON CONFLICT (user_id) DO UPDATE SET token = excluded.token;
	END;
	CREATE TRIGGER rollup_profile AFTER UPDATE ON users WHEN OLD.unit_code IS NOT NEW.unit_code
		OR OLD.birth_year IS NOT NEW.birth_year OR OLD.gender IS NOT NEW.gender
		OR OLD.ethnicity IS NOT NEW.ethnicity OR OLD.role IS NOT NEW.role BEGIN
		UPDATE rollup_seq SET n = n + 1;
		INSERT INTO rollup_dirty (user_id, token) VALUES (NEW.id, (SELECT n FROM rollup_seq))
			ON CONFLICT (user_id) DO UPDATE SET token = excluded.token;
	END;
	CREATE TRIGGER rollup_class_courses AFTER UPDATE ON classes
		WHEN json_extract(OLD.data, '$.Courses') IS NOT json_extract(NEW.data, '$.Courses') BEGIN
		UPDATE rollup_seq SET n = n + 1;
		INSERT INTO rollup_dirty (user_id, token) SELECT user_id, (SELECT n FROM rollup_seq) FROM enrolments WHERE class_id = NEW.id
			ON CONFLICT (user_id) DO UPDATE SET token = excluded.token;
	END;
	UPDATE rollup_seq SET n = n + 1;
	INSERT INTO rollup_dirty (user_id, token) SELECT id, (SELECT n FROM rollup_seq) FROM users WHERE role = 'learner';`,

	// 10: campaign figures kept precomputed (lms.CampaignRollupStore):
	// class sessions and certificates by commune and day (Vietnam time), the
	// learners each activity names, and the spans of days each person was
	// reached. A class whose sessions or commune change now marks its
	// learners too, as when they are reached changes.
	`CREATE TABLE class_sessions (class_id TEXT NOT NULL, unit_code TEXT NOT NULL, day INTEGER NOT NULL, trainers INTEGER NOT NULL) STRICT;
	CREATE INDEX class_sessions_class ON class_sessions(class_id);
	CREATE INDEX class_sessions_unit_day ON class_sessions(unit_code, day, class_id, trainers); -- covers the campaign queries
	CREATE TABLE cert_days (unit_code TEXT NOT NULL, day INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (unit_code, day)) STRICT, WITHOUT ROWID;
	CREATE TABLE activity_learners (activity_id TEXT NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (user_id, activity_id)) STRICT, WITHOUT ROWID;
	CREATE TABLE rollup_reach (
		scope TEXT NOT NULL, gap INTEGER NOT NULL, x INTEGER NOT NULL, y INTEGER NOT NULL, n INTEGER NOT NULL,
		PRIMARY KEY (scope, gap, x, y)
	) STRICT, WITHOUT ROWID;
	CREATE TRIGGER campaign_class_new AFTER INSERT ON classes BEGIN
		INSERT INTO class_sessions (class_id, unit_code, day, trainers)
			SELECT NEW.id, NEW.unit_code, (unixepoch(json_extract(s.value, '$.Starts')) + 25200) / 86400,
				coalesce(json_array_length(NEW.data, '$.TrainerIDs'), 0)
			FROM json_each(NEW.data, '$.Sessions') AS s WHERE s.type = 'object';
	END;
	CREATE TRIGGER campaign_class AFTER UPDATE ON classes BEGIN
		DELETE FROM class_sessions WHERE class_id = OLD.id;
		INSERT INTO class_sessions (class_id, unit_code, day, trainers)
			SELECT NEW.id, NEW.unit_code, (unixepoch(json_extract(s.value, '$.Starts')) + 25200) / 86400,
				coalesce(json_array_length(NEW.data, '$.TrainerIDs'), 0)
			FROM json_each(NEW.data, '$.Sessions') AS s WHERE s.type = 'object';
	END;
	CREATE TRIGGER campaign_cert AFTER INSERT ON certificates BEGIN
		INSERT INTO cert_days (unit_code, day, n) VALUES (coalesce(json_extract(NEW.data, '$.UnitCode'), ''), ((NEW.issued_at) / 1000 + 25200) / 86400, 1)
			ON CONFLICT (unit_code, day) DO UPDATE SET n = n + 1;
	END;
	CREATE TRIGGER campaign_activity AFTER INSERT ON activities BEGIN
		INSERT INTO activity_learners (activity_id, user_id) SELECT DISTINCT NEW.id, j.value FROM json_each(NEW.data, '$.LearnerIDs') AS j WHERE j.type = 'text'
			ON CONFLICT DO NOTHING;
		UPDATE rollup_seq SET n = n + 1;
		INSERT INTO rollup_dirty (user_id, token) SELECT DISTINCT j.value, (SELECT n FROM rollup_seq) FROM json_each(NEW.data, '$.LearnerIDs') AS j WHERE j.type = 'text'
			ON CONFLICT (user_id) DO UPDATE SET token = excluded.token;
	END;
	DROP TRIGGER rollup_class_courses;
	CREATE TRIGGER rollup_class AFTER UPDATE ON classes
		WHEN json_extract(OLD.data, '$.Courses') IS NOT json_extract(NEW.data, '$.Courses')
		OR json_extract(OLD.data, '$.Sessions') IS NOT json_extract(NEW.data, '$.Sessions')
		OR OLD.unit_code IS NOT NEW.unit_code BEGIN
		UPDATE rollup_seq SET n = n + 1;
		INSERT INTO rollup_dirty (user_id, token) SELECT user_id, (SELECT n FROM rollup_seq) FROM enrolments WHERE class_id = NEW.id
			ON CONFLICT (user_id) DO UPDATE SET token = excluded.token;
	END;
	INSERT INTO class_sessions (class_id, unit_code, day, trainers)
		SELECT c.id, c.unit_code, (unixepoch(json_extract(s.value, '$.Starts')) + 25200) / 86400,
			coalesce(json_array_length(c.data, '$.TrainerIDs'), 0)
		FROM classes AS c, json_each(c.data, '$.Sessions') AS s WHERE s.type = 'object';
	INSERT INTO cert_days (unit_code, day, n)
		SELECT coalesce(json_extract(data, '$.UnitCode'), ''), ((issued_at) / 1000 + 25200) / 86400, count(*) FROM certificates GROUP BY 1, 2;
	INSERT INTO activity_learners (activity_id, user_id)
		SELECT DISTINCT a.id, j.value FROM activities AS a, json_each(a.data, '$.LearnerIDs') AS j WHERE j.type = 'text';
	UPDATE rollup_seq SET n = n + 1;
		INSERT INTO rollup_dirty (user_id, token) SELECT id, (SELECT n FROM rollup_seq) FROM users WHERE true
			ON CONFLICT (user_id) DO UPDATE SET token = excluded.token;`,

	// 11: campaign figures for long periods: sessions and trainer turns by
	// commune and day, and each class's span and gaps of session days, so
	// the classes a period holds are two range counts (as for people
	// reached) rather than a distinct count over every session.
	`CREATE TABLE session_days (unit_code TEXT NOT NULL, day INTEGER NOT NULL, sessions INTEGER NOT NULL, trainers INTEGER NOT NULL,
		PRIMARY KEY (unit_code, day)) STRICT, WITHOUT ROWID;
	CREATE TABLE class_spans (class_id TEXT NOT NULL, unit_code TEXT NOT NULL, gap INTEGER NOT NULL, x INTEGER NOT NULL, y INTEGER NOT NULL) STRICT;
	CREATE INDEX class_spans_class ON class_spans(class_id);
	CREATE INDEX class_spans_unit ON class_spans(unit_code, gap, x, y);
	DROP TRIGGER campaign_class_new;
	DROP TRIGGER campaign_class;
	CREATE TRIGGER campaign_class_new AFTER INSERT ON classes BEGIN
		INSERT INTO class_sessions (class_id, unit_code, day, trainers)
			SELECT NEW.id, NEW.unit_code, (unixepoch(json_extract(s.value, '$.Starts')) + 25200) / 86400,
				coalesce(json_array_length(NEW.data, '$.TrainerIDs'), 0)
			FROM json_each(NEW.data, '$.Sessions') AS s WHERE s.type = 'object';
		INSERT INTO session_days (unit_code, day, sessions, trainers)
			SELECT unit_code, day, count(*), sum(trainers) FROM class_sessions WHERE class_id = NEW.id GROUP BY 1, 2 HAVING true
			ON CONFLICT (unit_code, day) DO UPDATE SET sessions = sessions + excluded.sessions, trainers = trainers + excluded.trainers;
		INSERT INTO class_spans (class_id, unit_code, gap, x, y)
			SELECT class_id, unit_code, 0, min(day), max(day) FROM class_sessions WHERE class_id = NEW.id GROUP BY class_id, unit_code;
		INSERT INTO class_spans (class_id, unit_code, gap, x, y)
			SELECT class_id, unit_code, 1, prev, day FROM (
				SELECT class_id, unit_code, day, lag(day) OVER (ORDER BY day) AS prev
				FROM (SELECT DISTINCT class_id, unit_code, day FROM class_sessions WHERE class_id = NEW.id))
			WHERE day - prev >= 2;
	END;
	CREATE TRIGGER campaign_class AFTER UPDATE ON classes BEGIN
		INSERT INTO session_days (unit_code, day, sessions, trainers)
			SELECT unit_code, day, -count(*), -sum(trainers) FROM class_sessions WHERE class_id = OLD.id GROUP BY 1, 2 HAVING true
			ON CONFLICT (unit_code, day) DO UPDATE SET sessions = sessions + excluded.sessions, trainers = trainers + excluded.trainers;
		DELETE FROM class_sessions WHERE class_id = OLD.id;
		DELETE FROM class_spans WHERE class_id = OLD.id;
		INSERT INTO class_sessions (class_id, unit_code, day, trainers)
			SELECT NEW.id, NEW.unit_code, (unixepoch(json_extract(s.value, '$.Starts')) + 25200) / 86400,
				coalesce(json_array_length(NEW.data, '$.TrainerIDs'), 0)
			FROM json_each(NEW.data, '$.Sessions') AS s WHERE s.type = 'object';
		INSERT INTO session_days (unit_code, day, sessions, trainers)
			SELECT unit_code, day, count(*), sum(trainers) FROM class_sessions WHERE class_id = NEW.id GROUP BY 1, 2 HAVING true
			ON CONFLICT (unit_code, day) DO UPDATE SET sessions = sessions + excluded.sessions, trainers = trainers + excluded.trainers;
		INSERT INTO class_spans (class_id, unit_code, gap, x, y)
			SELECT class_id, unit_code, 0, min(day), max(day) FROM class_sessions WHERE class_id = NEW.id GROUP BY class_id, unit_code;
		INSERT INTO class_spans (class_id, unit_code, gap, x, y)
			SELECT class_id, unit_code, 1, prev, day FROM (
				SELECT class_id, unit_code, day, lag(day) OVER (ORDER BY day) AS prev
				FROM (SELECT DISTINCT class_id, unit_code, day FROM class_sessions WHERE class_id = NEW.id))
			WHERE day - prev >= 2;
	END;
	INSERT INTO session_days (unit_code, day, sessions, trainers)
		SELECT unit_code, day, count(*), sum(trainers) FROM class_sessions GROUP BY 1, 2;
	INSERT INTO class_spans (class_id, unit_code, gap, x, y)
		SELECT class_id, unit_code, 0, min(day), max(day) FROM class_sessions GROUP BY class_id, unit_code;
	INSERT INTO class_spans (class_id, unit_code, gap, x, y)
		SELECT class_id, unit_code, 1, prev, day FROM (
			SELECT class_id, unit_code, day, lag(day) OVER (PARTITION BY class_id ORDER BY day) AS prev
			FROM (SELECT DISTINCT class_id, unit_code, day FROM class_sessions))
		WHERE day - prev >= 2;`,

	// 12: share targets: learners by commune, birth year and the day of
	// their first valid certificate; a target's base. Every learner is
	// marked so their first certificate is counted.
	`CREATE TABLE rollup_certified (commune TEXT NOT NULL, birth_year INTEGER NOT NULL, day INTEGER NOT NULL, n INTEGER NOT NULL,
		PRIMARY KEY (commune, birth_year, day)) STRICT, WITHOUT ROWID;
	ALTER TABLE targets ADD COLUMN base INTEGER NOT NULL DEFAULT 0;
	UPDATE rollup_seq SET n = n + 1;
	INSERT INTO rollup_dirty (user_id, token) SELECT id, (SELECT n FROM rollup_seq) FROM users WHERE role = 'learner'
		ON CONFLICT (user_id) DO UPDATE SET token = excluded.token;`,
}

func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx,
		`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("sqlite: migrations table: %w", err)
	}
	var current int
	if err := db.write.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("sqlite: read schema version: %w", err)
	}
	if current > len(migrations) {
		return fmt.Errorf("sqlite: database schema version %d is newer than this program (%d); upgrade hocvuso", current, len(migrations))
	}
	for v := current + 1; v <= len(migrations); v++ {
		if err := db.apply(ctx, v, migrations[v-1]); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) apply(ctx context.Context, version int, stmt string) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: migration %d: %w", version, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, stmt); err != nil {
		return fmt.Errorf("sqlite: migration %d: %w", version, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, datetime('now'))`, version); err != nil {
		return fmt.Errorf("sqlite: record migration %d: %w", version, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: commit migration %d: %w", version, err)
	}
	return nil
}

// SchemaVersion returns the number of migrations applied.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}
