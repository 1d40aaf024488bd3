-- Dedup marks keyed by a 64-bit hash of (channel, the channel's message id) instead of the two
-- strings. Channels' message ids are random, so every mark went into another leaf of the
-- (channel_code, external_id) index, and every commit wrote each such leaf whole: 48 entries of
-- about 75 bytes. In a Bot Framework ingestion run that index was 56 % of the bytes every commit
-- wrote (260 of 470 KB, 55 messages a commit). An index of BIGINT hashes has leaves a sixth of
-- that size; the strings stay in the row (appended in order) and a copy is told from a message
-- whose hash is the same by comparing them (desk/ingest/InboundSeen).
-- The hash: the first 8 bytes of SHA-256 over channel_code || '|' || external_id, big-endian
-- (InboundSeen.keyHash computes the same).
ALTER TABLE inbound_seen ADD COLUMN key_hash BIGINT;
UPDATE inbound_seen SET key_hash = CAST(SUBSTRING(HASH('SHA-256', channel_code || '|' || external_id) FROM 1 FOR 8) AS BIGINT);
ALTER TABLE inbound_seen ALTER COLUMN key_hash SET NOT NULL;
ALTER TABLE inbound_seen DROP PRIMARY KEY;
-- two marks of one hash (a collision, about one in 10^12 pairs at 10^7 marks) keep the first only:
-- the other message is stored already, and only a copy of it arriving later would be stored again
CREATE INDEX inbound_seen_key_tmp ON inbound_seen (key_hash);
DELETE FROM inbound_seen a WHERE EXISTS (SELECT 1 FROM inbound_seen b WHERE b.key_hash = a.key_hash
    AND (b.channel_code < a.channel_code OR b.channel_code = a.channel_code AND b.external_id < a.external_id));
DROP INDEX inbound_seen_key_tmp;
CREATE UNIQUE INDEX inbound_seen_key_ix ON inbound_seen (key_hash);
