-- A coin purchase, once per purchase id: a retry returns the balance right after the first credit.
-- KEYS: 1 purchase string, 2 wallet hash, 3 ledger stream
-- ARGV: 1 user, 2 coins, 3 purchase id, 4 txId
local first = redis.call('GET', KEYS[1])
if first then
  return tonumber(first)
end
local balance = redis.call('HINCRBY', KEYS[2], 'balance', ARGV[2])
redis.call('SET', KEYS[1], balance)
local clock = redis.call('TIME')
local now = string.format('%d', tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000))
redis.call('XADD', KEYS[3], '*', 'txId', ARGV[4], 'kind', 'credit', 'from', '', 'to', ARGV[1],
  'room', '', 'gift', '', 'count', '0', 'amount', ARGV[2], 'time', now, 'purchase', ARGV[3])
return balance
