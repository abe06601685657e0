-- A coin purchase, once per purchase id: a retry returns the balance right after the first credit. Everything
-- is read and checked before the first write, as Redis does not roll a failed script back.
-- KEYS: 1 purchase hash, 2 wallet hash, 3 ledger stream
-- ARGV: 1 user, 2 coins, 3 purchase id, 4 txId
-- Reply: {'OK', balance}, {'CONFLICT', reason} or {'INVALID_STATE', reason}
local types = {'hash', 'hash', 'stream'}
for i, wanted in ipairs(types) do
  local found = redis.call('TYPE', KEYS[i]).ok
  if found ~= 'none' and found ~= wanted then
    return {'INVALID_STATE', KEYS[i] .. ' is a ' .. found .. ', not a ' .. wanted}
  end
end

local first = redis.call('HMGET', KEYS[1], 'user', 'coins', 'balance')
if first[3] then
  -- A purchase id names one purchase: crediting it to someone else or with other coins is a platform bug.
  if first[1] ~= ARGV[1] or first[2] ~= ARGV[2] then
    return {'CONFLICT', 'purchase ' .. ARGV[3] .. ' was already credited with other terms'}
  end
  return {'OK', tonumber(first[3])}
end

local balance = redis.call('HGET', KEYS[2], 'balance')
if balance and (not string.match(balance, '^%-?%d+$') or #balance > 15) then
  return {'INVALID_STATE', 'the balance of ' .. KEYS[2] .. ' is not a whole number'}
end

local clock = redis.call('TIME')
local now = string.format('%d', tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000))
balance = redis.call('HINCRBY', KEYS[2], 'balance', ARGV[2])
redis.call('HSET', KEYS[1], 'user', ARGV[1], 'coins', ARGV[2], 'balance', balance)
redis.call('XADD', KEYS[3], '*', 'txId', ARGV[4], 'kind', 'credit', 'from', '', 'to', ARGV[1],
  'room', '', 'gift', '', 'count', '0', 'amount', ARGV[2], 'time', now, 'purchase', ARGV[3])
return {'OK', balance}
