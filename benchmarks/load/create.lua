-- wrk script: POST /api/admin/users/ with the realistic create body (names, an E.164 phone, a language, metadata,
-- three tags, two addresses with phones), a unique email on every request, and a count of answers that are not 201.
-- Arguments after "--": the token, a tag that keeps this run's emails apart from earlier runs', and optionally
-- "e164" (the addresses' phone numbers in E.164 instead of one international and one national format, for the
-- Spring Boot peer, compare.sh, which accepts E.164 only) and "key" (a unique Idempotency-Key with every request).
--   wrk -t2 -c16 -d15s -s create.lua http://127.0.0.1:8080 -- TOKEN RUN [e164] [key]

local threads = {}

function setup(thread)
  thread:set("number", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  token = args[1] or error("create.lua needs the token as its first argument")
  run = args[2] or tostring(os.time())
  local options = {}
  for i = 3, #args do
    options[args[i]] = true
  end
  if options.e164 then
    phones = {"+12015550123", "+4930123456"}
  else
    phones = {"+1 201-555-0123", "030 123456"}
  end
  with_key = options.key == true
  sent = 0
  non201 = 0
  first_other = ""
end

local template = [[{"email": "%s", "first_name": "Jane", "last_name": "Doe", "phone_number": "+14155552671",
"language": "en", "accepts_marketing": true, "ip": "203.0.113.7",
"user_agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
"metadata": {"source": "checkout", "loyalty": {"tier": "gold", "points": 1200}},
"tags": ["vip", "newsletter", "b2b"],
"addresses": [
 {"country": "US", "first_name": "Jane", "last_name": "Doe", "line1": "1600 Amphitheatre Parkway",
  "line4": "Mountain View", "state": "CA", "postcode": "94043", "phone_number": "%s",
  "is_default_for_billing": true, "is_default_for_shipping": true},
 {"country": "DE", "first_name": "Jane", "last_name": "Doe", "line1": "Unter den Linden 77", "line4": "Berlin",
  "postcode": "10117", "phone_number": "%s"}]}]]

function request()
  sent = sent + 1
  local email = string.format("load.%s.%d.%d@example.com", run, number, sent)
  local headers = {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["X-29next-API-Version"] = "unstable",
  }
  if with_key then
    headers["Idempotency-Key"] = string.format("load-%s-%d-%d", run, number, sent)
  end
  return wrk.format("POST", "/api/admin/users/", headers, string.format(template, email, phones[1], phones[2]))
end

function response(status, headers, body)
  if status ~= 201 then
    non201 = non201 + 1
    if first_other == "" then
      first_other = status .. " " .. string.sub(body, 1, 200)
    end
  end
end

function done(summary, latency, requests)
  local others = 0
  local example = ""
  for _, thread in ipairs(threads) do
    others = others + thread:get("non201")
    if example == "" then
      example = thread:get("first_other")
    end
  end
  local errors = summary.errors
  io.write(string.format(
      "RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f unexpected=%d socket_errors=%d\n",
      summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, others,
      errors.connect + errors.read + errors.write + errors.timeout))
  if example ~= "" then
    io.write("FIRST_UNEXPECTED " .. example .. "\n")
  end
end
