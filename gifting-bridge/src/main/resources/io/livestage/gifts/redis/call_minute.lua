-- One started minute of a paid call, atomically: replay check, terms and order check, funds check, debit,
-- credit, ledger entry. Nothing is reserved between minutes, so there is never a hold to release. Everything
-- is read and checked before the first write, as Redis does not roll a failed script back.
-- KEYS: 1 call hash, 2 caller wallet, 3 consultant wallet, 4 ledger stream
-- ARGV: 1 txId, 2 callId, 3 room, 4 caller, 5 consultant, 6 minute, 7 rate, 8 call hash ttl ms
-- Reply: {'OK', txId, balance, charged, replay 0|1}, {'INSUFFICIENT_FUNDS', balance},
--        {'CONFLICT', reason} or {'INVALID_STATE', reason}
local types = {'hash', 'hash', 'hash', 'stream'}
for i, wanted in ipairs(types) do
  local found = redis.call('TYPE', KEYS[i]).ok
  if found ~= 'none' and found ~= wanted then
    return {'INVALID_STATE', KEYS[i] .. ' is a ' .. found .. ', not a ' .. wanted}
  end
end

local function whole(value)
  return value == false or (string.match(value, '^%-?%d+$') ~= nil and #value <= 15)
end

local minute = ARGV[6]
local call = redis.call('HMGET', KEYS[1], 'caller', 'consultant', 'room', 'rate', 'minutes', 'charged',
  'tx:' .. minute, 'balance:' .. minute, 'charged:' .. minute)
-- A call id stands for one call between two people at one rate, in one room: anything else is a bug.
if call[1] and (call[1] ~= ARGV[4] or call[2] ~= ARGV[5] or call[3] ~= ARGV[3] or call[4] ~= ARGV[7]) then
  return {'CONFLICT', 'call ' .. ARGV[2] .. ' was charged on other terms'}
end
if call[7] then
  return {'OK', call[7], tonumber(call[8]), tonumber(call[9]), 1}
end
if not whole(call[5]) or not whole(call[6]) then
  return {'INVALID_STATE', 'the minutes charged of ' .. KEYS[1] .. ' are not whole numbers'}
end
local next = tonumber(call[5] or '0')
if tonumber(minute) ~= next then
  return {'CONFLICT', 'minute ' .. minute .. ' is out of order: the next is ' .. next}
end

local rate = tonumber(ARGV[7])
local balance = redis.call('HGET', KEYS[2], 'balance')
if not whole(balance) then
  return {'INVALID_STATE', 'the balance of ' .. KEYS[2] .. ' is not a whole number'}
end
if not whole(redis.call('HGET', KEYS[3], 'earnings')) then
  return {'INVALID_STATE', 'the earnings of ' .. KEYS[3] .. ' are not whole numbers'}
end
balance = tonumber(balance or '0')
if balance < rate then
  return {'INSUFFICIENT_FUNDS', balance}
end

local clock = redis.call('TIME')
local now = string.format('%d', tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000))
local charged = tonumber(call[6] or '0') + rate

balance = redis.call('HINCRBY', KEYS[2], 'balance', -rate)
redis.call('HINCRBY', KEYS[3], 'earnings', rate)
redis.call('XADD', KEYS[4], '*', 'txId', ARGV[1], 'kind', 'call_minute', 'from', ARGV[4], 'to', ARGV[5],
  'room', ARGV[3], 'gift', '', 'count', '1', 'amount', ARGV[7], 'time', now, 'call', ARGV[2], 'minute', minute)
redis.call('HSET', KEYS[1], 'caller', ARGV[4], 'consultant', ARGV[5], 'room', ARGV[3], 'rate', ARGV[7],
  'minutes', next + 1, 'charged', charged, 'tx:' .. minute, ARGV[1], 'balance:' .. minute, balance,
  'charged:' .. minute, charged)
redis.call('PEXPIRE', KEYS[1], ARGV[8])
return {'OK', ARGV[1], balance, charged, 0}
