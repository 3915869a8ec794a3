-- wrk script for bench/ingest_bench.py: Telegram updates from USERS registered didis (chat ids
-- 900000001..), each a realistic listing message, every update_id unique (ID_BASE + thread + count).
local users = tonumber(os.getenv("USERS") or "2000")
local id_base = tonumber(os.getenv("ID_BASE") or "0")
local secret = os.getenv("SECRET") or ""
local texts = {
  "50 kilo makhana hai 700 rupaye kilo", "20 kg shahad hai 450 rs kilo", "मेरे पास 30 किलो मखाना है 650 रुपये किलो",
  "100 kilo aloo hai 14 rupaye kilo", "2 quintal pyaz 1800 rupaye quintal", "10 saree hai 800 rupaye piece",
  "25 kilo haldi hai 120 rupaye kilo", "40 litre doodh 50 rupaye litre", "makhana 15 kilo 720", "5 quintal gehu hai",
}
local threads = {}
local n_threads = 0

function setup(thread)
  thread:set("tid", n_threads)
  n_threads = n_threads + 1
  table.insert(threads, thread)
end

function init(args)
  count = 0
  math.randomseed(tid * 7919 + id_base)
  headers = {["Content-Type"] = "application/json", ["X-Telegram-Bot-Api-Secret-Token"] = secret}
end

function request()
  count = count + 1
  local chat = 900000000 + math.random(users)
  local update_id = id_base + tid * 100000000 + count
  local body = string.format(
    '{"update_id":%d,"message":{"message_id":%d,"date":1764600000,"chat":{"id":%d,"type":"private","first_name":"Didi"},' ..
    '"from":{"id":%d,"is_bot":false,"first_name":"Didi"},"text":"%s"}}',
    update_id, count, chat, chat, texts[math.random(#texts)])
  return wrk.format("POST", "/webhook/telegram", headers, body)
end

function done(summary, latency, requests)
  local s = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"non2xx":%d,"socket_errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), s.status,
    s.connect + s.read + s.write + s.timeout))
end
