-- wrk script for bench/run: every request posts a new guest comment (its own name, email and
-- text, so no rule takes it for a duplicate) and counts the answers. Dateline acknowledges a
-- stored comment with 303 See Other back to the article; a refused one gets 422 and the form.
--
--   wrk -t2 -c64 -d20s -s bench/comments.lua http://127.0.0.1:18080/article/<slug>/comments -- <run id> <origin>

local threads = {}

function setup(thread)
   thread:set("thread_no", #threads + 1)
   table.insert(threads, thread)
end

function init(args)
   run_id = args[1] or "run"
   origin = args[2] or "http://127.0.0.1:18080"
   sent, accepted, refused, other = 0, 0, 0, 0
   headers = {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Origin"] = origin,
   }
end

function request()
   sent = sent + 1
   local n = run_id .. "-" .. thread_no .. "-" .. sent
   local body = "name=Load+reader+" .. n
      .. "&email=load-" .. n .. "%40bench.example"
      .. "&body=Comment+" .. n .. "+posted+by+the+benchmark."
      .. "&website="
   return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
   if status == 303 then
      accepted = accepted + 1
   elseif status == 422 then
      refused = refused + 1
   else
      other = other + 1
   end
end

function done(summary, latency, requests)
   local totals = { sent = 0, accepted = 0, refused = 0, other = 0 }
   for _, thread in ipairs(threads) do
      for key, _ in pairs(totals) do
         totals[key] = totals[key] + (thread:get(key) or 0)
      end
   end
   io.write(string.format("comments: sent=%d accepted=%d refused=%d other=%d duration_us=%d\n",
      totals.sent, totals.accepted, totals.refused, totals.other, summary.duration))
end
