/**
 * The Lua scripts of the Redis store. Each domain write is one script, so it is atomic and one
 * round trip (DESIGN.md, "Delivery"). Scripts are registered with node-redis (`defineScript`):
 * it sends EVALSHA and falls back to EVAL on NOSCRIPT (e.g. after a Redis restart).
 *
 * Conventions:
 * - Every key comes from `redis-keys.ts`, in KEYS or as a key name stored in a value; Lua never
 *   builds a key name.
 * - Event JSON is built in JS without `seq` (and, for status events, without `from`); Lua
 *   splices them in by string concatenation, so text is never re-encoded through cjson.
 * - Session scripts reply `{ code, summary?, event? }` (see `ScriptReply`).
 */
import { type CommandParser, defineScript } from 'redis';

/**
 * The reply of a session script. node-redis maps a tuple reply type to a plain array, so the
 * Lua table `{ code, summary?, event? }` becomes an object here.
 */
export interface ScriptReply {
  code: string;
  /**
   * The session hash as HGETALL returns it (flat field/value pairs); from the append script, the
   * session's head instead: the values of `id, siteKey, visitorId, status, handler`, in order.
   */
  summary?: string[];
  /** The event JSON, with its seq. */
  event?: string;
  /** What else the script names (the agent a session was assigned to). */
  extra?: string;
}

const toScriptReply = (reply: unknown): ScriptReply => {
  const [code, summary, event, extra] = reply as [string, string[]?, string?, string?];
  return { code, summary, event, extra };
};

