-- Gateway sessions on Redis (RedisSessionStore): every decision about a session is one call of this script, so
-- that any number of gateways see one order of events. Times are the Redis server's clock in milliseconds (plus
-- ARGV[2], an offset that only tests set). Nothing here is a session id, token, apiUrl or principal in clear: a
-- session is known by its name (a keyed HMAC of its id), its record is a sealed blob, and the values compared for
-- reuse and conflicts are keyed HMACs too. ARGV carries milliseconds; the stored times are microseconds.
--
-- KEYS[1] the session's hash     {blob, gen, cred, api, owner, client, opened, used, validated}
-- KEYS[2] its eviction marker    (exists for the idle TTL after an eviction)
-- KEYS[3] by-use                 sorted set: name -> last successful use
-- KEYS[4] by-opening             sorted set: name -> first opening
-- KEYS[5] owners                 hash: name -> "<owner> <client>" (what the counts of a session are)
-- KEYS[6] per-owner              hash: owner -> sessions held
-- KEYS[7] per-client             hash: client -> sessions held
-- ARGV[1] operation, ARGV[2] clock offset (ms), ARGV[3] key prefix, ARGV[4] the session's name, ARGV[5] idle TTL (ms),
-- ARGV[6] maximum lifetime (ms); then the operation's own arguments from ARGV[7].
--
-- Other sessions' keys (evicted or swept ones) are built from the prefix: every key a call touches is not declared,
-- so this script needs a standalone Redis (or Sentinel); see docs/operations.md for what Redis Cluster would need.

local op, prefix, name = ARGV[1], ARGV[3], ARGV[4]
-- times are microseconds (16 digits: exact as Lua numbers, and as the strings Redis makes of them)
local idle, lifetime = tonumber(ARGV[5]) * 1000, tonumber(ARGV[6]) * 1000
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2]) + tonumber(ARGV[2]) * 1000

-- the time of a use or an opening: strictly later than any before, so that the orders of use and of opening are the
-- orders of the calls, even for two in the same microsecond
local function stamp()
  local clock = prefix .. 'sessions:clock'
  local last = tonumber(redis.call('GET', clock) or '0')
  if now <= last then
    now = last + 1
  end
  redis.call('SET', clock, string.format('%d', now))
  return now
end

local function record_key(n)
  return prefix .. 'session:{' .. n .. '}'
end

local function count(key, field, by)
  local left = redis.call('HINCRBY', key, field, by)
  if left <= 0 then
    redis.call('HDEL', key, field)
  end
end

-- removes a session and its bookkeeping; returns its sealed record ('' when the record itself was already gone)
local function remove(n)
  local blob = redis.call('HGET', record_key(n), 'blob') or ''
  local owners = redis.call('HGET', KEYS[5], n)
  if owners then
    local owner, client = string.match(owners, '^(%S*) (%S+)$')
    if owner ~= '' then
      count(KEYS[6], owner, -1)
    end
    count(KEYS[7], client, -1)
    redis.call('HDEL', KEYS[5], n)
  end
  redis.call('ZREM', KEYS[3], n)
  redis.call('ZREM', KEYS[4], n)
  redis.call('DEL', record_key(n))
  return blob
end

-- 'lifetime' or 'idle' when the session is due to end, else nil
local function due(n)
  local opened = redis.call('ZSCORE', KEYS[4], n)
  if opened and now - tonumber(opened) >= lifetime then
    return 'lifetime'
  end
  local used = redis.call('ZSCORE', KEYS[3], n)
  if used and now - tonumber(used) >= idle then
    return 'idle'
  end
  return nil
end

-- the refusal a new or replacing record meets, or nil: conflict, or a per-owner or per-client bound
local function refusal(cred, api, owner, client, max_owner, max_client)
  if redis.call('EXISTS', KEYS[1]) == 1 then
    local held = redis.call('HMGET', KEYS[1], 'cred', 'api', 'owner')
    if held[1] == cred or (held[3] ~= '' and held[3] == owner and held[2] == api) then
      return nil
    end
    return 'conflict'
  end
  if owner ~= '' and tonumber(redis.call('HGET', KEYS[6], owner) or '0') >= max_owner then
    return 'owner-limit'
  end
  if tonumber(redis.call('HGET', KEYS[7], client) or '0') >= max_client then
    return 'client-limit'
  end
  return nil
end

if op == 'peek' then
  -- the session without counting as use; one that is due ends here, for exactly one caller
  if redis.call('EXISTS', KEYS[1]) == 0 then
    return {'none', redis.call('EXISTS', KEYS[2])}
  end
  local ending = due(name)
  if ending then
    return {'ended', ending, remove(name)}
  end
  local held = redis.call('HMGET', KEYS[1], 'blob', 'gen', 'validated')
  return {'live', held[1], held[2], string.format('%d', math.floor((now - tonumber(held[3])) / 1000))}

elseif op == 'touch' then
  -- a successful use of exactly this record (ARGV[7]: its generation)
  if redis.call('HGET', KEYS[1], 'gen') ~= ARGV[7] then
    return 0
  end
  stamp()
  redis.call('HSET', KEYS[1], 'used', string.format('%d', now))
  redis.call('ZADD', KEYS[3], now, name)
  return 1

elseif op == 'validated' then
  -- the credential API accepted this record's token again (ARGV[7]: its generation)
  if redis.call('HGET', KEYS[1], 'gen') ~= ARGV[7] then
    return 0
  end
  redis.call('HSET', KEYS[1], 'validated', string.format('%d', now))
  return 1

elseif op == 'reseal' then
  -- this record, sealed again with a change that is not a new generation (ARGV[7]: generation, ARGV[8]: blob)
  if redis.call('HGET', KEYS[1], 'gen') ~= ARGV[7] then
    return 0
  end
  redis.call('HSET', KEYS[1], 'blob', ARGV[8])
  return 1

