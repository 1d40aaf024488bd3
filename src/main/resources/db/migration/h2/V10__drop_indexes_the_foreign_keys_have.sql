-- H2 only. H2 gives every foreign key an index of exactly its columns, made with the table, and
-- runs an UPDATE as removing the row from every index of its table and adding it again: each
-- index costs every row written or changed, and each commit writes its touched pages. The
-- indexes below, made after their tables, repeat what a key's index already is:
--  * on the key's own column (user_identity.user_id, conversation.case_id, attachment.message_id,
--    case_label.label_id);
--  * on the key's column and the row id (message, chat, rule_firing, message_keyboard and
--    conversation_event by case or conversation): H2 ends every index entry with the row's id, so
--    the key's index on case_id holds a case's rows in id order already; H2 sorts the rows of the
--    one case it finds (its messages, chats, firings), which is cheap.
-- The keys' own indexes are kept, not these: before a table has statistics, H2's planner rates
-- some other indexes as good (a prefix of user_identity_uq as good as user_id) and takes the first
-- index of a tie, which is the key's, made with the table; and a plan is kept for as long as its
-- pooled connection. PostgreSQL keeps all of them: its keys have no indexes of their own.
DROP INDEX user_identity_user_ix;
DROP INDEX conversation_case_ix;
DROP INDEX attachment_message_ix;
DROP INDEX case_label_label_ix;
DROP INDEX message_case_ix;
DROP INDEX chat_case_ix;
DROP INDEX rule_firing_case_ix;
DROP INDEX message_keyboard_case_ix;
DROP INDEX conversation_event_ix;
