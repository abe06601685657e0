-- A show's top gifters with their names in one round trip.
-- KEYS: 1 leaderboard zset, 2 names hash; ARGV: 1 how many
-- Reply: flat {userId, name, coins, ...}, coins descending
local top = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES')
local out = {}
for i = 1, #top, 2 do
  out[#out + 1] = top[i]
  out[#out + 1] = redis.call('HGET', KEYS[2], top[i]) or ''
  out[#out + 1] = top[i + 1]
end
return out
