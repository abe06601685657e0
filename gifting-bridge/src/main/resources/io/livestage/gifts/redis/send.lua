-- One gift send, atomically: replay check, funds check, debit, credit, combo, leaderboard, ledger, event.
-- Redis does not roll a script back when a command in it fails, so everything is read and checked before the
-- first write: a send is applied whole or not at all.
-- KEYS: 1 idempotency hash, 2 sender wallet, 3 recipient wallet, 4 room combos hash, 5 leaderboard zset,
--       6 leaderboard names hash, 7 ledger stream, 8 gifts stream
-- ARGV: 1 txId, 2 room, 3 sender, 4 sender name, 5 recipient, 6 gift, 7 count, 8 amount, 9 combo field,
--       10 combo window ms, 11 idempotency ttl ms, 12 leaderboard ttl ms, 13 gifts stream max length
-- Reply: {'OK', txId, balance, combo, amount, ts, replay 0|1}, {'INSUFFICIENT_FUNDS', balance},
--        {'CONFLICT', reason} or {'INVALID_STATE', reason}

-- Every key must be absent or of the type this script writes.
local types = {'hash', 'hash', 'hash', 'hash', 'zset', 'hash', 'stream', 'stream'}
for i, wanted in ipairs(types) do
  local found = redis.call('TYPE', KEYS[i]).ok
  if found ~= 'none' and found ~= wanted then
    return {'INVALID_STATE', KEYS[i] .. ' is a ' .. found .. ', not a ' .. wanted}
  end
end

-- A coin amount as stored: absent is 0; anything but a whole number Lua's doubles hold exactly is refused,
-- because HINCRBY would fail on it after other writes, or the checks below would compare wrongly.
local function coins(key, field)
  local value = redis.call('HGET', key, field)
  if not value then
    return 0
  end
  if not string.match(value, '^%-?%d+$') or #value > 15 then
    return nil
  end
  return tonumber(value)
end

local first = redis.call('HMGET', KEYS[1], 'txId', 'balance', 'combo', 'amount', 'ts', 'room', 'to', 'gift', 'count')
if first[1] then
  -- The key stands for one intended send: the same key for another gift is a client bug, not a retry.
  if first[6] ~= ARGV[2] or first[7] ~= ARGV[5] or first[8] ~= ARGV[6] or first[9] ~= ARGV[7] then
    return {'CONFLICT', 'key was already used for another gift'}
  end
  return {'OK', first[1], tonumber(first[2]), tonumber(first[3]), tonumber(first[4]), tonumber(first[5]), 1}
end

local amount = tonumber(ARGV[8])
local balance = coins(KEYS[2], 'balance')
if not balance then
  return {'INVALID_STATE', 'the balance of ' .. KEYS[2] .. ' is not a whole number'}
end
if not coins(KEYS[3], 'earnings') then
  return {'INVALID_STATE', 'the earnings of ' .. KEYS[3] .. ' are not a whole number'}
end
if balance < amount then
  return {'INSUFFICIENT_FUNDS', balance}
end

-- Redis's clock, so every node agrees on combo windows and event times.
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)

local count = tonumber(ARGV[7])
local window = tonumber(ARGV[10])
local combo = count
-- A combo is presentation, not money: one that cannot be read simply starts again.
local open = redis.call('HGET', KEYS[4], ARGV[9])
if open then
  local running, closes = string.match(open, '^(%d+):(%d+)$')
  if running and tonumber(closes) > now then
    combo = tonumber(running) + count
  end
end

-- Checked; from here on every command writes and none can fail on what it finds.
balance = redis.call('HINCRBY', KEYS[2], 'balance', -amount)
redis.call('HINCRBY', KEYS[3], 'earnings', amount)

redis.call('HSET', KEYS[4], ARGV[9], string.format('%d:%d', combo, now + window))
-- Every combo of the room closes at most one window after its last gift, so the hash can go then.
redis.call('PEXPIRE', KEYS[4], window)

redis.call('ZINCRBY', KEYS[5], amount, ARGV[3])
redis.call('HSET', KEYS[6], ARGV[3], ARGV[4])
redis.call('PEXPIRE', KEYS[5], ARGV[12])
redis.call('PEXPIRE', KEYS[6], ARGV[12])

local ts = string.format('%d', now)
redis.call('XADD', KEYS[7], '*', 'txId', ARGV[1], 'kind', 'gift', 'from', ARGV[3], 'to', ARGV[5],
  'room', ARGV[2], 'gift', ARGV[6], 'count', ARGV[7], 'amount', ARGV[8], 'time', ts)
redis.call('XADD', KEYS[8], 'MAXLEN', '~', ARGV[13], '*', 'room', ARGV[2], 'txId', ARGV[1],
  'from', ARGV[3], 'fromName', ARGV[4], 'to', ARGV[5], 'gift', ARGV[6], 'count', ARGV[7],
  'combo', string.format('%d', combo), 'amount', ARGV[8], 'ts', ts)

redis.call('HSET', KEYS[1], 'txId', ARGV[1], 'balance', balance, 'combo', combo, 'amount', amount, 'ts', ts,
  'room', ARGV[2], 'to', ARGV[5], 'gift', ARGV[6], 'count', ARGV[7])
redis.call('PEXPIRE', KEYS[1], ARGV[11])
return {'OK', ARGV[1], balance, combo, amount, now, 0}
