-- The columns every message of a case changes, in a table of their own. A message (the customer's,
-- a staff member's, a bot's) moves the case's updated_at, changed_at and, for a reply,
-- last_response_at; it rarely changes anything else of the case (its status, assignee, subject).
-- H2 runs an UPDATE as removing the row from every index of its table and adding it again, and a
-- commit writes every page it touched: with these columns in desk_case, each message rewrote the
-- case in all eleven of desk_case's indexes. PostgreSQL cannot update a row in place (HOT) when
-- an indexed column changes, so it wrote every index entry of the case as well. Here a message
-- writes one narrow row with three indexes, and desk_case only when the case itself changes.
CREATE TABLE case_activity (
    case_id          BIGINT PRIMARY KEY REFERENCES desk_case (id),
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    changed_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    last_response_at TIMESTAMP WITH TIME ZONE
);
INSERT INTO case_activity (case_id, updated_at, changed_at, last_response_at)
SELECT id, updated_at, COALESCE(changed_at, updated_at), last_response_at FROM desk_case;
-- the case list sorted by updated_at; time-based rules counting from the last outside change
CREATE INDEX case_activity_updated_ix ON case_activity (updated_at);
CREATE INDEX case_activity_changed_ix ON case_activity (changed_at);

DROP INDEX desk_case_status_ix;
DROP INDEX desk_case_changed_ix;
ALTER TABLE desk_case DROP COLUMN updated_at;
ALTER TABLE desk_case DROP COLUMN changed_at;
ALTER TABLE desk_case DROP COLUMN last_response_at;
-- the case list filtered by status; it changes with the case, not with every message
CREATE INDEX desk_case_status_ix ON desk_case (status);
