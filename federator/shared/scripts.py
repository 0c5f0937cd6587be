"""The Lua scripts that make each shared operation one atomic round trip to Redis.

Times come from the server's TIME, so machines whose clocks differ still agree. Scripts run
whole or not at all (https://redis.io/docs/latest/develop/interact/programmability/eval-intro/);
the keys they touch all carry our prefix (standalone Redis or Valkey, not Cluster).
"""

NOW = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
"""

# KEYS[1] the client's bucket; ARGV rate (tokens/s), burst. Returns the wait in seconds.
TAKE_TOKEN = (
    NOW
    + """
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local held = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(held[1]) or burst
local at = tonumber(held[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return tostring(wait)
"""
)

# KEYS pairs (breaker hash, probe lease) per target; ARGV token, lease ms.
# Each answer: {'closed'} | {'probe'} | {'refused', wait_s, failures, probing, error}.
ADMIT = (
    NOW
    + """
local answers = {}
for i = 1, #KEYS, 2 do
  local held = redis.call('HMGET', KEYS[i], 'opened_at', 'cooldown', 'failures', 'error')
  local answer
  if not held[1] then
    answer = {'closed'}
  else
    local reopens = tonumber(held[1]) + tonumber(held[2])
    if now >= reopens and redis.call('SET', KEYS[i + 1], ARGV[1], 'NX', 'PX', ARGV[2]) then
      answer = {'probe'}
    else
      answer = {'refused', tostring(math.max(0, reopens - now)), held[3] or '0',
                redis.call('EXISTS', KEYS[i + 1]), held[4] or ''}
    end
  end
  answers[#answers + 1] = answer
end
return answers
"""
)

# KEYS pairs as ADMIT; ARGV threshold, base cooldown, max cooldown, then per pair: token,
# is_probe ('1'/'0'), verdict ('1' ok, '0' failed, '-' nothing learned), error.
# Only a probe's failure changes the cooldown (README: circuit breakers).
SETTLE = (
    NOW
    + """
local threshold, base, max = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
for i = 1, #KEYS, 2 do
  local n = 4 + (i - 1) * 2
  local token, is_probe, verdict, err = ARGV[n], ARGV[n + 1] == '1', ARGV[n + 2], ARGV[n + 3]
  local state, probe = KEYS[i], KEYS[i + 1]
  if is_probe and redis.call('GET', probe) == token then redis.call('DEL', probe) end
  if verdict == '1' then
    redis.call('DEL', state)
  elseif verdict == '0' then
    local failures = redis.call('HINCRBY', state, 'failures', 1)
    redis.call('HSET', state, 'error', err)
    if is_probe then
      local cooldown = tonumber(redis.call('HGET', state, 'cooldown')) or base
      redis.call('HSET', state, 'opened_at', tostring(now),
                 'cooldown', tostring(math.min(cooldown * 2, max)))
    elseif not redis.call('HGET', state, 'opened_at') and failures >= threshold then
      redis.call('HSET', state, 'opened_at', tostring(now), 'cooldown', tostring(base))
    end
  end
end
return 0
"""
)

# KEYS pairs as ADMIT. Each answer: {opened_at or '', cooldown, failures, error, probing, now}.
VIEWS = (
    NOW
    + """
local answers = {}
for i = 1, #KEYS, 2 do
  local held = redis.call('HMGET', KEYS[i], 'opened_at', 'cooldown', 'failures', 'error')
  answers[#answers + 1] = {held[1] or '', held[2] or '0', held[3] or '0', held[4] or '',
                           redis.call('EXISTS', KEYS[i + 1]), tostring(now)}
end
return answers
"""
)

# KEYS[1] the use-order set, KEYS[2..] entries. Returns each value, '' for a miss; a hit
# counts as a use (least recently used go first).
FETCH = (
    NOW
    + """
local found = {}
for i = 2, #KEYS do
  local value = redis.call('GET', KEYS[i])
  if value then
    redis.call('ZADD', KEYS[1], 'XX', now, KEYS[i])
    found[#found + 1] = value
  else
    found[#found + 1] = ''
  end
end
return found
"""
)

# KEYS[1] use-order set, KEYS[2] sizes hash, KEYS[3] byte total, KEYS[4..] entries;
# ARGV[1] the byte bound, then per entry: ttl ms, value. Stores them, then evicts the least
# recently used until the total is within the bound, and forgets a few entries that expired
# by themselves. Returns how many were evicted.
STORE = (
    NOW
    + """
local order, sizes, total = KEYS[1], KEYS[2], KEYS[3]
for i = 4, #KEYS do
  local key, ttl, value = KEYS[i], ARGV[2 * (i - 4) + 2], ARGV[2 * (i - 4) + 3]
  local old = tonumber(redis.call('HGET', sizes, key)) or 0
  redis.call('SET', key, value, 'PX', ttl)
  redis.call('HSET', sizes, key, #value)
  redis.call('ZADD', order, now, key)
  redis.call('INCRBY', total, #value - old)
end
local function forget(key)
  local size = tonumber(redis.call('HGET', sizes, key)) or 0
  redis.call('HDEL', sizes, key)
  redis.call('ZREM', order, key)
  return redis.call('DECRBY', total, size)
end
for _, key in ipairs(redis.call('ZRANGE', order, 0, 15)) do
  if redis.call('EXISTS', key) == 0 then forget(key) end
end
local used = tonumber(redis.call('GET', total)) or 0
local evicted = 0
while used > tonumber(ARGV[1]) do
  local oldest = redis.call('ZRANGE', order, 0, 0)
  if #oldest == 0 then break end
  redis.call('DEL', oldest[1])
  used = forget(oldest[1])
  evicted = evicted + 1
end
return evicted
"""
)