/** Lua helpers shared by the session scripts (defined once per script body). */
const HELPERS = `
-- Appends one event with the session's next seq (lastSeq + 1) and returns event, seq.
-- body: the event JSON without seq; extra: more members to splice in (e.g. '"from":"bot",').
-- last_seq: the session's lastSeq when the caller read it already; the caller then writes the
-- new one itself (with its other fields, in one HSET). Otherwise it is moved here.
local function append_event(k_session, k_log, body, extra, last_seq)
  local seq
  if last_seq then seq = tonumber(last_seq) + 1
  else seq = redis.call('HINCRBY', k_session, 'lastSeq', 1) end
  local event = '{"seq":' .. seq .. ',' .. extra .. string.sub(body, 2)
  redis.call('RPUSH', k_log, event)
  return event, seq
end

-- Keeps the bots' backlogs (hash: session id -> 'handled' or 'handled:leftAt') in step with a
-- status change at seq: the bot that loses the session (or gets it anew) notes where it left;
-- the bot whose backlog is k_backlog (false unless the change gives the session to a bot) starts
-- just before this change, or at it when it opened the session itself (own == '1'). The session
-- hash keeps its bot's backlog key name in 'botBacklog'.
-- A backlog lives at least as long as the sessions it names (a bot that never comes back
-- leaves nothing behind for longer than the retention).
local function note_hand_over(k_session, id, to, set_handler, k_backlog, seq, own)
  local f = redis.call('HMGET', k_session, 'botBacklog', 'retentionMs')
  local old, keep = f[1], math.max(tonumber(f[2] or '0') or 0, 1000)
  local function touch(key)
    if redis.call('PTTL', key) < keep then redis.call('PEXPIRE', key, keep) end
  end
  if old and old ~= '' and (to ~= 'bot' or set_handler == '1') then
    local entry = redis.call('HGET', old, id)
    if entry then
      redis.call('HSET', old, id, string.match(entry, '^%d+') .. ':' .. seq)
      touch(old)
    end
    redis.call('HSET', k_session, 'botBacklog', '')
  end
  if k_backlog and to == 'bot' then
    if own == '1' then redis.call('HSET', k_backlog, id, seq) else redis.call('HSET', k_backlog, id, seq - 1) end
    touch(k_backlog)
    redis.call('HSET', k_session, 'botBacklog', k_backlog)
  end
end

-- Marks a session changed for every consumer of the session log that reads it (the pending
-- sets named, comma-separated, in the session hash's 'pending'): pending from now unless it was
-- pending earlier; a lease on it is broken (its score moves back to now), so no change is missed.
-- sets: the hash's 'pending' when the caller read it already (else nil: read here).
local function mark_pending(k_session, id, now, sets)
  if sets == nil then sets = redis.call('HGET', k_session, 'pending') end
  if not sets or sets == '' then return end
  for key in string.gmatch(sets, '[^,]+') do redis.call('ZADD', key, 'LT', now, id) end
end

-- Keeps a visitor's data (their session list; for a verified user's visitor, the visitorUser
-- hash and the userVisitor key it names) while a session of theirs is open (ttl false: PERSIST),
-- or lets it expire ttl ms from now. k_user is false or '' for a session stored before this was
-- kept: its list alone then.
local function retain_visitor(k_list, k_user, ttl)
  local targets = { k_list }
  if k_user and k_user ~= '' then
    targets[2] = k_user
    local k_mapping = redis.call('HGET', k_user, 'userKey')
    if k_mapping then targets[3] = k_mapping end
  end
  for _, key in ipairs(targets) do
    if ttl then redis.call('PEXPIRE', key, ttl) else redis.call('PERSIST', key) end
  end
end

-- Takes a session out of every index (its handler set, the idle deadlines, its visitor's open
-- pointer when it points here) and lets its keys expire after the retention period, and its
-- visitor's data too: a visitor has one open session at most, so this was their newest.
local function close_session(k_session, k_log, k_clients, k_idle, id)
  local f = redis.call('HMGET', k_session, 'handlerSet', 'openPointer', 'retentionMs', 'visitorSessions',
    'visitorUser')
  if f[1] and f[1] ~= '' then redis.call('ZREM', f[1], id) end
  redis.call('ZREM', k_idle, id)
  if f[2] and redis.call('GET', f[2]) == k_session then redis.call('DEL', f[2]) end
  for _, key in ipairs({ k_session, k_log, k_clients }) do
    redis.call('PEXPIRE', key, f[3])
  end
  if f[4] then retain_visitor(f[4], f[5], f[3]) end
end

-- Moves a session to status 'to' when its current status is one of 'sources' (a comma list
-- from JS, sourcesOf(to)), logging the change. k_handler_set is the new handler's set (false
-- when the new handler is null); set_handler is '1' when the caller names a new handler, whose
-- set then ranks the session by now (a queue's order). routing: JSON to keep, or '' (unchanged).
local function change_status(k_session, k_log, k_clients, k_idle, k_handler_set, id, to, sources,
                             body, now, set_handler, handler, routing, k_backlog)
  local from = redis.call('HGET', k_session, 'status')
  if not from then return { 'not_found' } end
  if not string.find(',' .. sources .. ',', ',' .. from .. ',', 1, true) then
    return { 'invalid_transition', redis.call('HGETALL', k_session) }
  end
  local event, seq = append_event(k_session, k_log, body, '"from":"' .. from .. '",')
  note_hand_over(k_session, id, to, set_handler, k_backlog, seq, '0')
  mark_pending(k_session, id, now)
  redis.call('HSET', k_session, 'status', to, 'updatedAt', now)
  if set_handler == '1' then
    local old = redis.call('HGET', k_session, 'handlerSet')
    if old and old ~= '' then redis.call('ZREM', old, id) end
    redis.call('HSET', k_session, 'handler', handler, 'handlerSet', k_handler_set or '')
    if k_handler_set and to ~= 'closed' then redis.call('ZADD', k_handler_set, now, id) end
  end
  if routing ~= '' then redis.call('HSET', k_session, 'routing', routing) end
  -- Read before close_session: a retention of 0 deletes the keys at once.
  local summary = redis.call('HGETALL', k_session)
  if to == 'closed' then close_session(k_session, k_log, k_clients, k_idle, id) end
  return { 'ok', summary, event }
end
`;

