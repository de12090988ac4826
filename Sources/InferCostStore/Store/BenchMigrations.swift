import GRDB

/// The store's schema, as named migrations applied in order. Append-only: a shipped migration
/// is never edited, because databases in the field already ran it; change the schema with a
/// new migration below the others (docs/measurements.md, "Schema and migrations").
enum BenchMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()

        migrator.registerMigration("2026-11-21 imports and measurements") { db in
            try db.execute(sql: """
                CREATE TABLE imports (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    content_hash TEXT NOT NULL UNIQUE,
                    file_name TEXT NOT NULL,
                    format TEXT NOT NULL,
                    imported_at DATETIME NOT NULL,
                    row_count INTEGER NOT NULL CHECK (row_count >= 0),
                    unmapped_count INTEGER NOT NULL CHECK (unmapped_count >= 0)
                );
                CREATE TABLE measurements (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
                    row_key TEXT NOT NULL,
                    source TEXT NOT NULL,
                    locator TEXT,
                    device_name TEXT NOT NULL,
                    model_name TEXT NOT NULL,
                    precision TEXT,
                    precision_text TEXT NOT NULL,
                    devices INTEGER NOT NULL CHECK (devices > 0),
                    tp INTEGER,
                    pp INTEGER,
                    engine TEXT NOT NULL,
                    engine_version TEXT,
                    load_kind TEXT NOT NULL CHECK (load_kind IN ('static_batch', 'concurrency', 'max_load', 'request_rate')),
                    load_value REAL,
                    input_tokens INTEGER,
                    output_tokens INTEGER,
                    metric TEXT NOT NULL,
                    metric_family TEXT NOT NULL,
                    statistic TEXT NOT NULL,
                    value REAL NOT NULL,
                    notes TEXT,
                    UNIQUE (import_id, row_key)
                );
                CREATE INDEX measurements_device ON measurements(device_name);
                CREATE INDEX measurements_model ON measurements(model_name);
                CREATE INDEX measurements_family ON measurements(metric_family);
                CREATE INDEX measurements_source ON measurements(source);
                """)
        }

        migrator.registerMigration("2026-11-21 calibrations") { db in
            try db.execute(sql: """
                CREATE TABLE calibrations (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    created_at DATETIME NOT NULL,
                    measurements_hash TEXT NOT NULL,
                    fit_json TEXT NOT NULL
                );
                CREATE INDEX calibrations_created ON calibrations(created_at);
                """)
        }

        migrator.registerMigration("2026-12-03 attention data parallel") { db in
            try db.execute(sql: "ALTER TABLE measurements ADD COLUMN attention_dp INTEGER NOT NULL DEFAULT 0 CHECK (attention_dp IN (0, 1))")
        }

        migrator.registerMigration("2026-12-04 requests per run") { db in
            try db.execute(sql: "ALTER TABLE measurements ADD COLUMN requests INTEGER CHECK (requests IS NULL OR requests > 0)")
            // Rows imported before stated the count only in their notes, the way the importers read it now.
            let noted = try Row.fetchAll(db, sql: "SELECT id, notes FROM measurements WHERE notes IS NOT NULL")
            for row in noted {
                guard let requests = StatedSettings.requests(in: row["notes"]) else { continue }
                try db.execute(sql: "UPDATE measurements SET requests = ? WHERE id = ?", arguments: [requests, row["id"] as Int64])
            }
        }

        // Each process asks for the distinct device and model names (`measurementNames`): read from this index instead
        // of every row. A shipped file's content hash is known from its stamp while the file is unchanged (`FileStamp`),
        // so the corpus is not read and hashed in every process to learn it is loaded.
        migrator.registerMigration("2026-12-04 names index and file stamps") { db in
            try db.execute(sql: """
                CREATE INDEX measurements_names ON measurements(device_name, model_name);
                CREATE TABLE file_stamps (
                    path TEXT PRIMARY KEY,
                    stamp TEXT NOT NULL,
                    content_hash TEXT NOT NULL
                );
                """)
        }

        return migrator
    }
}