elseif op == 'admit' then
  -- the refusal a record would meet now, before anything is opened for it (store decides again, atomically).
  -- ARGV[7..12]: cred, api, owner, client, per-owner bound, per-client bound
  return refusal(ARGV[7], ARGV[8], ARGV[9], ARGV[10], tonumber(ARGV[11]), tonumber(ARGV[12])) or 'ok'

elseif op == 'store' then
  -- create, refresh or conflict in one step. ARGV[7..15]: blob, generation, cred, api, owner, client, bound on all
  -- sessions, per-owner bound, per-client bound; then ARGV[16]: the record's safety expiry (ms). Returns the outcome
  -- and, for every session that ended on the way, its ending, name and sealed record.
  local blob, gen, cred, api, owner, client = ARGV[7], ARGV[8], ARGV[9], ARGV[10], ARGV[11], ARGV[12]
  local max_all, max_owner, max_client = tonumber(ARGV[13]), tonumber(ARGV[14]), tonumber(ARGV[15])
  local result = {''}
  stamp()
  if redis.call('EXISTS', KEYS[1]) == 1 then
    local ending = due(name)
    if ending then
      table.insert(result, ending)
      table.insert(result, name)
      table.insert(result, remove(name))
    end
  end
  local refused = refusal(cred, api, owner, client, max_owner, max_client)
  if refused then
    return {refused}
  end
  local opened = now
  if redis.call('EXISTS', KEYS[1]) == 1 then
    opened = tonumber(redis.call('ZSCORE', KEYS[4], name))
    table.insert(result, 'replaced')
    table.insert(result, name)
    table.insert(result, remove(name))
    result[1] = 'refreshed'
  else
    while redis.call('ZCARD', KEYS[3]) >= max_all do
      local eldest = redis.call('ZRANGE', KEYS[3], 0, 0)[1]
      table.insert(result, 'evicted')
      table.insert(result, eldest)
      table.insert(result, remove(eldest))
      redis.call('SET', prefix .. 'evicted:{' .. eldest .. '}', '1', 'PX', ARGV[5])
    end
    result[1] = 'created'
  end
  redis.call('HSET', KEYS[1], 'blob', blob, 'gen', gen, 'cred', cred, 'api', api, 'owner', owner, 'client', client,
    'opened', string.format('%d', opened), 'used', string.format('%d', now), 'validated', string.format('%d', now))
  redis.call('PEXPIRE', KEYS[1], ARGV[16])
  redis.call('ZADD', KEYS[3], now, name)
  redis.call('ZADD', KEYS[4], opened, name)
  redis.call('HSET', KEYS[5], name, owner .. ' ' .. client)
  if owner ~= '' then
    count(KEYS[6], owner, 1)
  end
  count(KEYS[7], client, 1)
  redis.call('DEL', KEYS[2])
  return result

elseif op == 'remove' then
  -- ends exactly this record (ARGV[7]: its generation); 1 when it was the one stored
  if redis.call('HGET', KEYS[1], 'gen') ~= ARGV[7] then
    return 0
  end
  remove(name)
  return 1

elseif op == 'sweep' then
  -- ends up to ARGV[7] sessions past their idle time or lifetime (the heads of the two orders); returns each one's
  -- ending, name and sealed record. A record that vanished on its own (its safety expiry) is cleaned up as ''.
  local limit = tonumber(ARGV[7])
  local result = {}
  local function collect(order, before, ending)
    for _, n in ipairs(redis.call('ZRANGEBYSCORE', order, '-inf', before, 'LIMIT', 0, limit)) do
      table.insert(result, ending)
      table.insert(result, n)
      table.insert(result, remove(n))
    end
  end
  collect(KEYS[4], now - lifetime, 'lifetime')
  collect(KEYS[3], now - idle, 'idle')
  return result

elseif op == 'move' then
  -- a key rotation: the record named ARGV[7] under the previous key, moved to this name with its times and
  -- generation kept, sealed again (ARGV[8]) and with its comparison values named again (ARGV[9..12]: cred, api,
  -- owner, client). 0 when there is nothing to move or this name is taken (another replica moved it first).
  local old = ARGV[7]
  if redis.call('EXISTS', record_key(old)) == 0 or redis.call('EXISTS', KEYS[1]) == 1 then
    return 0
  end
  local held = redis.call('HMGET', record_key(old), 'gen', 'opened', 'used', 'validated')
  local opened, used = redis.call('ZSCORE', KEYS[4], old), redis.call('ZSCORE', KEYS[3], old)
  remove(old)
  local owner, client = ARGV[11], ARGV[12]
  redis.call('HSET', KEYS[1], 'blob', ARGV[8], 'gen', held[1], 'cred', ARGV[9], 'api', ARGV[10], 'owner', owner,
    'client', client, 'opened', held[2], 'used', held[3], 'validated', held[4])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[6]) + 86400000)
  redis.call('ZADD', KEYS[3], used or held[3], name)
  redis.call('ZADD', KEYS[4], opened or held[2], name)
  redis.call('HSET', KEYS[5], name, owner .. ' ' .. client)
  if owner ~= '' then
    count(KEYS[6], owner, 1)
  end
  count(KEYS[7], client, 1)
  return 1

elseif op == 'size' then
  return redis.call('ZCARD', KEYS[3])

elseif op == 'names' then
  -- every stored record (name and sealed record), for an operator's or a test's count of what is held
  local result = {}
  for _, n in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do
    table.insert(result, n)
    table.insert(result, redis.call('HGET', record_key(n), 'blob') or '')
  end
  return result
end
return redis.error_reply('unknown operation')
