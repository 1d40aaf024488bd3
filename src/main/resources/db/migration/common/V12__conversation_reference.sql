-- What a conversation's every message changes, in a table of their own (as V11 does for cases):
-- the channel's reference (for Bot Framework the activity the answer replies to moves with each
-- message) and the moment of the last message. The conversation row, with its five indexes, is
-- written only when its customer, case or title changes.
CREATE TABLE conversation_reference (
    conversation_id     BIGINT PRIMARY KEY REFERENCES conversation (id),
    reference           VARCHAR NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO conversation_reference (conversation_id, reference, updated_at)
SELECT id, reference, updated_at FROM conversation;
ALTER TABLE conversation DROP COLUMN reference;
ALTER TABLE conversation DROP COLUMN updated_at;
