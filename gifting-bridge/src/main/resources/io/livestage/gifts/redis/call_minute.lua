-- One started minute of a paid call, atomically: replay check, order check, funds check, debit, credit,
-- ledger entry. Nothing is reserved between minutes, so there is never a hold to release.
-- KEYS: 1 call hash, 2 caller wallet, 3 consultant wallet, 4 ledger stream
-- ARGV: 1 txId, 2 callId, 3 room, 4 caller, 5 consultant, 6 minute, 7 rate, 8 call hash ttl ms
-- Reply: {'OK', txId, balance, charged, replay 0|1}, {'INSUFFICIENT_FUNDS', balance},
--        {'CONFLICT', reason}
local minute = ARGV[6]
local seen = redis.call('HMGET', KEYS[1], 'tx:' .. minute, 'balance:' .. minute, 'charged:' .. minute)
if seen[1] then
  return {'OK', seen[1], tonumber(seen[2]), tonumber(seen[3]), 1}
end

local call = redis.call('HMGET', KEYS[1], 'caller', 'consultant', 'minutes', 'charged')
if call[1] and (call[1] ~= ARGV[4] or call[2] ~= ARGV[5]) then
  return {'CONFLICT', 'call ' .. ARGV[2] .. ' belongs to other users'}
end
local next = tonumber(call[3] or '0')
if tonumber(minute) ~= next then
  return {'CONFLICT', 'minute ' .. minute .. ' is out of order: the next is ' .. next}
end

local rate = tonumber(ARGV[7])
local balance = tonumber(redis.call('HGET', KEYS[2], 'balance') or '0')
if balance < rate then
  return {'INSUFFICIENT_FUNDS', balance}
end

balance = redis.call('HINCRBY', KEYS[2], 'balance', -rate)
redis.call('HINCRBY', KEYS[3], 'earnings', rate)
local charged = tonumber(call[4] or '0') + rate

local clock = redis.call('TIME')
local now = string.format('%d', tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000))
redis.call('XADD', KEYS[4], '*', 'txId', ARGV[1], 'kind', 'call_minute', 'from', ARGV[4], 'to', ARGV[5],
  'room', ARGV[3], 'gift', '', 'count', '1', 'amount', ARGV[7], 'time', now, 'call', ARGV[2], 'minute', minute)

redis.call('HSET', KEYS[1], 'caller', ARGV[4], 'consultant', ARGV[5], 'minutes', next + 1, 'charged', charged,
  'tx:' .. minute, ARGV[1], 'balance:' .. minute, balance, 'charged:' .. minute, charged)
redis.call('PEXPIRE', KEYS[1], ARGV[8])
return {'OK', ARGV[1], balance, charged, 0}
