-- POST /api/match with records drawn at random from records.jsonl (one JSON body per line).
local records = {}
local token = os.getenv("TOKEN")

init = function(args)
  for line in io.lines(os.getenv("RECORDS") or "records.jsonl") do records[#records + 1] = line end
end

request = function()
  local body = records[math.random(#records)]
  return wrk.format("POST", "/api/match", { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end