/**
 * Opens a session unless the visitor has an open one (then returns it: code `existing`).
 * KEYS: openPointer, session, log, clientIds, visitorSessions, idle, visitorUser[, handlerSet[,
 *       botBacklog]]
 * ARGV: id, statusEventBody, now, idleTimeoutMs, retentionMs, status, handlerJson, siteKey,
 *       visitorId, visitorJson, openedByHandler ('1' | '0'), the consumers' pending set keys
 *       (comma-separated; see `mark_pending`), then more fields of the session hash as
 *       field/value pairs: its data (`data.<key>`, JSON) and its `correlationId`
 */
const OPEN_SESSION = `${HELPERS}
local k_open, k_session, k_log, k_clients, k_list, k_idle, k_user, k_handler_set =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local id, body, now, idle_ms, retention_ms, to = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]

local current = redis.call('GET', k_open)
if current then
  local status = redis.call('HGET', current, 'status')
  if status and status ~= 'closed' then return { 'existing', redis.call('HGETALL', current) } end
end
-- A retried call whose session exists already (closed since): never overwrite its log.
if redis.call('EXISTS', k_session) == 1 then return { 'existing', redis.call('HGETALL', k_session) } end

redis.call('HSET', k_session, 'id', id, 'siteKey', ARGV[8], 'visitorId', ARGV[9], 'status', 'created',
  'handler', ARGV[7], 'handlerSet', k_handler_set or '', 'lastSpeaker', '', 'lastSeq', 0,
  'createdAt', now, 'updatedAt', now, 'visitor', ARGV[10], 'idleTimeoutMs', idle_ms,
  'retentionMs', retention_ms, 'openPointer', k_open, 'visitorSessions', k_list, 'visitorUser', k_user)
redis.call('HSET', k_session, 'pending', ARGV[12])
for i = 13, #ARGV, 2 do redis.call('HSET', k_session, ARGV[i], ARGV[i + 1]) end
local event, seq = append_event(k_session, k_log, body, '"from":"created",')
redis.call('HSET', k_session, 'status', to)
note_hand_over(k_session, id, to, '1', KEYS[9] or false, seq, ARGV[11])
mark_pending(k_session, id, now)
redis.call('LPUSH', k_list, id)
local summary = redis.call('HGETALL', k_session)
if to == 'closed' then
  for _, key in ipairs({ k_session, k_log, k_clients }) do redis.call('PEXPIRE', key, retention_ms) end
  retain_visitor(k_list, k_user, retention_ms)
else
  retain_visitor(k_list, k_user, false)
  redis.call('SET', k_open, k_session)
  if k_handler_set then redis.call('ZADD', k_handler_set, now, id) end
  redis.call('ZADD', k_idle, tonumber(now) + tonumber(idle_ms), id)
end
return { 'created', summary, event }
`;

/**
 * Appends a message, feedback or the offline form: `not_found`, `duplicate` (the original
 * event: this author stored this client id before), `session_closed`, `invalid_transition` or
 * `ok`; `ok`, `duplicate` and `invalid_transition` reply the session's head, the values of
 * `id, siteKey, visitorId, status, handler` (HMGET), not the whole hash. A message needs an open session and
 * makes its author the last speaker and refreshes the idle deadline; feedback (mode `feedback`)
 * is taken after a close too, and does neither; the offline form (mode `form`) needs status
 * `offline` and lists the session among the offline messages. A message with a required handler
 * (ARGV[7], its JSON; empty for none) is written only while the session is in the required
 * status (ARGV[8]) with that handler, else `no_longer_handler`. With an owner (ARGV[9] and
 * ARGV[10], the visitor id and site key), `forbidden` unless the session is theirs, before all else.
 * KEYS: session, log, clientIds, idle, offlineMessages
 * ARGV: id, dedupeKey (the author and client id, see dedupe-key.ts), eventBody, now, authorRole,
 *       mode ('message' | 'feedback' | 'form'), requiredHandler, requiredStatus[, ownerVisitorId,
 *       ownerSiteKey]
 */
