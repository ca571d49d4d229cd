-- GET /api/teachers/{number} for teacher numbers drawn at random from numbers.txt.
local numbers = {}
local token = os.getenv("TOKEN")

init = function(args)
  for line in io.lines(os.getenv("NUMBERS") or "numbers.txt") do numbers[#numbers + 1] = line end
end

request = function()
  local number = numbers[math.random(#numbers)]
  return wrk.format("GET", "/api/teachers/" .. number, { ["Authorization"] = "Bearer " .. token })
end
