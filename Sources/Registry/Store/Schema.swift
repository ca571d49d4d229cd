import GRDB

/// Migrations, registered by name and never edited once released: a new
/// need is a new migration. The invariants live here, in the schema.
/// Migrations that only add tables, columns and indexes check foreign keys
/// immediately: a deferred check re-reads every row of a large registry.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-registry") { db in
            try db.execute(sql: """
                CREATE TABLE setting (name TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);

                -- One registration counter per province; it only grows, so numbers are never reused.
                CREATE TABLE counter (
                    province INTEGER PRIMARY KEY NOT NULL CHECK (province BETWEEN 11 AND 82),
                    next INTEGER NOT NULL CHECK (next >= 0));

                CREATE TABLE teacher (
                    id INTEGER PRIMARY KEY,
                    number TEXT NOT NULL UNIQUE CHECK (length(number) = 13),
                    name TEXT NOT NULL CHECK (name <> ''),
                    name_key TEXT NOT NULL,
                    former_name TEXT,
                    gender TEXT CHECK (gender IN ('1', '2')),
                    birth_date TEXT,
                    nationality TEXT,
                    ethnicity TEXT,
                    political_status TEXT,
                    status TEXT NOT NULL DEFAULT '11' CHECK (status IN
                        ('01','02','03','04','05','06','07','08','09','11','12','13','14','15','16','17','99')),
                    merged_into INTEGER REFERENCES teacher(id),
                    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
                    CHECK (merged_into IS NULL OR merged_into <> id));
                CREATE INDEX teacher_name_key ON teacher(name_key);

                -- Every number ever issued. A merged-away number stays here and resolves
                -- through teacher.merged_into.
                CREATE TABLE teacher_number (
                    number TEXT PRIMARY KEY NOT NULL CHECK (length(number) = 13),
                    teacher_id INTEGER NOT NULL REFERENCES teacher(id),
                    issued_at TEXT NOT NULL);

                CREATE TABLE document (
                    id INTEGER PRIMARY KEY,
                    teacher_id INTEGER NOT NULL REFERENCES teacher(id),
                    kind TEXT NOT NULL,
                    number TEXT NOT NULL CHECK (number <> ''),
                    current INTEGER NOT NULL CHECK (current IN (0, 1)),
                    note TEXT);
                -- No two teachers hold the same current document.
                CREATE UNIQUE INDEX document_current ON document(kind, number) WHERE current = 1;
                CREATE INDEX document_number ON document(number);
                CREATE INDEX document_teacher ON document(teacher_id);

                CREATE TABLE school (
                    code TEXT PRIMARY KEY NOT NULL CHECK (length(code) = 10 AND code NOT GLOB '*[^0-9]*'),
                    name TEXT,
                    county_code TEXT CHECK (county_code IS NULL OR length(county_code) = 6),
                    successor TEXT REFERENCES school(code),
                    CHECK (successor IS NULL OR successor <> code));

                CREATE TABLE assignment (
                    id INTEGER PRIMARY KEY,
                    teacher_id INTEGER NOT NULL REFERENCES teacher(id),
                    school_code TEXT NOT NULL REFERENCES school(code),
                    kind TEXT NOT NULL CHECK (kind IN ('regular', 'rotation', 'secondment')),
                    start_date TEXT NOT NULL,
                    end_date TEXT,
                    planned_end TEXT,
                    establishment_moved INTEGER NOT NULL DEFAULT 0 CHECK (establishment_moved IN (0, 1)),
                    CHECK (end_date IS NULL OR end_date >= start_date));
                -- At most one open regular assignment per teacher.
                CREATE UNIQUE INDEX assignment_open_regular ON assignment(teacher_id)
                    WHERE kind = 'regular' AND end_date IS NULL;
                CREATE INDEX assignment_school ON assignment(school_code);

                -- Every row ever submitted, as received, linked to its teacher.
                CREATE TABLE source_record (
                    id INTEGER PRIMARY KEY,
                    teacher_id INTEGER NOT NULL REFERENCES teacher(id),
                    batch TEXT,
                    file TEXT NOT NULL,
                    sheet TEXT,
                    row INTEGER NOT NULL CHECK (row >= 1),
                    raw TEXT NOT NULL,
                    received_at TEXT NOT NULL,
                    submitted_by TEXT NOT NULL);
                CREATE INDEX source_record_teacher ON source_record(teacher_id);

                -- Blocking keys of each teacher, for the matcher's candidate search.
                CREATE TABLE match_key (
                    key INTEGER NOT NULL,
                    teacher_id INTEGER NOT NULL REFERENCES teacher(id),
                    PRIMARY KEY (key, teacher_id)) WITHOUT ROWID;

                -- Decisions that two teachers are different persons: never overridden.
                CREATE TABLE different_persons (
                    teacher_a INTEGER NOT NULL REFERENCES teacher(id),
                    teacher_b INTEGER NOT NULL REFERENCES teacher(id),
                    reason TEXT NOT NULL,
                    decided_by TEXT NOT NULL,
                    at TEXT NOT NULL,
                    PRIMARY KEY (teacher_a, teacher_b),
                    CHECK (teacher_a < teacher_b));

                -- The history: append-only.
                CREATE TABLE event (
                    id INTEGER PRIMARY KEY,
                    teacher_id INTEGER REFERENCES teacher(id),
                    kind TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    role TEXT NOT NULL,
                    at TEXT NOT NULL,
                    reason TEXT,
                    source TEXT,
                    changes TEXT NOT NULL);
                CREATE INDEX event_teacher ON event(teacher_id, id);
                CREATE INDEX event_at ON event(at);

                CREATE TRIGGER event_no_update BEFORE UPDATE ON event
                    BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
                CREATE TRIGGER event_no_delete BEFORE DELETE ON event
                    BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
                CREATE TRIGGER teacher_no_delete BEFORE DELETE ON teacher
                    BEGIN SELECT RAISE(ABORT, 'teachers are never deleted'); END;
                CREATE TRIGGER number_no_delete BEFORE DELETE ON teacher_number
                    BEGIN SELECT RAISE(ABORT, 'teacher numbers are never deleted'); END;
                CREATE TRIGGER number_no_reassign BEFORE UPDATE OF number ON teacher_number
                    BEGIN SELECT RAISE(ABORT, 'teacher numbers are never reassigned'); END;
                """)
        }
        migrator.registerMigration("v2-merges-transfers") { db in
            try db.execute(sql: """
                -- What a merge moved and filled, so that unmerge restores it exactly.
                CREATE TABLE merge (
                    id INTEGER PRIMARY KEY,
                    survivor INTEGER NOT NULL REFERENCES teacher(id),
                    merged INTEGER NOT NULL REFERENCES teacher(id),
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    reason TEXT NOT NULL CHECK (reason <> ''),
                    moved TEXT NOT NULL,
                    filled TEXT NOT NULL,
                    undone_at TEXT,
                    CHECK (survivor <> merged));
                CREATE UNIQUE INDEX merge_open ON merge(merged) WHERE undone_at IS NULL;

                CREATE TABLE transfer (
                    id INTEGER PRIMARY KEY,
                    teacher_id INTEGER NOT NULL REFERENCES teacher(id),
                    from_school TEXT NOT NULL REFERENCES school(code),
                    to_school TEXT NOT NULL REFERENCES school(code),
                    effective_date TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
                    -- Approvals given so far, in the order receiving school, its authority,
                    -- sending school, its authority.
                    steps_done INTEGER NOT NULL DEFAULT 0 CHECK (steps_done BETWEEN 0 AND 4),
                    requested_by TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    CHECK (from_school <> to_school),
                    CHECK (state <> 'approved' OR steps_done = 4));
                CREATE TABLE transfer_step (
                    transfer_id INTEGER NOT NULL REFERENCES transfer(id),
                    step INTEGER NOT NULL CHECK (step BETWEEN 1 AND 4),
                    decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject')),
                    actor TEXT NOT NULL,
                    role TEXT NOT NULL,
                    at TEXT NOT NULL,
                    reason TEXT,
                    PRIMARY KEY (transfer_id, step));
                """)
        }
        migrator.registerMigration("v3-match-evidence") { db in
            try db.execute(sql: """
                -- Evidence the matcher compares, kept with the teacher so a stored
                -- teacher is compared on the same fields as an incoming row.
                ALTER TABLE teacher ADD COLUMN certificate TEXT;
                ALTER TABLE teacher ADD COLUMN phone TEXT;
                ALTER TABLE teacher ADD COLUMN hire_date TEXT;
                -- A row submitted again, cell for cell, is recognised as such.
                ALTER TABLE source_record ADD COLUMN row_hash TEXT;
                CREATE INDEX source_record_hash ON source_record(row_hash);

                -- Rows too close to existing teachers to register without a person deciding.
                CREATE TABLE review_item (
                    id INTEGER PRIMARY KEY,
                    row_hash TEXT NOT NULL,
                    raw TEXT NOT NULL,
                    file TEXT NOT NULL,
                    row INTEGER NOT NULL,
                    candidates TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    created_by TEXT NOT NULL,
                    resolved_at TEXT,
                    resolution TEXT);
                CREATE INDEX review_item_open ON review_item(row_hash) WHERE resolved_at IS NULL;
                """)
        }
        migrator.registerMigration("v4-import-batches") { db in
            try db.execute(sql: """
                -- Every file imported, by content: the same file again changes nothing.
                CREATE TABLE import_batch (
                    id INTEGER PRIMARY KEY,
                    file TEXT NOT NULL,
                    content_hash TEXT NOT NULL UNIQUE,
                    school_code TEXT,
                    rows INTEGER NOT NULL CHECK (rows >= 0),
                    imported_at TEXT NOT NULL,
                    actor TEXT NOT NULL);
                """)
        }
        migrator.registerMigration("v5-accounts-uploads", foreignKeyChecks: .immediate) { db in
            try db.execute(sql: """
                -- Users of the five levels. A jurisdiction is a region code (province 2, city 4,
                -- county 6 digits; '' for the ministry) or, for a school, its 10-digit code.
                CREATE TABLE account (
                    name TEXT PRIMARY KEY NOT NULL CHECK (name <> ''),
                    password_hash TEXT NOT NULL CHECK (password_hash LIKE '$2%'),
                    role TEXT NOT NULL CHECK (role IN ('ministry', 'province', 'city', 'county', 'school')),
                    jurisdiction TEXT NOT NULL,
                    full_view INTEGER NOT NULL DEFAULT 0 CHECK (full_view IN (0, 1)),
                    created_at TEXT NOT NULL,
                    created_by TEXT NOT NULL,
                    CHECK (role <> 'ministry' OR jurisdiction = ''),
                    CHECK (role <> 'province' OR length(jurisdiction) = 2),
                    CHECK (role <> 'city' OR length(jurisdiction) = 4),
                    CHECK (role <> 'county' OR length(jurisdiction) = 6),
                    CHECK (role <> 'school' OR length(jurisdiction) = 10));

                -- Every view of a full document number: who, when, which teacher. Append-only.
                CREATE TABLE access_log (
                    id INTEGER PRIMARY KEY,
                    at TEXT NOT NULL,
                    account TEXT NOT NULL,
                    role TEXT NOT NULL,
                    teacher_id INTEGER NOT NULL REFERENCES teacher(id),
                    what TEXT NOT NULL);
                CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
                    BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
                CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
                    BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;

                -- Files received through the service: what came in, from whom, and what became of it.
                CREATE TABLE upload (
                    id INTEGER PRIMARY KEY,
                    file TEXT NOT NULL,
                    uploaded_by TEXT NOT NULL,
                    role TEXT NOT NULL,
                    jurisdiction TEXT NOT NULL,
                    -- The county (or wider region) the files belong to, for who may see the upload.
                    region TEXT NOT NULL,
                    at TEXT NOT NULL,
                    summary TEXT NOT NULL,
                    problems TEXT NOT NULL,
                    error_workbook BLOB);
                CREATE INDEX upload_region ON upload(region);

                -- Which school each source row and review item came from, for progress and scope.
                ALTER TABLE import_batch ADD COLUMN upload_id INTEGER REFERENCES upload(id);
                ALTER TABLE import_batch ADD COLUMN valid_rows INTEGER;
                ALTER TABLE review_item ADD COLUMN school_code TEXT;
                """)
        }
        migrator.registerMigration("v6-review-chain", foreignKeyChecks: .immediate) { db in
            try db.execute(sql: """
                -- Each imported file is reviewed level by level: county, city, province
                -- (higher education straight to the province). A rejection returns it to
                -- the county; a corrected file supersedes it.
                ALTER TABLE import_batch ADD COLUMN state TEXT NOT NULL DEFAULT 'submitted'
                    CHECK (state IN ('submitted', 'county-approved', 'city-approved', 'province-approved', 'returned', 'superseded'));
                ALTER TABLE import_batch ADD COLUMN county_code TEXT;
                ALTER TABLE import_batch ADD COLUMN higher_education INTEGER NOT NULL DEFAULT 0 CHECK (higher_education IN (0, 1));
                ALTER TABLE import_batch ADD COLUMN supersedes INTEGER REFERENCES import_batch(id);
                CREATE INDEX import_batch_school ON import_batch(school_code, state);

                CREATE TABLE batch_decision (
                    id INTEGER PRIMARY KEY,
                    batch_id INTEGER NOT NULL REFERENCES import_batch(id),
                    level TEXT NOT NULL CHECK (level IN ('county', 'city', 'province')),
                    decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject')),
                    -- For a rejection of single rows: their row numbers, comma-separated.
                    rows TEXT,
                    actor TEXT NOT NULL,
                    role TEXT NOT NULL,
                    at TEXT NOT NULL,
                    reason TEXT,
                    CHECK (decision = 'approve' OR (reason IS NOT NULL AND reason <> '')));
                -- When a document was added and retired, so that a past day's documents can be told.
                ALTER TABLE document ADD COLUMN added_at TEXT;
                ALTER TABLE document ADD COLUMN retired_at TEXT;
                -- When the registry learnt of an assignment and of its end (business dates are
                -- start_date and end_date): exports as of a day use what was known that day.
                ALTER TABLE assignment ADD COLUMN recorded_at TEXT;
                ALTER TABLE assignment ADD COLUMN closed_at TEXT;
                -- A teacher's assignments are read on every lookup and every match candidate.
                CREATE INDEX assignment_teacher ON assignment(teacher_id);

                CREATE TRIGGER batch_decision_no_update BEFORE UPDATE ON batch_decision
                    BEGIN SELECT RAISE(ABORT, 'batch decisions are append-only'); END;
                CREATE TRIGGER batch_decision_no_delete BEFORE DELETE ON batch_decision
                    BEGIN SELECT RAISE(ABORT, 'batch decisions are append-only'); END;
                """)
        }
        migrator.registerMigration("v7-change-requests", foreignKeyChecks: .immediate) { db in
            try db.execute(sql: """
                -- A change to an identity field of approved data waits for the level above.
                CREATE TABLE change_request (
                    id INTEGER PRIMARY KEY,
                    teacher_id INTEGER NOT NULL REFERENCES teacher(id),
                    -- JSON: [{"field", "before", "after"}]
                    changes TEXT NOT NULL,
                    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected')),
                    requested_by TEXT NOT NULL,
                    requested_role TEXT NOT NULL,
                    requested_at TEXT NOT NULL,
                    reason TEXT NOT NULL CHECK (reason <> ''),
                    decided_by TEXT,
                    decided_at TEXT,
                    decision_reason TEXT,
                    CHECK (state = 'pending' OR decided_by IS NOT NULL));
                CREATE INDEX change_request_pending ON change_request(state, teacher_id);
                """)
        }
        migrator.registerMigration("v8-compact-storage", foreignKeyChecks: .immediate) { db in
            try CompactStorage.migrate(db)
        }
        migrator.registerMigration("v9-match-key-unchecked", foreignKeyChecks: .immediate) { db in
            // Blocking keys are derived from the teacher's values and written by registration alone; a
            // foreign-key check on each key is a random seek into the teacher table (keys are written in
            // key order, teachers are not): most of the time of writing them. `db check` counts keys of no teacher.
            try db.execute(sql: """
                CREATE TABLE match_key_unchecked (
                    key INTEGER NOT NULL,
                    teacher_id INTEGER NOT NULL,
                    PRIMARY KEY (key, teacher_id)) WITHOUT ROWID;
                INSERT INTO match_key_unchecked SELECT key, teacher_id FROM match_key ORDER BY key, teacher_id;
                DROP TABLE match_key;
                ALTER TABLE match_key_unchecked RENAME TO match_key;
                """)
        }
        migrator.registerMigration("v10-review-kinds", foreignKeyChecks: .immediate) { db in
            try db.execute(sql: """
                -- 'elsewhere': a row naming a teacher registered outside the uploader's jurisdiction, held
                -- for a level that covers both the row's school and the teacher.
                ALTER TABLE review_item ADD COLUMN kind TEXT NOT NULL DEFAULT 'possible' CHECK (kind IN ('possible', 'elsewhere'));
                """)
        }
        migrator.registerMigration("v11-sessions-access-events", foreignKeyChecks: .immediate) { db in
            try db.execute(sql: """
                -- A disabled account signs in no more and its sessions end; repeated failures lock it until a
                -- superior lifts the lock.
                ALTER TABLE account ADD COLUMN disabled_at TEXT;
                ALTER TABLE account ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0);
                ALTER TABLE account ADD COLUMN last_failure_at TEXT;
                ALTER TABLE account ADD COLUMN locked_at TEXT;

                -- Signed-in sessions, by the SHA-256 of their token (the token itself is never stored):
                -- they survive a restart and every server instance on the database shares them.
                CREATE TABLE session (
                    token_hash TEXT PRIMARY KEY NOT NULL CHECK (length(token_hash) = 64),
                    account TEXT NOT NULL,
                    csrf TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    expires_at TEXT NOT NULL,
                    revoked_at TEXT);
                CREATE INDEX session_account ON session(account);

                -- Sign-ins, sign-outs, failures, lockouts, account changes and transfer look-ups: who, when,
                -- from where. Append-only.
                CREATE TABLE access_event (
                    id INTEGER PRIMARY KEY,
                    at TEXT NOT NULL,
                    account TEXT NOT NULL,
                    role TEXT,
                    action TEXT NOT NULL,
                    address TEXT,
                    teacher_id INTEGER REFERENCES teacher(id),
                    detail TEXT);
                CREATE INDEX access_event_account ON access_event(account, id);
                CREATE TRIGGER access_event_no_update BEFORE UPDATE ON access_event
                    BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
                CREATE TRIGGER access_event_no_delete BEFORE DELETE ON access_event
                    BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
                """)
        }
        migrator.registerMigration("v12-value-lengths") { db in
            // The values a person types are bounded here too, whatever path writes them (Teacher.maximumLength).
            let check = """
                length(NEW.name) > 50 OR length(NEW.former_name) > 50 OR length(NEW.phone) > 30 OR length(NEW.certificate) > 100
                OR length(NEW.gender) > 30 OR length(NEW.nationality) > 30 OR length(NEW.ethnicity) > 30
                OR length(NEW.political_status) > 30 OR length(NEW.birth_date) > 30 OR length(NEW.hire_date) > 30
                """
            try db.execute(sql: """
                CREATE TRIGGER teacher_lengths_insert BEFORE INSERT ON teacher WHEN \(check)
                    BEGIN SELECT RAISE(ABORT, 'a value is longer than its field allows'); END;
                CREATE TRIGGER teacher_lengths_update BEFORE UPDATE ON teacher WHEN \(check)
                    BEGIN SELECT RAISE(ABORT, 'a value is longer than its field allows'); END;
                CREATE TRIGGER school_lengths_insert BEFORE INSERT ON school WHEN length(NEW.name) > 100
                    BEGIN SELECT RAISE(ABORT, 'a school name is longer than 100 characters'); END;
                CREATE TRIGGER school_lengths_update BEFORE UPDATE ON school WHEN length(NEW.name) > 100
                    BEGIN SELECT RAISE(ABORT, 'a school name is longer than 100 characters'); END;
                CREATE TRIGGER account_lengths BEFORE INSERT ON account WHEN length(NEW.name) > 64
                    BEGIN SELECT RAISE(ABORT, 'a user name is longer than 64 characters'); END;
                """)
        }
        migrator.registerMigration("v13-teacher-record") { db in
            // The template's other cells of each teacher, typed (`TeacherField`): one JSON object by field key, its
            // changes in the teacher's history like every other field.
            try db.execute(sql: """
                CREATE TABLE teacher_record (
                    teacher_id INTEGER PRIMARY KEY NOT NULL REFERENCES teacher(id),
                    fields TEXT NOT NULL CHECK (length(fields) <= 20000));
                """)
        }
        migrator.registerMigration("v14-school-directory") { db in
            // The school directory (学校名录): each school's type, urban–rural class, sponsorship and students, typed
            // (`SchoolDescription`), and its changes as events of the school.
            try db.execute(sql: """
                ALTER TABLE school ADD COLUMN school_type TEXT CHECK (school_type IS NULL OR length(school_type) <= 8);
                ALTER TABLE school ADD COLUMN template_kind TEXT
                    CHECK (template_kind IS NULL OR template_kind IN ('中小学', '幼儿园', '中职', '特教', '高校'));
                ALTER TABLE school ADD COLUMN urban_rural TEXT CHECK (urban_rural IS NULL OR length(urban_rural) <= 8);
                ALTER TABLE school ADD COLUMN sponsorship TEXT CHECK (sponsorship IS NULL OR length(sponsorship) <= 8);
                ALTER TABLE school ADD COLUMN sponsor TEXT CHECK (sponsor IS NULL OR length(sponsor) <= 60);
                ALTER TABLE school ADD COLUMN students INTEGER CHECK (students IS NULL OR students BETWEEN 0 AND 200000);
                ALTER TABLE event ADD COLUMN school_code TEXT;
                CREATE INDEX event_school ON event(school_code, id) WHERE school_code IS NOT NULL;
                CREATE INDEX school_county ON school(county_code);
                """)
        }
        migrator.registerMigration("v15-teacher-subsets") { db in
            // The national sub-sets (学习经历, 年度考核 …, `TeacherSubset`): each row of a teacher one JSON object of
            // typed values, identified among the teacher's rows of its sub-set by `row_key`; every change an event.
            try db.execute(sql: """
                CREATE TABLE teacher_subset (
                    id INTEGER PRIMARY KEY,
                    teacher_id INTEGER NOT NULL REFERENCES teacher(id),
                    subset TEXT NOT NULL CHECK (length(subset) BETWEEN 1 AND 20),
                    row_key TEXT NOT NULL CHECK (length(row_key) <= 200),
                    fields TEXT NOT NULL CHECK (length(fields) <= 4000),
                    UNIQUE (teacher_id, subset, row_key));
                """)
        }
        return migrator
    }
}