const APPEND_EVENT = `${HELPERS}
local k_session, k_log, k_clients, k_idle, k_offline = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local id, dedupe_key, body, now, role, mode = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local required, required_status = ARGV[7], ARGV[8]

-- One read of the session: its head (SessionHead: what publishing needs, and all this script
-- checks; an append changes none of it, so it is returned as read), then what the write needs.
local f = redis.call('HMGET', k_session, 'id', 'siteKey', 'visitorId', 'status', 'handler', 'lastSeq',
  'pending', 'idleTimeoutMs')
local head = { f[1], f[2], f[3], f[4], f[5] }
local status = head[4]
if not status then return { 'not_found' } end
if ARGV[9] and ARGV[9] ~= '' and (head[3] ~= ARGV[9] or head[2] ~= ARGV[10]) then return { 'forbidden' } end
local seen = redis.call('HGET', k_clients, dedupe_key)
if seen then
  return { 'duplicate', head, redis.call('LINDEX', k_log, tonumber(seen) - 1) }
end
if status == 'closed' and mode == 'message' then return { 'session_closed' } end
if mode == 'form' and status ~= 'offline' then return { 'invalid_transition', head } end
if required ~= '' and (status ~= required_status or head[5] ~= required) then
  return { 'no_longer_handler' }
end

-- The seq read above: the session's fields are written below in one HSET, lastSeq with them.
local event, seq = append_event(k_session, k_log, body, '', f[6])
redis.call('HSET', k_clients, dedupe_key, seq)
mark_pending(k_session, id, now, f[7] or false)
if mode == 'form' then
  redis.call('HSET', k_session, 'lastSeq', seq, 'updatedAt', now, 'lastSpeaker', role, 'formSeq', seq)
  redis.call('ZADD', k_offline, now, id)
elseif mode == 'message' then
  redis.call('HSET', k_session, 'lastSeq', seq, 'updatedAt', now, 'lastSpeaker', role)
  redis.call('ZADD', k_idle, tonumber(now) + tonumber(f[8]), id)
else
  redis.call('HSET', k_session, 'lastSeq', seq, 'updatedAt', now)
end
return { 'ok', head, event }
`;

/**
 * Sets fields of a session's hash (session data, whose fields the caller prefixes, or `visitor`):
 * each pair sets a field to a JSON value, or deletes it when the value is empty. Replies
 * `not_found` or `ok` with the session.
 * KEYS: session
 * ARGV: now, field1, json1, field2, json2, ...
 */
const SET_DATA = `${HELPERS}
if redis.call('EXISTS', KEYS[1]) == 0 then return { 'not_found' } end
for i = 2, #ARGV, 2 do
  if ARGV[i + 1] == '' then
    redis.call('HDEL', KEYS[1], ARGV[i])
  else
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  end
end
redis.call('HSET', KEYS[1], 'updatedAt', ARGV[1])
mark_pending(KEYS[1], redis.call('HGET', KEYS[1], 'id'), ARGV[1])
return { 'ok', redis.call('HGETALL', KEYS[1]) }
`;

/**
 * Moves a party's read mark forward (issue 14), to at most the log's end: `not_found`,
 * `forbidden`, `same` (nothing moved) or `moved`, with the session's head (as the append script
 * replies it) and the party's mark. No event, no deadline, no pending mark: a read mark is not a
 * message.
 * With a reader (ARGV[3], the handler's JSON), `forbidden` unless the session's handler is that
 * one; with an owner (ARGV[4] and ARGV[5]), unless the session is that visitor's on that site.
 * The mark comes third in the reply, where other scripts reply an event.
 * KEYS: session
 * ARGV: field (READ_FIELD_PREFIX + party), seq, reader (handler JSON, or empty), ownerVisitorId,
 *       ownerSiteKey (both empty for none)
 */
