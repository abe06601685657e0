-- One gift send, atomically: replay check, funds check, debit, credit, combo, leaderboard, ledger, event.
-- KEYS: 1 idempotency hash, 2 sender wallet, 3 recipient wallet, 4 room combos hash, 5 leaderboard zset,
--       6 leaderboard names hash, 7 ledger stream, 8 gifts stream
-- ARGV: 1 txId, 2 room, 3 sender, 4 sender name, 5 recipient, 6 gift, 7 count, 8 amount, 9 combo field,
--       10 combo window ms, 11 idempotency ttl ms, 12 leaderboard ttl ms, 13 gifts stream max length
-- Reply: {'OK', txId, balance, combo, amount, ts, replay 0|1} or {'INSUFFICIENT_FUNDS', balance}
local first = redis.call('HMGET', KEYS[1], 'txId', 'balance', 'combo', 'amount', 'ts')
if first[1] then
  return {'OK', first[1], tonumber(first[2]), tonumber(first[3]), tonumber(first[4]), tonumber(first[5]), 1}
end

local amount = tonumber(ARGV[8])
local balance = tonumber(redis.call('HGET', KEYS[2], 'balance') or '0')
if balance < amount then
  return {'INSUFFICIENT_FUNDS', balance}
end

-- Redis's clock, so every node agrees on combo windows and event times.
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)

balance = redis.call('HINCRBY', KEYS[2], 'balance', -amount)
redis.call('HINCRBY', KEYS[3], 'earnings', amount)

local count = tonumber(ARGV[7])
local window = tonumber(ARGV[10])
local combo = count
local open = redis.call('HGET', KEYS[4], ARGV[9])
if open then
  local sep = string.find(open, ':', 1, true)
  if tonumber(string.sub(open, sep + 1)) > now then
    combo = tonumber(string.sub(open, 1, sep - 1)) + count
  end
end
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

redis.call('HSET', KEYS[1], 'txId', ARGV[1], 'balance', balance, 'combo', combo, 'amount', amount, 'ts', ts)
redis.call('PEXPIRE', KEYS[1], ARGV[11])
return {'OK', ARGV[1], balance, combo, amount, now, 0}
