-- The Lua workload of bench/compare.sh: recursion, string building and matching, table sorting
-- and closures. Deterministic (its own generator), so every engine must print the same lines.

local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end
print("fib(25) = " .. fib(25))

-- A fixed linear congruential generator (31-bit state).
local state = 42
local function random(limit)
  state = (state * 1103515245 + 12345) % 2147483648
  return state % limit
end

-- Strings: build, format, search, substitute, split.
local words = {}
for i = 1, 8000 do
  words[i] = string.format("w%05d_%s", random(100000), string.rep("ab", 1 + i % 4))
end
local text = table.concat(words, " ")
local vowels = select(2, text:gsub("[aeiou]", ""))
local count, total = 0, 0
for number in text:gmatch("w(%d+)_") do
  count = count + 1
  total = total + tonumber(number)
end
local upper = text:upper():sub(1, 40)
local reversed = text:reverse():sub(1, 20)
print(string.format("strings: %d bytes, %d vowels, %d numbers summing to %d", #text, vowels,
                    count, total))
print("upper: " .. upper)
print("reversed: " .. reversed)

-- Tables: sort numbers with and without a comparator, sort strings, hash lookups.
local numbers = {}
for i = 1, 50000 do numbers[i] = random(1000000) end
table.sort(numbers)
local sorted = true
for i = 2, #numbers do
  if numbers[i - 1] > numbers[i] then sorted = false end
end
local records = {}
for i = 1, 15000 do records[i] = {key = random(5000), id = i} end
table.sort(records, function(a, b)
  if a.key ~= b.key then return a.key > b.key end
  return a.id < b.id
end)
table.sort(words)
local index = {}
for i, word in ipairs(words) do index[word] = i end
local found = 0
for i = 1, #words, 7 do
  if index[words[i]] == i then found = found + 1 end
end
print(string.format("tables: sorted %s, min %d, max %d, median %d", tostring(sorted), numbers[1],
                    numbers[#numbers], numbers[#numbers // 2]))
print(string.format("records: first %d/%d, last %d/%d", records[1].key, records[1].id,
                    records[#records].key, records[#records].id))
print(string.format("words: first %s, last %s, %d found", words[1], words[#words], found))

-- Closures and floating point.
local function counter(step)
  local value = 0
  return function() value = value + step; return value end
end
local adders, sum = {}, 0
for i = 1, 100 do adders[i] = counter(i) end
for _ = 1, 600 do
  for i = 1, #adders do sum = sum + adders[i]() end
end
local x = 0.0
for i = 1, 100000 do x = x + math.sin(i * 0.001) * math.sqrt(i) end
print(string.format("closures: %d, float: %.6f", sum, x))