const MARK_READ_HELPER = `
local function mark_read(k_session, field, seq, reader, owner_visitor, owner_site)
  local f = redis.call('HMGET', k_session, 'id', 'siteKey', 'visitorId', 'status', 'handler', 'lastSeq', field)
  if not f[1] then return { 'not_found' } end
  if reader ~= '' and f[5] ~= reader then return { 'forbidden' } end
  if owner_visitor ~= '' and (f[3] ~= owner_visitor or f[2] ~= owner_site) then return { 'forbidden' } end
  local head = { f[1], f[2], f[3], f[4], f[5] }
  local current = tonumber(f[7] or '0') or 0
  local mark = math.min(tonumber(seq), tonumber(f[6]))
  if mark <= current then return { 'same', head, tostring(current) } end
  redis.call('HSET', k_session, field, mark)
  return { 'moved', head, tostring(mark) }
end
`;
const MARK_READ = `${MARK_READ_HELPER}
return mark_read(KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5])
`;

/**
 * MARK_READ by a handler for several sessions (`markReadMany`): one reply as MARK_READ's per key.
 * KEYS: each session
 * ARGV: field, reader (handler JSON), then each session's seq in KEYS order
 */
const MARK_READ_MANY = `${MARK_READ_HELPER}
local replies = {}
for i = 1, #KEYS do replies[i] = mark_read(KEYS[i], ARGV[1], ARGV[2 + i], ARGV[2], '', '') end
return replies
`;

/**
 * Adds and removes labels of a session (issue 15), kept as a JSON array in its hash (absent
 * when none): `not_found`, `too_many`, or `ok` with the session hash.
 * KEYS: session. ARGV: now, maxLabels, addJson, removeJson (arrays of strings)
 */
const LABEL_SESSION = `${HELPERS}
if redis.call('EXISTS', KEYS[1]) == 0 then return { 'not_found' } end
local current = redis.call('HGET', KEYS[1], 'labels')
local set = {}
if current then for _, label in ipairs(cjson.decode(current)) do set[label] = true end end
for _, label in ipairs(cjson.decode(ARGV[4])) do set[label] = nil end
for _, label in ipairs(cjson.decode(ARGV[3])) do set[label] = true end
local labels = {}
for label in pairs(set) do table.insert(labels, label) end
if #labels > tonumber(ARGV[2]) then return { 'too_many' } end
table.sort(labels)
if #labels == 0 then redis.call('HDEL', KEYS[1], 'labels')
else redis.call('HSET', KEYS[1], 'labels', cjson.encode(labels)) end
redis.call('HSET', KEYS[1], 'updatedAt', ARGV[1])
mark_pending(KEYS[1], redis.call('HGET', KEYS[1], 'id'), ARGV[1])
return { 'ok', redis.call('HGETALL', KEYS[1]) }
`;

/**
 * Changes an offline message's state (issue 15), kept as JSON in the session's hash: `not_found`,
 * or `ok` with the session hash. The same rules as `applyOffline`.
 * KEYS: session. ARGV: now, assignee ('' unchanged, '-' none, else the agent), doneBy ('' unchanged,
 * '-' open again, else the agent)
 */
const SET_OFFLINE = `${HELPERS}
if redis.call('EXISTS', KEYS[1]) == 0 then return { 'not_found' } end
local current = redis.call('HGET', KEYS[1], 'offline')
local state = current and cjson.decode(current) or {}
if ARGV[2] == '-' then state.assignee = nil elseif ARGV[2] ~= '' then state.assignee = ARGV[2] end
if ARGV[3] == '-' then state.doneAt = nil; state.doneBy = nil
elseif ARGV[3] ~= '' then state.doneAt = tonumber(ARGV[1]); state.doneBy = ARGV[3] end
if next(state) == nil then redis.call('HSET', KEYS[1], 'offline', '{}')
else redis.call('HSET', KEYS[1], 'offline', cjson.encode(state)) end
redis.call('HSET', KEYS[1], 'updatedAt', ARGV[1])
mark_pending(KEYS[1], redis.call('HGET', KEYS[1], 'id'), ARGV[1])
return { 'ok', redis.call('HGETALL', KEYS[1]) }
`;

