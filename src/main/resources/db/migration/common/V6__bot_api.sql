-- Webim External Bot API 2.0 bots: token lookup and chat ownership.

-- Bot tokens are 256-bit random strings (or long configured secrets): stored as their plain
-- SHA-256, so the bot API finds the bot by an index lookup on every call.
CREATE UNIQUE INDEX bot_token_uq ON bot (token_hash);

-- When the bot took the chat: events queued for an earlier ownership of the same case are
-- dropped instead of delivered (the chat was handed to people, or back, meanwhile).
ALTER TABLE bot_chat ADD COLUMN owned_since TIMESTAMP WITH TIME ZONE;
