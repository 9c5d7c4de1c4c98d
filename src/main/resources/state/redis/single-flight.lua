-- One piece of work done once across gateways (RedisSingleFlights).
-- KEYS[1] the leader key (its value: the leader's own random token), KEYS[2] the published outcome
-- ARGV[1] operation: claim | finish | poll
--   claim  ARGV[2] token, ARGV[3] hold (ms): 1 when this caller now leads (an older outcome is dropped), else 0
--   finish ARGV[2] token, ARGV[3] outcome, ARGV[4] how long it is kept (ms): publishes it, frees the key if still ours
--   poll   {outcome or '', 1 when a leader holds the key}
local op = ARGV[1]
if op == 'claim' then
  if redis.call('SET', KEYS[1], ARGV[2], 'NX', 'PX', ARGV[3]) then
    redis.call('DEL', KEYS[2])
    return 1
  end
  return 0
elseif op == 'finish' then
  redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[4])
  if redis.call('GET', KEYS[1]) == ARGV[2] then
    redis.call('DEL', KEYS[1])
  end
  return 1
elseif op == 'poll' then
  return {redis.call('GET', KEYS[2]) or '', redis.call('EXISTS', KEYS[1])}
end
return redis.error_reply('unknown operation')
