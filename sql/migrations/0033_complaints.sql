-- Complaints (信访 / 投诉举报, issue #17): a case of its own source, `complaint` — never public (Open311,
-- citizens' pages: shared/src/public-cases.ts) — with a row here: the channel it came through, the
-- complainant's contact (staff only: no public or wall output reads these columns), and the reply duty,
-- a second clock beside the disposal deadline, due `COMPLAINT_REPLY_WORKING_DAYS` working days after it
-- came in (computed on the case calendar by the server). The reply and the follow-up call (回访) are
-- recorded here and as entries of the case's history.

-- CASE_SOURCES (shared/src/enums.ts).
ALTER TABLE cases
  DROP CONSTRAINT cases_source_check,
  ADD CONSTRAINT cases_source_check CHECK (source IN ('citizen', 'hotline', 'inspector', 'sensor', 'video', 'assigned', 'complaint'));

-- CASE_HISTORY_ACTIONS (shared/src/case.schema.ts): as in 0031, and a complaint's reply and follow-up call.
ALTER TABLE case_history
  DROP CONSTRAINT case_history_action_check,
  ADD CONSTRAINT case_history_action_check CHECK (action IN ('report', 'file', 'cancel', 'dispatch', 'accept', 'return',
    'feedback', 'check_pass', 'check_fail', 'close', 'extend', 'defer', 'resume',
    'join', 'merge', 'merge_in', 'split', 'split_from', 'reply', 'follow_up'));

CREATE TABLE complaints (
  case_id          bigint PRIMARY KEY REFERENCES cases (id),
  -- COMPLAINT_CHANNELS (shared/src/complaint.ts).
  channel          text NOT NULL CHECK (channel IN ('12345', '12319', 'letter', 'visit', 'online')),
  contact_name     text NOT NULL CHECK (length(contact_name) BETWEEN 1 AND 100),
  contact_phone    text NOT NULL CHECK (length(contact_phone) BETWEEN 3 AND 30),
  contact_address  text CHECK (length(contact_address) <= 200),
  received_at      timestamptz NOT NULL,
  reply_due_at     timestamptz NOT NULL CHECK (reply_due_at > received_at),
  -- COMPLAINT_REPLY_METHODS (shared/src/complaint.ts); the reply is whole or absent.
  reply_method     text CHECK (reply_method IN ('phone', 'sms', 'letter', 'visit', 'online')),
  replied_at       timestamptz,
  reply_content    text CHECK (length(reply_content) <= 2000),
  replied_by       bigint REFERENCES users (id),
  -- SATISFACTION_LEVELS (shared/src/citizen-report.schema.ts); 回访 only after the reply.
  satisfaction     text CHECK (satisfaction IN ('satisfied', 'fairly_satisfied', 'dissatisfied')),
  followed_up_at   timestamptz,
  follow_up_note   text CHECK (length(follow_up_note) <= 2000),
  followed_up_by   bigint REFERENCES users (id),
  CONSTRAINT complaints_reply_whole CHECK (
    (replied_at IS NULL) = (reply_method IS NULL) AND (replied_at IS NULL) = (reply_content IS NULL)),
  CONSTRAINT complaints_reply_after_receipt CHECK (replied_at >= received_at),
  CONSTRAINT complaints_follow_up_whole CHECK ((followed_up_at IS NULL) = (satisfaction IS NULL)),
  CONSTRAINT complaints_follow_up_after_reply CHECK (followed_up_at IS NULL OR followed_up_at >= replied_at)
);
CREATE INDEX complaints_received_idx ON complaints (received_at);
CREATE INDEX complaints_reply_due_idx ON complaints (reply_due_at);
CREATE INDEX complaints_followed_up_idx ON complaints (followed_up_at) WHERE followed_up_at IS NOT NULL;

-- 按时答复: replied by the due time (shared repliedOnTime).
CREATE FUNCTION complaint_replied_on_time(replied_at timestamptz, reply_due_at timestamptz) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(replied_at <= reply_due_at, false) $$;

-- 满意 or 基本满意 (shared SATISFIED_LEVELS): the numerator of 满意率.
CREATE FUNCTION complaint_satisfied(satisfaction text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(satisfaction IN ('satisfied', 'fairly_satisfied'), false) $$;
