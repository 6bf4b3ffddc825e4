-- Setu's schema as the migrations leave it, for creating a new database.
-- Written by `python -m studyapp.core.storage.schema`; do not edit by hand.
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
CREATE TABLE app_meta (
	"key" VARCHAR NOT NULL, 
	value TEXT NOT NULL, 
	PRIMARY KEY ("key")
);
CREATE TABLE areas (
	id VARCHAR NOT NULL, 
	title TEXT NOT NULL, 
	section_key VARCHAR, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE questions (
	id INTEGER NOT NULL, 
	"key" VARCHAR NOT NULL, 
	type VARCHAR NOT NULL, 
	stem TEXT NOT NULL, 
	options JSON NOT NULL, 
	answer_index INTEGER, 
	details JSON NOT NULL, 
	explanation TEXT NOT NULL, 
	area VARCHAR NOT NULL, 
	difficulty VARCHAR NOT NULL, 
	origin VARCHAR NOT NULL, 
	year INTEGER, 
	tags JSON NOT NULL, 
	retired BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE ("key")
);
CREATE TABLE quiz_sessions (
	id INTEGER NOT NULL, 
	kind VARCHAR NOT NULL, 
	config JSON NOT NULL, 
	status VARCHAR NOT NULL, 
	created_ms INTEGER NOT NULL, 
	finished_ms INTEGER, 
	time_limit_s INTEGER, 
	time_used_ms INTEGER NOT NULL, 
	current_position INTEGER NOT NULL, 
	score FLOAT, 
	max_score FLOAT, paper_id INTEGER, 
	PRIMARY KEY (id)
);
CREATE TABLE "review_slots" (
	bucket INTEGER NOT NULL, 
	reviews INTEGER NOT NULL, 
	time_ms INTEGER NOT NULL, 
	lapses INTEGER NOT NULL, 
	graded INTEGER NOT NULL, 
	correct INTEGER NOT NULL, 
	mature_graded INTEGER NOT NULL, 
	mature_correct INTEGER NOT NULL, 
	new_cards INTEGER NOT NULL, 
	PRIMARY KEY (bucket)
);
CREATE TABLE sections (
	id INTEGER NOT NULL, 
	"key" VARCHAR NOT NULL, 
	parent_key VARCHAR, 
	kind VARCHAR NOT NULL, 
	title TEXT NOT NULL, 
	summary TEXT NOT NULL, 
	body TEXT NOT NULL, 
	position INTEGER NOT NULL, 
	date VARCHAR, 
	date_label TEXT NOT NULL, 
	aliases JSON NOT NULL, 
	key_figures JSON NOT NULL, 
	disagreements JSON NOT NULL, 
	partnerships JSON NOT NULL, 
	retired BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE ("key")
);
CREATE TABLE settings (
	"key" VARCHAR NOT NULL, 
	value JSON NOT NULL, 
	PRIMARY KEY ("key")
);
CREATE TABLE sources (
	id VARCHAR NOT NULL, 
	title TEXT NOT NULL, 
	publisher TEXT NOT NULL, 
	date TEXT NOT NULL, 
	note TEXT NOT NULL, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE bookmarks (
	section_id INTEGER NOT NULL, 
	created_ms INTEGER NOT NULL, 
	PRIMARY KEY (section_id), 
	FOREIGN KEY(section_id) REFERENCES sections (id) ON DELETE RESTRICT
);
CREATE TABLE cards (
	question_id INTEGER NOT NULL, 
	state INTEGER NOT NULL, 
	step INTEGER, 
	stability FLOAT, 
	difficulty FLOAT, 
	due_ms INTEGER NOT NULL, 
	last_review_ms INTEGER, 
	new_position INTEGER NOT NULL, 
	reps INTEGER NOT NULL, 
	lapses INTEGER NOT NULL, 
	suspended BOOLEAN NOT NULL, 
	flag INTEGER DEFAULT '0' NOT NULL, 
	PRIMARY KEY (question_id), 
	FOREIGN KEY(question_id) REFERENCES questions (id) ON DELETE RESTRICT
);
CREATE TABLE mains_answers (
	id INTEGER NOT NULL, 
	question_id INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	word_count INTEGER NOT NULL, 
	started_ms INTEGER NOT NULL, 
	submitted_ms INTEGER, 
	time_limit_s INTEGER NOT NULL, 
	time_taken_s INTEGER NOT NULL, 
	points_covered JSON NOT NULL, 
	score FLOAT, on_paper BOOLEAN DEFAULT 0 NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(question_id) REFERENCES questions (id) ON DELETE RESTRICT
);
CREATE TABLE notes (
	id INTEGER NOT NULL, 
	section_id INTEGER NOT NULL, 
	body TEXT NOT NULL, 
	updated_ms INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(section_id) REFERENCES sections (id) ON DELETE RESTRICT, 
	UNIQUE (section_id)
);
CREATE TABLE question_sections (
	question_id INTEGER NOT NULL, 
	section_id INTEGER NOT NULL, 
	PRIMARY KEY (question_id, section_id), 
	FOREIGN KEY(question_id) REFERENCES questions (id) ON DELETE CASCADE, 
	FOREIGN KEY(section_id) REFERENCES sections (id) ON DELETE CASCADE
);
CREATE TABLE question_sources (
	question_id INTEGER NOT NULL, 
	source_id VARCHAR NOT NULL, 
	PRIMARY KEY (question_id, source_id), 
	FOREIGN KEY(question_id) REFERENCES questions (id) ON DELETE CASCADE, 
	FOREIGN KEY(source_id) REFERENCES sources (id)
);
CREATE TABLE quiz_items (
	id INTEGER NOT NULL, 
	session_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	question_id INTEGER NOT NULL, 
	response TEXT, 
	marked BOOLEAN NOT NULL, 
	visited BOOLEAN NOT NULL, 
	time_ms INTEGER NOT NULL, 
	correct BOOLEAN, 
	marks FLOAT, confidence VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(question_id) REFERENCES questions (id) ON DELETE RESTRICT, 
	FOREIGN KEY(session_id) REFERENCES quiz_sessions (id) ON DELETE CASCADE, 
	UNIQUE (session_id, position)
);
CREATE TABLE review_log (
	id INTEGER NOT NULL, 
	question_id INTEGER NOT NULL, 
	reviewed_ms INTEGER NOT NULL, 
	rating INTEGER NOT NULL, 
	correct BOOLEAN, 
	response TEXT, 
	duration_ms INTEGER NOT NULL, 
	mode VARCHAR NOT NULL, 
	state_before INTEGER, 
	card_before JSON, 
	PRIMARY KEY (id), 
	FOREIGN KEY(question_id) REFERENCES questions (id) ON DELETE RESTRICT
);
CREATE TABLE section_links (
	section_id INTEGER NOT NULL, 
	target_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (section_id, target_id), 
	FOREIGN KEY(section_id) REFERENCES sections (id) ON DELETE CASCADE, 
	FOREIGN KEY(target_id) REFERENCES sections (id) ON DELETE CASCADE
);
CREATE TABLE section_sources (
	section_id INTEGER NOT NULL, 
	source_id VARCHAR NOT NULL, 
	PRIMARY KEY (section_id, source_id), 
	FOREIGN KEY(section_id) REFERENCES sections (id) ON DELETE CASCADE, 
	FOREIGN KEY(source_id) REFERENCES sources (id)
);
CREATE TABLE review_buckets (
	area VARCHAR NOT NULL, 
	bucket INTEGER NOT NULL, 
	reviews INTEGER NOT NULL, 
	time_ms INTEGER NOT NULL, 
	lapses INTEGER NOT NULL, 
	graded INTEGER NOT NULL, 
	correct INTEGER NOT NULL, 
	mature_graded INTEGER NOT NULL, 
	mature_correct INTEGER NOT NULL, 
	new_cards INTEGER NOT NULL, 
	PRIMARY KEY (area, bucket)
)
 WITHOUT ROWID

;
CREATE TABLE papers (
	id INTEGER NOT NULL, 
	title TEXT NOT NULL, 
	kind VARCHAR NOT NULL, 
	question_ids JSON NOT NULL, 
	area VARCHAR, 
	seconds_per_prompt INTEGER NOT NULL, 
	created_ms INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE search_text (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, item_id INTEGER NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL);
CREATE VIRTUAL TABLE search_index USING fts5(kind UNINDEXED, item_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2', content = 'search_source', content_rowid = 'id');
CREATE TABLE review_totals_mark (id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1), through_id INTEGER NOT NULL);
CREATE INDEX ix_questions_area ON questions (area);
CREATE INDEX ix_questions_retired ON questions (id) WHERE retired = 1;
CREATE INDEX ix_sections_parent_key ON sections (parent_key);
CREATE INDEX ix_cards_due ON cards (state, due_ms) WHERE suspended = 0 AND last_review_ms IS NOT NULL;
CREATE INDEX ix_cards_new ON cards (new_position) WHERE suspended = 0 AND last_review_ms IS NULL;
CREATE INDEX ix_mains_answers_question_id ON mains_answers (question_id);
CREATE INDEX ix_question_sections_section_id ON question_sections (section_id);
CREATE INDEX ix_review_log_question_id ON review_log (question_id);
CREATE INDEX ix_quiz_sessions_paper_id ON quiz_sessions (paper_id);
CREATE INDEX ix_questions_live ON questions (id) WHERE retired = 0;
CREATE INDEX ix_questions_bank ON questions (retired, area, type, origin, difficulty);
CREATE INDEX ix_questions_prompt_sort ON questions (stem COLLATE NOCASE) WHERE retired = 0;
CREATE VIEW prompt_search_text (id, kind, item_id, title, body) AS SELECT q.id, 'question', q.id, q.stem, trim(coalesce((SELECT group_concat(value, char(10)) FROM json_each(CASE WHEN json_valid(q.options) THEN q.options ELSE '[]' END)), '') || char(10) || coalesce((SELECT group_concat(atom, char(10)) FROM json_tree(CASE WHEN json_valid(q.details) THEN q.details ELSE '{}' END) WHERE type = 'text' AND key IS NOT 'ask'), '') || char(10) || q.explanation || char(10) || coalesce((SELECT group_concat(value, char(10)) FROM json_each(CASE WHEN json_valid(q.tags) THEN q.tags ELSE '[]' END)), ''), char(10)) FROM questions q WHERE q.retired = 0;
CREATE VIEW search_source AS SELECT id, kind, item_id, title, body FROM search_text UNION ALL SELECT id, kind, item_id, title, body FROM prompt_search_text;
CREATE TRIGGER search_text_added AFTER INSERT ON search_text BEGIN INSERT INTO search_index (rowid, kind, item_id, title, body) VALUES (NEW.id, NEW.kind, NEW.item_id, NEW.title, NEW.body); END;
CREATE TRIGGER search_text_removed AFTER DELETE ON search_text BEGIN INSERT INTO search_index (search_index, rowid, kind, item_id, title, body) VALUES ('delete', OLD.id, OLD.kind, OLD.item_id, OLD.title, OLD.body); END;
CREATE TRIGGER search_text_changed AFTER UPDATE ON search_text BEGIN INSERT INTO search_index (search_index, rowid, kind, item_id, title, body) VALUES ('delete', OLD.id, OLD.kind, OLD.item_id, OLD.title, OLD.body); INSERT INTO search_index (rowid, kind, item_id, title, body) VALUES (NEW.id, NEW.kind, NEW.item_id, NEW.title, NEW.body); END;
CREATE TRIGGER questions_leave_search BEFORE UPDATE OF stem, options, details, explanation, tags, retired ON questions BEGIN INSERT INTO search_index (search_index, rowid, kind, item_id, title, body) SELECT 'delete', id, kind, item_id, title, body FROM prompt_search_text WHERE id = OLD.id; END;
CREATE TRIGGER questions_rejoin_search AFTER UPDATE OF stem, options, details, explanation, tags, retired ON questions BEGIN INSERT INTO search_index (rowid, kind, item_id, title, body) SELECT id, kind, item_id, title, body FROM prompt_search_text WHERE id = NEW.id; END;
CREATE TRIGGER questions_removed_from_search BEFORE DELETE ON questions BEGIN INSERT INTO search_index (search_index, rowid, kind, item_id, title, body) SELECT 'delete', id, kind, item_id, title, body FROM prompt_search_text WHERE id = OLD.id; END;
CREATE TRIGGER review_log_bucket_add AFTER INSERT ON review_log
    WHEN NEW.id <= coalesce((SELECT through_id FROM review_totals_mark), 0) BEGIN
        INSERT INTO review_slots (bucket, reviews, time_ms, lapses, graded, correct, mature_graded, mature_correct, new_cards)
        VALUES (NEW.reviewed_ms / 900000, 1, NEW.duration_ms, (NEW.state_before IS 2 AND NEW.rating = 1), (NEW.correct IS NOT NULL), coalesce(NEW.correct, 0), (NEW.state_before IS 2 AND NEW.correct IS NOT NULL), (NEW.state_before IS 2 AND coalesce(NEW.correct, 0)), (NEW.state_before IS NULL))
        ON CONFLICT (bucket) DO UPDATE SET reviews = reviews + excluded.reviews, time_ms = time_ms + excluded.time_ms, lapses = lapses + excluded.lapses, graded = graded + excluded.graded, correct = correct + excluded.correct, mature_graded = mature_graded + excluded.mature_graded, mature_correct = mature_correct + excluded.mature_correct, new_cards = new_cards + excluded.new_cards;
        INSERT INTO review_buckets (area, bucket, reviews, time_ms, lapses, graded, correct, mature_graded, mature_correct, new_cards)
        VALUES ((SELECT area FROM questions WHERE id = NEW.question_id), NEW.reviewed_ms / 900000, 1, NEW.duration_ms, (NEW.state_before IS 2 AND NEW.rating = 1), (NEW.correct IS NOT NULL), coalesce(NEW.correct, 0), (NEW.state_before IS 2 AND NEW.correct IS NOT NULL), (NEW.state_before IS 2 AND coalesce(NEW.correct, 0)), (NEW.state_before IS NULL))
        ON CONFLICT (area, bucket) DO UPDATE SET reviews = reviews + excluded.reviews, time_ms = time_ms + excluded.time_ms, lapses = lapses + excluded.lapses, graded = graded + excluded.graded, correct = correct + excluded.correct, mature_graded = mature_graded + excluded.mature_graded, mature_correct = mature_correct + excluded.mature_correct, new_cards = new_cards + excluded.new_cards;
    END;
CREATE TRIGGER review_log_bucket_remove AFTER DELETE ON review_log
    WHEN OLD.id <= coalesce((SELECT through_id FROM review_totals_mark), 0) BEGIN
        UPDATE review_slots SET reviews = reviews - 1, time_ms = time_ms - OLD.duration_ms, lapses = lapses - (OLD.state_before IS 2 AND OLD.rating = 1), graded = graded - (OLD.correct IS NOT NULL), correct = correct - coalesce(OLD.correct, 0), mature_graded = mature_graded - (OLD.state_before IS 2 AND OLD.correct IS NOT NULL), mature_correct = mature_correct - (OLD.state_before IS 2 AND coalesce(OLD.correct, 0)), new_cards = new_cards - (OLD.state_before IS NULL)
        WHERE bucket = OLD.reviewed_ms / 900000;
        UPDATE review_buckets SET reviews = reviews - 1, time_ms = time_ms - OLD.duration_ms, lapses = lapses - (OLD.state_before IS 2 AND OLD.rating = 1), graded = graded - (OLD.correct IS NOT NULL), correct = correct - coalesce(OLD.correct, 0), mature_graded = mature_graded - (OLD.state_before IS 2 AND OLD.correct IS NOT NULL), mature_correct = mature_correct - (OLD.state_before IS 2 AND coalesce(OLD.correct, 0)), new_cards = new_cards - (OLD.state_before IS NULL)
        WHERE area = (SELECT area FROM questions WHERE id = OLD.question_id) AND bucket = OLD.reviewed_ms / 900000;
    END;
CREATE TRIGGER questions_area_moves_buckets AFTER UPDATE OF area ON questions
    WHEN OLD.area IS NOT NEW.area BEGIN
        UPDATE review_buckets SET
            reviews = review_buckets.reviews - moved.reviews, time_ms = review_buckets.time_ms - moved.time_ms, lapses = review_buckets.lapses - moved.lapses, graded = review_buckets.graded - moved.graded, correct = review_buckets.correct - moved.correct, mature_graded = review_buckets.mature_graded - moved.mature_graded, mature_correct = review_buckets.mature_correct - moved.mature_correct, new_cards = review_buckets.new_cards - moved.new_cards
        FROM (
            SELECT r.reviewed_ms / 900000 AS bucket, sum(1) AS reviews, sum(r.duration_ms) AS time_ms, sum((r.state_before IS 2 AND r.rating = 1)) AS lapses, sum((r.correct IS NOT NULL)) AS graded, sum(coalesce(r.correct, 0)) AS correct, sum((r.state_before IS 2 AND r.correct IS NOT NULL)) AS mature_graded, sum((r.state_before IS 2 AND coalesce(r.correct, 0))) AS mature_correct, sum((r.state_before IS NULL)) AS new_cards
            FROM review_log r WHERE r.question_id = NEW.id AND r.id <= coalesce((SELECT through_id FROM review_totals_mark), 0) GROUP BY bucket
        ) AS moved
        WHERE review_buckets.area = OLD.area AND review_buckets.bucket = moved.bucket;
        INSERT INTO review_buckets (area, bucket, reviews, time_ms, lapses, graded, correct, mature_graded, mature_correct, new_cards)
        SELECT NEW.area, r.reviewed_ms / 900000, sum(1), sum(r.duration_ms), sum((r.state_before IS 2 AND r.rating = 1)), sum((r.correct IS NOT NULL)), sum(coalesce(r.correct, 0)), sum((r.state_before IS 2 AND r.correct IS NOT NULL)), sum((r.state_before IS 2 AND coalesce(r.correct, 0))), sum((r.state_before IS NULL))
        FROM review_log r WHERE r.question_id = NEW.id AND r.id <= coalesce((SELECT through_id FROM review_totals_mark), 0)
        GROUP BY r.reviewed_ms / 900000
        ON CONFLICT (area, bucket) DO UPDATE SET reviews = reviews + excluded.reviews, time_ms = time_ms + excluded.time_ms, lapses = lapses + excluded.lapses, graded = graded + excluded.graded, correct = correct + excluded.correct, mature_graded = mature_graded + excluded.mature_graded, mature_correct = mature_correct + excluded.mature_correct, new_cards = new_cards + excluded.new_cards;
    END;
INSERT INTO alembic_version (version_num) VALUES ('0007_review_totals_in_batches');
