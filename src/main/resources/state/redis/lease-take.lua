-- Takes one concurrency lease, on the server's clock. A lease not released lapses at its deadline (its replica died).
-- KEYS[1]  the leases of one key: a sorted set of members scored by their deadlines (milliseconds)
-- ARGV[1]  the number of leases the key may hold at once
-- ARGV[2]  how long this lease may be held at most, milliseconds
-- ARGV[3]  a member unique to this lease (what its release removes)
-- Returns 1 when taken, 0 when every lease of the key is held.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  return 0
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
-- the key lives exactly as long as its latest lease
local latest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], latest[2])
return 1
