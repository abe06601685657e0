-- Reverses one gift or call-minute ledger entry (a refund), once: the entry's amount leaves the recipient's
-- earnings and returns to the payer's balance, recorded as a 'reversal' ledger entry; the original stays.
-- Everything is read and checked before the first write, as Redis does not roll a failed script back.
-- KEYS: 1 reversal hash, 2 reversed-entry string, 3 ledger stream, 4 payer wallet, 5 recipient wallet
-- ARGV: 1 reversal id, 2 ledger id, 3 txId of the entry, 4 new txId, 5 payer, 6 recipient
--       (the caller read the entry to name the wallets; it is read again here and must still say so)
-- Reply: {'OK', txId, reversed txId, kind, payer, recipient, amount, balance, earnings, replay 0|1},
--        {'INSUFFICIENT_FUNDS', earnings}, {'NOT_FOUND', reason}, {'BAD_REQUEST', reason},
--        {'CONFLICT', reason} or {'INVALID_STATE', reason}
local types = {'hash', 'string', 'stream', 'hash', 'hash'}
for i, wanted in ipairs(types) do
  local found = redis.call('TYPE', KEYS[i]).ok
  if found ~= 'none' and found ~= wanted then
    return {'INVALID_STATE', KEYS[i] .. ' is a ' .. found .. ', not a ' .. wanted}
  end
end

local function whole(value)
  return value == false or (string.match(value, '^%-?%d+$') ~= nil and #value <= 15)
end

local first = redis.call('HMGET', KEYS[1], 'ledger', 'txId', 'reversalTx', 'kind', 'from', 'to', 'amount',
  'balance', 'earnings')
if first[1] then
  -- A reversal id stands for one refund: the same id for another entry is the platform's bug, not a retry.
  if first[1] ~= ARGV[2] or first[2] ~= ARGV[3] then
    return {'CONFLICT', 'reversal ' .. ARGV[1] .. ' was already used for another ledger entry'}
  end
  return {'OK', first[3], first[2], first[4], first[5], first[6], tonumber(first[7]), tonumber(first[8]),
    tonumber(first[9]), 1}
end

local found = redis.call('XRANGE', KEYS[3], ARGV[2], ARGV[2])
if #found == 0 then
  return {'NOT_FOUND', 'no ledger entry ' .. ARGV[2]}
end
local entry = {}
local flat = found[1][2]
for i = 1, #flat, 2 do
  entry[flat[i]] = flat[i + 1]
end
if entry['txId'] ~= ARGV[3] then
  return {'NOT_FOUND', 'ledger entry ' .. ARGV[2] .. ' is not transaction ' .. ARGV[3]}
end
if entry['kind'] ~= 'gift' and entry['kind'] ~= 'call_minute' then
  return {'BAD_REQUEST', 'only gifts and call minutes are reversed; ' .. ARGV[2] .. ' is a ' .. tostring(entry['kind'])}
end
local by = redis.call('GET', KEYS[2])
if by then
  return {'CONFLICT', 'ledger entry ' .. ARGV[2] .. ' was already reversed by ' .. by}
end
if entry['from'] ~= ARGV[5] or entry['to'] ~= ARGV[6] then
  return {'INVALID_STATE', 'ledger entry ' .. ARGV[2] .. ' changed while it was being reversed'}
end
if entry['amount'] == nil or not whole(entry['amount']) then
  return {'INVALID_STATE', 'the amount of ledger entry ' .. ARGV[2] .. ' is not a whole number'}
end
local amount = tonumber(entry['amount'])
local balance = redis.call('HGET', KEYS[4], 'balance')
if not whole(balance) then
  return {'INVALID_STATE', 'the balance of ' .. KEYS[4] .. ' is not a whole number'}
end
local earnings = redis.call('HGET', KEYS[5], 'earnings')
if not whole(earnings) then
  return {'INVALID_STATE', 'the earnings of ' .. KEYS[5] .. ' are not a whole number'}
end
-- No wallet goes negative: earnings already paid out cannot be given back from here.
if tonumber(earnings or '0') < amount then
  return {'INSUFFICIENT_FUNDS', tonumber(earnings or '0')}
end

local clock = redis.call('TIME')
local now = string.format('%d', tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000))
earnings = redis.call('HINCRBY', KEYS[5], 'earnings', -amount)
balance = redis.call('HINCRBY', KEYS[4], 'balance', amount)
redis.call('XADD', KEYS[3], '*', 'txId', ARGV[4], 'kind', 'reversal', 'from', ARGV[6], 'to', ARGV[5],
  'room', entry['room'] or '', 'gift', entry['gift'] or '', 'count', entry['count'] or '0', 'amount', entry['amount'],
  'time', now, 'call', entry['call'] or '', 'minute', entry['minute'] or '-1', 'reverses', ARGV[3],
  'reversal', ARGV[1], 'entry', ARGV[2])
redis.call('SET', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[1], 'ledger', ARGV[2], 'txId', ARGV[3], 'reversalTx', ARGV[4], 'kind', entry['kind'],
  'from', ARGV[5], 'to', ARGV[6], 'amount', entry['amount'], 'balance', balance, 'earnings', earnings)
return {'OK', ARGV[4], ARGV[3], entry['kind'], ARGV[5], ARGV[6], amount, balance, earnings, 0}