/**
 * Keeps a private note in the session's hash (issue 15); the log is untouched. Returns the
 * note's number, or 0 when the session is gone.
 * KEYS: session. ARGV: countField, fieldPrefix, noteJsonWithoutN (an object, `n` appended here)
 */
const APPEND_NOTE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local n = redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('HSET', KEYS[1], ARGV[2] .. n, string.sub(ARGV[3], 1, -2) .. ',"n":' .. n .. '}')
return n
`;

/**
 * Changes a session's status: `not_found`, `invalid_transition` or `ok`.
 * KEYS: session, log, clientIds, idle[, newHandlerSet[, newBotBacklog]]
 * ARGV: id, to, sourcesCsv, statusEventBody, now, setHandler ('1' | '0'), handlerJson, routingJson
 */
const CHANGE_STATUS = `${HELPERS}
return change_status(KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], ARGV[1], ARGV[2], ARGV[3],
  ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], KEYS[6])
`;

/**
 * Assigns a queued session to the longest-idle candidate who is ready (unless not required)
 * and under capacity (their handler set's size), then restarts that agent's idle clock and
 * records the wait in the queue's recent waits. Replies `not_found`, `invalid_transition`
 * (no longer queued), `no_candidate`, or `ok` with the assigned agent as the 4th member.
 * KEYS: session, log, clientIds, idle, presence, agentIdle, queueWaits, then each candidate's
 *       handler set
 * ARGV: id, now, requireReady ('1' | '0'), sourcesCsv (of assigned), recentWaits, then per
 *       candidate: agentId, capacity, handlerJson, statusEventBody
 */
const ASSIGN_SESSION = `${HELPERS}
local k_session, k_log, k_clients, k_idle, k_presence, k_agent_idle, k_waits =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local id, now, require_ready, sources, keep = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])

local status = redis.call('HGET', k_session, 'status')
if not status then return { 'not_found' } end
if status ~= 'queued' then return { 'invalid_transition', redis.call('HGETALL', k_session) } end

