-- H2 writes an identity sequence's position to disk (an extra store commit) each time its
-- cache runs out; the default cache of 32 values costs one commit per 32 inserts on every hot
-- table. A cache of 1000 makes that cost negligible. H2 writes the exact position back on a
-- clean close, so ids only jump (by less than 1000) after a crash; they stay increasing, which
-- is all the code relies on. Case numbers derive from the case id and may show that jump.
-- Not done on PostgreSQL: there the cache is per connection and ids would lose their order.
ALTER TABLE message ALTER COLUMN id SET CACHE 1000;
ALTER TABLE desk_case ALTER COLUMN id SET CACHE 1000;
ALTER TABLE desk_user ALTER COLUMN id SET CACHE 1000;
ALTER TABLE user_identity ALTER COLUMN id SET CACHE 1000;
ALTER TABLE outbox ALTER COLUMN id SET CACHE 1000;
ALTER TABLE parked_delivery ALTER COLUMN id SET CACHE 1000;
ALTER TABLE chat ALTER COLUMN id SET CACHE 1000;
ALTER TABLE rule_firing ALTER COLUMN id SET CACHE 1000;
ALTER TABLE attachment ALTER COLUMN id SET CACHE 1000;
ALTER TABLE conversation ALTER COLUMN id SET CACHE 1000;
ALTER TABLE conversation_event ALTER COLUMN id SET CACHE 1000;
