-- One acquisition from a rolling rate window, on the server's clock, so that every replica counts in one window.
-- KEYS[1]  the window: a sorted set of acquisition times (milliseconds; 13 digits, exact as Lua numbers and as the
--          strings Redis makes of them)
-- ARGV[1]  the limit per period
-- ARGV[2]  the period, milliseconds
-- ARGV[3]  a member unique to this acquisition (two in one millisecond must both count)
-- Returns 1 when counted, 0 when the window is full (nothing counted).
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local period = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - period)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  return 0
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], period)
return 1