local best, best_idle
for i = 0, (#ARGV - 5) / 4 - 1 do
  local at = 6 + i * 4
  local agent, capacity = ARGV[at], tonumber(ARGV[at + 1])
  local able = true
  if require_ready == '1' then
    local presence = redis.call('HGET', k_presence, agent)
    able = presence and cjson.decode(presence).status == 'ready'
  end
  if able and redis.call('ZCARD', KEYS[8 + i]) < capacity then
    local idle = tonumber(redis.call('ZSCORE', k_agent_idle, agent) or '0')
    if not best or idle < best_idle then best, best_idle = i, idle end
  end
end
if not best then return { 'no_candidate' } end

local at = 6 + best * 4
local routing = redis.call('HGET', k_session, 'routing')
local reply = change_status(k_session, k_log, k_clients, k_idle, KEYS[8 + best], id, 'assigned',
  sources, ARGV[at + 3], now, '1', ARGV[at + 2], '', false)
redis.call('ZADD', k_agent_idle, now, ARGV[at])
if routing and routing ~= '' then
  redis.call('LPUSH', k_waits, tostring(tonumber(now) - cjson.decode(routing).since))
  redis.call('LTRIM', k_waits, 0, keep - 1)
end
return { 'ok', reply[2], reply[3], ARGV[at] }
`;

/**
 * Closes one session for idleness, re-checking its deadline here: a message that refreshed it,
 * or another process that closed it first, wins (code `not_idle`).
 * KEYS: session, log, clientIds, idle
 * ARGV: id, now, sourcesCsv (of closed), statusEventBody
 */
const CLOSE_IDLE = `${HELPERS}
local deadline = redis.call('ZSCORE', KEYS[4], ARGV[1])
if not deadline or tonumber(deadline) > tonumber(ARGV[2]) then return { 'not_idle' } end
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('ZREM', KEYS[4], ARGV[1])
  return { 'not_found' }
end
return change_status(KEYS[1], KEYS[2], KEYS[3], KEYS[4], false, ARGV[1], 'closed', ARGV[3],
  ARGV[4], ARGV[2], '0', '', '', false)
`;

/**
 * The visitor of a verified user: the one the user's userVisitor key names, or the candidate
 * when it names none (kept for retentionMs from now: the user may never chat). The visitor's
 * visitorUser hash records the user and that key's name, and expires with it. Replies `ok`, or
 * `other` with the visitor the key names: call again with that one as the candidate.
 * KEYS: userVisitor, the candidate's visitorUser
 * ARGV: candidate visitor id, userId, siteKey, retentionMs
 */
const IDENTIFY_VISITOR = `
local current = redis.call('GET', KEYS[1])
if current and current ~= ARGV[1] then return { 'other', current } end
if not current then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[4]) end
redis.call('HSET', KEYS[2], 'siteKey', ARGV[3], 'userId', ARGV[2], 'userKey', KEYS[1])
-- No TTL (-1) while a session of theirs is open, else the one their sessions (or this) gave.
local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 then redis.call('PEXPIRE', KEYS[2], ttl) else redis.call('PERSIST', KEYS[2]) end
return { 'ok', ARGV[1] }
`;

/**
 * Hands visitor A's open session to visitor B, unless B has one open: `ok` with the summary,
 * `none` (A has no open session) or `busy` (B has one). A's data then expires the session's
 * retention from now; B's is kept while the session is open.
 * KEYS: A's openPointer, B's openPointer, A's visitorSessions, B's visitorSessions,
 *       A's visitorUser, B's visitorUser
 * ARGV: B's visitor id, now
 */
const MOVE_OPEN_SESSION = `${HELPERS}
local function open_session(k_open)
  local k_session = redis.call('GET', k_open)
  if not k_session then return false end
  local status = redis.call('HGET', k_session, 'status')
  if status and status ~= 'closed' then return k_session end
  return false
end
if open_session(KEYS[2]) then return { 'busy' } end
local k_session = open_session(KEYS[1])
if not k_session then return { 'none' } end
local id = redis.call('HGET', k_session, 'id')
redis.call('HSET', k_session, 'visitorId', ARGV[1], 'openPointer', KEYS[2], 'visitorSessions', KEYS[4],
  'visitorUser', KEYS[6], 'updatedAt', ARGV[2])
mark_pending(k_session, id, ARGV[2])
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], k_session)
redis.call('LREM', KEYS[3], 0, id)
redis.call('LPUSH', KEYS[4], id)
retain_visitor(KEYS[3], KEYS[5], redis.call('HGET', k_session, 'retentionMs'))
retain_visitor(KEYS[4], KEYS[6], false)
return { 'ok', redis.call('HGETALL', k_session) }
`;

/**
 * Moves a bot's processing cursor forward for several sessions of its backlog (see
 * `note_hand_over`): an entry absent from the backlog is ignored, one whose session is gone is
 * dropped, and one that reaches the change that took the session away is done and removed.
 * KEYS: botBacklog, then each session's key
 * ARGV: per session, in KEYS order: id, seq
 */
const BOT_HANDLED = `
for i = 2, #KEYS do
  local id, seq = ARGV[i * 2 - 3], tonumber(ARGV[i * 2 - 2])
  local entry = redis.call('HGET', KEYS[1], id)
  if entry then
    local handled, left = string.match(entry, '^(%d+):?(%d*)$')
    handled = math.max(tonumber(handled), seq)
    if redis.call('EXISTS', KEYS[i]) == 0 or (left ~= '' and handled >= tonumber(left)) then
      redis.call('HDEL', KEYS[1], id)
    elseif left ~= '' then
      redis.call('HSET', KEYS[1], id, handled .. ':' .. left)
    else
      redis.call('HSET', KEYS[1], id, handled)
    end
  end
