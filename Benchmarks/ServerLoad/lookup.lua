-- Teacher lookup by number: GET /api/teachers?number=N (the summary: name, status,
-- school, masked documents), for numbers drawn at random from numbers.txt.
-- DETAIL=1 asks for the whole record instead: GET /api/teachers/N (documents,
-- assignments and the full history).
local numbers = {}
local token = os.getenv("TOKEN")
local detail = os.getenv("DETAIL") == "1"

init = function(args)
  for line in io.lines(os.getenv("NUMBERS") or "numbers.txt") do numbers[#numbers + 1] = line end
end

request = function()
  local number = numbers[math.random(#numbers)]
  local path = detail and ("/api/teachers/" .. number) or ("/api/teachers?number=" .. number)
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end