end
return 'ok'
`;

/**
 * Claims up to `limit` sessions pending for a consumer since `now` or before, oldest first,
 * each leased to the caller (its score becomes leaseUntil); replies their ids.
 * KEYS: pending set
 * ARGV: now, limit, leaseUntil
 */
const CLAIM_PENDING = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
for _, id in ipairs(ids) do redis.call('ZADD', KEYS[1], 'XX', ARGV[3], id) end
return ids
`;

/**
 * Releases sessions a consumer claimed (see CLAIM_PENDING): its cursor (session hash field)
 * moves forward to seq; a session still leased with this lease leaves the pending set when every
 * event is handled, or is pending again from now when some are left; a session that changed
 * since the claim (its score moved) stays as it is. A session gone leaves the set.
 * KEYS: pending set, then each session's key
 * ARGV: cursorField, now, then per session in KEYS order: id, seq, lease
 */
const RELEASE_PENDING = `
local field, now = ARGV[1], ARGV[2]
for i = 2, #KEYS do
  local at = 3 + (i - 2) * 3
  local id, seq, lease = ARGV[at], tonumber(ARGV[at + 1]), tonumber(ARGV[at + 2])
  if redis.call('EXISTS', KEYS[i]) == 0 then
    redis.call('ZREM', KEYS[1], id)
  else
    local handled = math.max(tonumber(redis.call('HGET', KEYS[i], field) or '0'), seq)
    redis.call('HSET', KEYS[i], field, handled)
    local score = redis.call('ZSCORE', KEYS[1], id)
    if score and tonumber(score) == lease then
      if handled >= tonumber(redis.call('HGET', KEYS[i], 'lastSeq')) then
        redis.call('ZREM', KEYS[1], id)
      else
        redis.call('ZADD', KEYS[1], now, id)
      end
    end
  end
end
return 'ok'
`;

/** Every script takes its KEYS and ARGV as two arrays of strings. */
const script = <Reply>(source: string, transformReply: (reply: unknown) => Reply) =>
  defineScript({
    SCRIPT: source,
    parseCommand(parser: CommandParser, keys: string[], args: string[]) {
      parser.pushKeysLength(keys);
      parser.push(...args);
    },
    transformReply,
  });

/** The scripts, by the method name node-redis gives them on the client. */
export const SCRIPTS = {
  parleyOpenSession: script(OPEN_SESSION, toScriptReply),
  parleyAppendEvent: script(APPEND_EVENT, toScriptReply),
  parleySetData: script(SET_DATA, toScriptReply),
  parleyMarkRead: script(MARK_READ, toScriptReply),
  parleyMarkReadMany: script(MARK_READ_MANY, (reply) => (reply as unknown[]).map(toScriptReply)),
  parleyLabelSession: script(LABEL_SESSION, toScriptReply),
  parleySetOffline: script(SET_OFFLINE, toScriptReply),
  parleyAppendNote: script(APPEND_NOTE, (reply) => Number(reply)),
  parleyChangeStatus: script(CHANGE_STATUS, toScriptReply),
  parleyCloseIdle: script(CLOSE_IDLE, toScriptReply),
  parleyAssignSession: script(ASSIGN_SESSION, toScriptReply),
  parleyMoveOpenSession: script(MOVE_OPEN_SESSION, toScriptReply),
  parleyBotHandled: script(BOT_HANDLED, () => undefined),
  parleyClaimPending: script(CLAIM_PENDING, (reply) => reply as string[]),
  parleyReleasePending: script(RELEASE_PENDING, () => undefined),
  parleyIdentifyVisitor: script(IDENTIFY_VISITOR, (reply) => {
    const [code, visitorId] = reply as [string, string];
    return { code, visitorId };
  }),
};
